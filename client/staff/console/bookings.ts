import { StaffBookings } from "../../../shared/protocol/bookings.ts";
import { api } from "../../net/api.ts";
import { h } from "../../ui/dom.ts";
import { slotLine } from "../bookingsPanel.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * Today's bookings in the console (issue 18): who comes when, read again every minute and when
 * the space says a booking's time has come. Changing them is on the staff page.
 */
export class BookingsConsole {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "console-list" });

  constructor(private readonly st: StaffTranslate) {
    this.element = h("section", { class: "console-bookings", "aria-labelledby": "console-bookings-title" }, h("h3", { id: "console-bookings-title" }, st("bookingsToday")), this.#list);
  }

  async load(): Promise<void> {
    const view = await api("GET", "/bookings", undefined, StaffBookings).catch(() => null);
    if (!view) return;
    // Today in the organisation's time zone, booked and not over yet.
    const todays = view.slots.filter((s) => s.date === view.today && s.student && s.endsAt > Date.now());
    this.#list.replaceChildren(...(todays.length ? todays.map((s) => h("li", {}, `${slotLine(this.st, s)} — ${s.student?.nickname ?? ""}`)) : [h("li", {}, this.st("bookingsTodayNone"))]));
  }
}
