import { zoneById } from "../../shared/domain/zones.ts";
import { DoorPlan, type PlanDay, type PlanEntry } from "../../shared/protocol/timetable.ts";
import { type Lang, localName } from "../i18n/index.ts";
import { api } from "../net/api.ts";
import { h } from "./dom.ts";
import { type PlanTranslate, dayWord, holidayWithReadings, kindWord, planWords } from "./planWords.ts";
import type { rubyNodes, zoneRuby } from "./ruby.ts";

/**
 * The timetable as a child and their family see it (issue 18): on the door, when Hidamari opens
 * next and the week ahead; in the space, what is on now and next. Loaded only once a door knows
 * whose it is (client/main.ts), with its words; a first visit carries none of it. Furigana come
 * from the page's own ruby.ts, handed in: importing it here would split it into a chunk of its
 * own, which costs the first visit more than it saves (as with the self-study panel).
 */
export interface Ruby {
  nodes: typeof rubyNodes;
  zone: typeof zoneRuby;
}
export const fetchPlan = () => api("GET", "/timetable/plan", undefined, DoorPlan);

/**
 * Fetches the plan and shows it on the door; resolves with what puts "now and next" in the space
 * once entered. A failure leaves the door as it was (open or closed still shows) and the space
 * without the line.
 */
export async function planOnDoor(door: { showPlan(section: HTMLElement | null): void }, lang: Lang, ruby: Ruby): Promise<(shell: { addPanel(panel: HTMLElement, where: "top"): void }) => void> {
  try {
    const plan = await fetchPlan();
    door.showPlan(doorPlanSection(plan, lang, Date.now(), ruby));
    return (shell) => shell.addPanel(planInSpace(plan, lang).element, "top");
  } catch {
    return () => {};
  }
}

/** The door's part: the next opening in one sentence, then the week, folded away while it is open now. Null when nothing is planned. */
export function doorPlanSection(plan: DoorPlan, lang: Lang, now: number, ruby: Ruby): HTMLElement | null {
  if (!plan.planned) return null;
  const w = planWords(lang);
  const openNow = plan.next !== null && plan.next.startsAt <= now;
  return h(
    "section",
    { class: "door-plan", "aria-labelledby": "plan-heading" },
    h("h2", { id: "plan-heading" }, w("planHeading")),
    h("p", { class: "plan-next" }, nextLine(plan, lang, w, now)),
    h(
      "details",
      { class: "plan-week", open: !openNow },
      h("summary", {}, w("weekHeading")),
      h("ul", { class: "plan-days" }, ...plan.days.map((day) => dayItem(day, plan.today, lang, w, ruby))),
    ),
  );
}

function nextLine(plan: DoorPlan, lang: Lang, w: PlanTranslate, now: number): string {
  const next = plan.next;
  if (!next) return w("noneAhead");
  if (next.startsAt > now) return w("nextOpen", { when: dayWord(lang, next.date, plan.today), from: next.from });
  const later = plan.days[0]?.hours.filter((h) => h.startsAt > next.startsAt) ?? [];
  const more = later.map((p) => w("hours", p)).join(lang === "ja" ? "、" : ", ");
  return w(more ? "openTodayMore" : "openToday", { from: next.from, to: next.to, more });
}

function dayItem(day: PlanDay, today: string, lang: Lang, w: PlanTranslate, ruby: Ruby): HTMLElement {
  const closed = day.hours.length === 0;
  const why: Array<Node | string> = [];
  if (day.off) why.push(day.off.note ? w("closedNote", { note: day.off.note }) : w("closed"));
  else if (closed) why.push(w("closed"));
  if (day.holiday) why.push(" ", ...ruby.nodes(w("holiday", { name: lang === "ja" ? holidayWithReadings(day.holiday.ja) : day.holiday.en })));
  return h(
    "li",
    { class: `plan-day${closed ? " closed" : ""}${day.date === today ? " today" : ""}` },
    h("span", { class: "plan-date" }, dayWord(lang, day.date, today)),
    " ",
    closed ? h("span", { class: "plan-closed" }, ...why) : h("span", { class: "plan-hours" }, day.hours.map((p) => w("hours", p)).join(lang === "ja" ? "、" : ", "), ...(day.holiday ? why : [])),
    day.entries.length ? h("ul", { class: "plan-entries" }, ...day.entries.map((e) => h("li", {}, ...entryNodes(e, lang, w, ruby)))) : null,
  );
}

/** "15:30〜16:30 クラブ「えの クラブ」（教室《きょうしつ》）": the title as staff wrote it, the area with its reading. */
function entryNodes(e: PlanEntry, lang: Lang, w: PlanTranslate, ruby: Ruby): Array<Node | string> {
  const line = w("entry", { from: e.from, to: e.to, kind: kindWord(lang, e.kind), title: e.title });
  if (!e.zone) return [line];
  const [open, close] = lang === "ja" ? ["（", "）"] : [" (", ")"];
  return [line, open, ...ruby.zone(e.zone, localName(zoneById(e.zone).name, lang), lang), close];
}

/**
 * In the space: what is on now and next today, said quietly (no live region: it changes by the
 * minute, and a child who wants it reads it), and the way to book a talk (its panel fetched when
 * opened). Refreshed each minute, and the plan fetched again every ten so a change by staff or
 * a new day shows.
 */
export function planInSpace(first: DoorPlan, lang: Lang): { element: HTMLElement; dispose(): void } {
  const w = planWords(lang);
  const lines = h("div", { class: "plan-lines" });
  const toggle = h("button", { type: "button", class: "small", "aria-expanded": "false" }, w("bookings"));
  const element = h("section", { class: "plan-now", "aria-label": w("todayHeading") }, lines, toggle);
  let plan = first;
  let panel: HTMLElement | null = null;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    if (panel) panel.hidden = !open;
    else if (open)
      void import("./bookingPanel.ts").then(async ({ bookingPanel }) => {
        const made = bookingPanel(lang, plan.today);
        panel = made.element;
        element.append(panel);
        await made.load().catch(() => {});
      });
  });
  const show = () => {
    const now = Date.now();
    const today = plan.days[0]?.entries ?? [];
    const on = today.find((e) => e.startsAt <= now && now < e.endsAt);
    const next = today.find((e) => e.startsAt > now);
    const line = (key: "nowOn" | "nextOn", e: PlanEntry) => h("p", {}, w(key, { kind: kindWord(lang, e.kind), title: e.title, from: e.from, to: e.to }));
    lines.replaceChildren(...(on ? [line("nowOn", on)] : []), ...(next ? [line("nextOn", next)] : []));
  };
  show();
  const minute = setInterval(show, 60_000);
  const refetch = setInterval(() => {
    fetchPlan()
      .then((fresh) => {
        plan = fresh;
        show();
      })
      .catch(() => {}); // a flaky link keeps the plan it has
  }, 600_000);
  return {
    element,
    dispose() {
      clearInterval(minute);
      clearInterval(refetch);
    },
  };
}
