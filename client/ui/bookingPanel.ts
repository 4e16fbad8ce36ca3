import type { BookingKind } from "../../shared/domain/bookings.ts";
import { BOOKINGS } from "../../shared/domain/bookings.ts";
import { ChildBookings, type Slot } from "../../shared/protocol/bookings.ts";
import { type Lang, fill } from "../i18n/index.ts";
import { ApiError, api } from "../net/api.ts";
import { h, setText } from "./dom.ts";
import { dayWord } from "./planWords.ts";

/**
 * A child's own bookings (issue 18): the free counselling and tutoring times and their own, with
 * "book" and "cancel". Fetched when the child opens it (client/ui/doorPlan.ts); no one else's
 * booking is ever here (the server sends only free slots and the child's). At the booked time the
 * space knocks, as a counsellor would.
 */
const WORDS = {
  ja: {
    heading: "そうだんの よやく",
    mine: "あなたの よやく",
    noneMine: "よやくは まだ ありません。",
    free: "あいている じかん",
    noneFree: "いまは よやくできる じかんは ありません。",
    book: "よやくする",
    cancel: "とりけす",
    line: "{when} {from}〜{to} {kind}",
    booked: "{when} {from}からの よやくが とれました。その じかんに ここに いれば、おしらせします。",
    cancelled: "とりけしました。",
    taken: "ごめんね、その じかんは さきに よやくが はいりました。ほかの じかんを えらんでね。",
    tooMany: "よやくは {n}つまで です。",
    failed: "うまく いきませんでした。もう いちど ためしてね。",
  },
  en: {
    heading: "Booking a talk",
    mine: "Your bookings",
    noneMine: "No bookings yet.",
    free: "Free times",
    noneFree: "No times can be booked just now.",
    book: "Book",
    cancel: "Cancel",
    line: "{when} {from}–{to} {kind}",
    booked: "Booked: {when} at {from}. Be here then and you will be told.",
    cancelled: "Cancelled.",
    taken: "Sorry, someone booked that time just before you. Please choose another.",
    tooMany: "You can hold up to {n} bookings.",
    failed: "That did not work. Please try again.",
  },
} as const satisfies Record<Lang, Record<string, string>>;
const KINDS: Record<Lang, Record<BookingKind, string>> = {
  ja: { counselling: "（そうだん）", tutoring: "（べんきょうの サポート）" },
  en: { counselling: "(a talk)", tutoring: "(study help)" },
};

export function bookingPanel(lang: Lang, today: string): { element: HTMLElement; load(): Promise<void> } {
  const w = (key: keyof (typeof WORDS)["ja"], params?: Record<string, string | number>) => fill(WORDS[lang][key], params);
  const status = h("p", { class: "booking-status", role: "status" });
  const mine = h("ul", { class: "booking-list", "aria-labelledby": "booking-mine" });
  const free = h("ul", { class: "booking-list", "aria-labelledby": "booking-free" });
  const element = h(
    "section",
    { class: "booking-panel", "aria-labelledby": "booking-heading" },
    h("h2", { id: "booking-heading" }, w("heading")),
    status,
    h("h3", { id: "booking-mine" }, w("mine")),
    mine,
    h("h3", { id: "booking-free" }, w("free")),
    free,
  );
  const line = (s: Slot) => w("line", { when: dayWord(lang, s.date, today), from: s.from, to: s.to, kind: KINDS[lang][s.kind] });
  const show = (view: ChildBookings) => {
    mine.replaceChildren(...(view.mine.length ? view.mine.map((s) => row(s, "cancel")) : [h("li", {}, w("noneMine"))]));
    free.replaceChildren(...(view.open.length ? view.open.map((s) => row(s, "book")) : [h("li", {}, w("noneFree"))]));
  };
  const act = async (slot: Slot, what: "book" | "cancel", button: HTMLButtonElement) => {
    button.disabled = true; // a double tap sends once (and the server books once anyway)
    try {
      show(await api("POST", `/bookings/${encodeURIComponent(slot.id)}/${what}`, {}, ChildBookings));
      setText(status, what === "book" ? w("booked", { when: dayWord(lang, slot.date, today), from: slot.from }) : w("cancelled"));
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      setText(status, code === "slot_taken" ? w("taken") : code === "too_many_bookings" ? w("tooMany", { n: BOOKINGS.perChild }) : w("failed"));
      await load().catch(() => {});
    }
  };
  const row = (slot: Slot, what: "book" | "cancel") => {
    const text = line(slot);
    const button = h("button", { type: "button", class: "small", "aria-label": `${w(what)}: ${text}` }, w(what));
    button.addEventListener("click", () => void act(slot, what, button));
    return h("li", { "data-slot": slot.id }, h("span", {}, text), " ", button);
  };
  const load = async () => show(await api("GET", "/bookings/mine", undefined, ChildBookings));
  return { element, load };
}
