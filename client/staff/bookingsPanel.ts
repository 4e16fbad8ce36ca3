import { BOOKING_KINDS, BOOKINGS, type BookingKind } from "../../shared/domain/bookings.ts";
import { StaffBookings, type StaffSlot } from "../../shared/protocol/bookings.ts";
import { StudentList } from "../../shared/protocol/http.ts";
import { api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { labelled, showingErrors, whileBusy } from "./form.ts";
import type { StaffTranslate } from "./i18n.ts";

const KIND_KEY = { counselling: "bookingKindCounselling", tutoring: "bookingKindTutoring" } as const satisfies Record<BookingKind, string>;

/** "15:00〜15:20 そうだん", as staff read a slot. */
export const slotLine = (st: StaffTranslate, s: StaffSlot) => `${s.from}〜${s.to} ${st(KIND_KEY[s.kind])}`;

/**
 * Bookings on the staff page (issue 18): add times children may book (a stretch of a day cut into
 * slots), see who booked what, remove a time, cancel or book for a child. The server checks and
 * audits each act; a child never sees another's booking.
 */
export class BookingsPanel {
  readonly element: HTMLElement;
  readonly #list = h("div", { class: "bookings-days" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  #children: Array<{ id: string; nickname: string }> = [];

  constructor(private readonly st: StaffTranslate) {
    const kind = h("select", { id: "booking-kind" }, ...BOOKING_KINDS.map((k) => h("option", { value: k }, st(KIND_KEY[k]))));
    const date = h("input", { id: "booking-date", type: "date", required: true });
    const from = h("input", { id: "booking-from", type: "time", value: "15:00" });
    const to = h("input", { id: "booking-to", type: "time", value: "16:00" });
    const minutes = h("select", { id: "booking-minutes" }, ...BOOKINGS.slotMinutes.map((m) => h("option", { value: String(m), selected: m === 20 }, String(m))));
    const add = h("button", { type: "submit", class: "primary" }, st("bookingAdd"));
    const form = h(
      "form",
      { class: "staff-form bookings-form", novalidate: true },
      labelled("booking-kind", st("bookingKind"), kind),
      labelled("booking-date", st("bookingDate"), date),
      labelled("booking-from", st("bookingFrom"), from),
      labelled("booking-to", st("bookingTo"), to),
      labelled("booking-minutes", st("bookingMinutes"), minutes),
      add,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!date.value) return date.focus();
      void whileBusy(add, async () => {
        const before = this.#count;
        const view = await this.#call(() => api("POST", "/bookings/slots", { kind: kind.value, date: date.value, from: from.value, to: to.value, minutes: Number(minutes.value) }, StaffBookings));
        if (!view) return;
        this.#show(view);
        setText(this.#status, st("bookingAdded", { n: this.#count - before }));
      });
    });
    this.element = h(
      "section",
      { class: "registry bookings-panel", "aria-labelledby": "bookings-title" },
      h("h2", { id: "bookings-title" }, `📅 ${st("bookings")}`),
      h("p", { class: "lead" }, st("bookingsLead")),
      this.#status,
      this.#error,
      form,
      this.#list,
    );
  }

  #count = 0;

  async load(): Promise<void> {
    const [view, students] = await Promise.all([this.#call(() => api("GET", "/bookings", undefined, StaffBookings)), this.#call(() => api("GET", "/staff/students", undefined, StudentList))]);
    if (students) this.#children = students.students.map((s) => ({ id: s.id, nickname: s.nickname }));
    if (view) this.#show(view);
  }

  #show(view: StaffBookings): void {
    this.#count = view.slots.length;
    const days = new Map<string, StaffSlot[]>();
    for (const slot of view.slots) days.set(slot.date, [...(days.get(slot.date) ?? []), slot]);
    this.#list.replaceChildren(
      ...(days.size
        ? [...days].map(([date, slots]) => h("div", { class: "bookings-day" }, h("h3", {}, date), h("ul", { class: "admin-list" }, ...slots.map((s) => this.#row(s)))))
        : [h("p", {}, this.st("bookingNone"))]),
    );
  }

  #row(slot: StaffSlot): HTMLElement {
    const st = this.st;
    const line = slotLine(st, slot);
    const act = (path: string, body: unknown, method: "POST" | "DELETE" = "POST") => this.#call(() => api(method, path, body, StaffBookings)).then((view) => view && this.#show(view));
    const remove = h("button", { type: "button", class: "small", "aria-label": st("bookingRemoveName", { line }) }, st("bookingRemove"));
    remove.addEventListener("click", () => window.confirm(st("bookingRemoveConfirm")) && void whileBusy(remove, () => act(`/bookings/slots/${encodeURIComponent(slot.id)}`, {}, "DELETE")));
    let who: HTMLElement;
    if (slot.student) {
      const name = slot.student.nickname;
      const cancel = h("button", { type: "button", class: "small" }, st("bookingCancelFor"));
      cancel.addEventListener("click", () => window.confirm(st("bookingCancelConfirm", { name })) && void whileBusy(cancel, () => act(`/bookings/${encodeURIComponent(slot.id)}/cancel-for`, {})));
      who = h("span", {}, h("strong", {}, name), " ", cancel);
    } else {
      const id = `booking-for-${slot.id}`;
      const child = h("select", { id, "aria-label": `${st("bookingBookFor")}: ${line}` }, h("option", { value: "" }, st("bookingChooseChild")), ...this.#children.map((c) => h("option", { value: c.id }, c.nickname)));
      child.addEventListener("change", () => child.value && void act(`/bookings/${encodeURIComponent(slot.id)}/book-for`, { studentId: child.value }));
      who = h("span", {}, h("span", { class: "booking-free" }, st("bookingFree")), " ", child);
    }
    return h("li", { "data-slot": slot.id }, h("span", { class: "booking-time" }, line), " ", who, " ", remove);
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
