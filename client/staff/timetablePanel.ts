import { z } from "zod/mini";
import { ITEM_KINDS, type ItemKind, TIMETABLE, type PlanItem, Timetable } from "../../shared/domain/timetable.ts";
import { ZONES, type ZoneId } from "../../shared/domain/zones.ts";
import { TimetableAnswer } from "../../shared/protocol/timetable.ts";
import { type Lang, localName } from "../i18n/index.ts";
import { ApiError, api } from "../net/api.ts";
import { doorPlanSection } from "../ui/doorPlan.ts";
import { h, setText } from "../ui/dom.ts";
import { kindWord } from "../ui/planWords.ts";
import { rubyNodes, zoneRuby } from "../ui/ruby.ts";
import { filled, hold, labelled, loadAgainSoon, showingErrors, untilLoaded, whileBusy } from "./form.ts";
import type { StaffKey } from "./dictionary.ts";
import type { StaffTranslate } from "./i18n.ts";

const WEEKDAY_KEYS: readonly StaffKey[] = ["weekdayMon", "weekdayTue", "weekdayWed", "weekdayThu", "weekdayFri", "weekdaySat", "weekdaySun"];
/** "10:00-12:00, 13:00-15:00": a day's opening periods as staff type them (〜 and – read as -). */
const PERIOD = /^\s*(\d{1,2}):(\d{2})\s*[-–〜~]\s*(\d{1,2}):(\d{2})\s*$/;
const pad = (hh: string, mm: string) => `${hh.padStart(2, "0")}:${mm}`;

/**
 * The timetable as staff who host the space write it (issue 18): the week's opening hours (one
 * line per weekday), what is on (weekly or on a date), days off, whether public holidays close the
 * space, and the families' calendar address. Saved whole; if someone else saved first, the server
 * says so and this panel shows theirs rather than overwriting it, with a button that puts back what
 * this person typed (nothing they wrote is lost; saving it then replaces theirs knowingly). Below,
 * the door as a child sees it.
 */
export class TimetablePanel {
  readonly element: HTMLElement;
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  /** After someone else saved first: puts back what this person had typed. */
  readonly #putBack = h("button", { type: "button", class: "small", hidden: true });
  #mine: Timetable | null = null;
  /** Whether the form was edited since `#mine` was offered (putting back would replace that too). */
  #editedSinceOffer = false;
  readonly #zone = h("input", { id: "timetable-zone", type: "text", autocomplete: "off", spellcheck: "false" });
  readonly #holidays = h("input", { id: "timetable-holidays", type: "checkbox" });
  readonly #days: HTMLInputElement[];
  readonly #items = h("ul", { class: "timetable-rows", "aria-label": "" });
  readonly #off = h("ul", { class: "timetable-rows", "aria-label": "" });
  readonly #feed = h("input", { id: "timetable-feed", type: "text", readonly: true });
  readonly #preview = h("div", { class: "timetable-preview" });
  readonly #fields: HTMLFieldSetElement;
  #version = 0;
  #rows = 0;

  constructor(
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
  ) {
    this.#days = WEEKDAY_KEYS.map((key, i) => h("input", { id: `timetable-day-${i + 1}`, type: "text", autocomplete: "off", spellcheck: "false", "aria-describedby": "timetable-hours-hint" }));
    this.#items.setAttribute("aria-label", st("timetableItems"));
    this.#off.setAttribute("aria-label", st("timetableDaysOff"));
    const save = h("button", { type: "submit", class: "primary" }, st("timetableSave"));
    const addItem = h("button", { type: "button" }, st("timetableAddItem"));
    addItem.addEventListener("click", () => this.#items.append(this.#itemRow(null)));
    const addOff = h("button", { type: "button" }, st("timetableAddDayOff"));
    addOff.addEventListener("click", () => this.#off.append(this.#offRow(null)));
    const renew = h("button", { type: "button", class: "small" }, st("timetableFeedRenew"));
    renew.addEventListener("click", () => {
      if (!window.confirm(st("timetableFeedRenewConfirm"))) return;
      void whileBusy(renew, async () => {
        const answer = await this.#call(() => api("POST", "/timetable/feed-key", {}, TimetableAnswer));
        // Only the address changes: the week being written stays as typed (and its version, so
        // that saving it still notices someone else's save).
        if (answer) this.#showSaved(answer, st("timetableFeedRenewed"));
      });
    });
    this.#putBack.textContent = st("timetablePutBack");
    this.#putBack.addEventListener("click", () => {
      const mine = this.#mine;
      if (!mine || (this.#editedSinceOffer && !window.confirm(st("timetablePutBackConfirm")))) return;
      this.#fill(mine);
      this.#offerBack(null);
      setText(this.#error, "");
      setText(this.#status, st("timetablePutBackDone"));
      this.#days[0]?.focus();
    });
    this.#fields = untilLoaded(
      h(
        "fieldset",
        {},
        h("legend", {}, st("timetableHours")),
        h("small", { id: "timetable-hours-hint" }, st("timetableHoursHint")),
        ...this.#days.map((input, i) => h("div", { class: "staff-field timetable-day" }, h("label", { for: input.id }, st(WEEKDAY_KEYS[i] as StaffKey)), input)),
      ),
      h("label", { class: "timetable-check" }, this.#holidays, st("timetableOpenOnHolidays")),
      h("fieldset", {}, h("legend", {}, st("timetableItems")), this.#items, addItem),
      h("fieldset", {}, h("legend", {}, st("timetableDaysOff")), this.#off, addOff),
      h("div", { class: "staff-field" }, h("label", { for: "timetable-zone" }, st("timetableTimeZone")), this.#zone),
      save,
    );
    const form = h("form", { class: "staff-form timetable-form", novalidate: true }, this.#fields);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const timetable = this.#read();
      if (!timetable) return;
      void whileBusy(save, async () => {
        const focused = document.activeElement;
        // Held while the save travels: what was typed meanwhile would be in neither the save nor
        // the answer that then fills the form.
        hold(this.#fields);
        let offered = false;
        try {
          setText(this.#error, "");
          this.#show(await api("PUT", "/timetable", { timetable, base: this.#version }, TimetableAnswer), st("timetableSaved"));
          this.#offerBack(null);
        } catch (failure) {
          if (failure instanceof ApiError && failure.code === "timetable_changed") offered = await this.#conflict(timetable);
          else await this.#call(() => Promise.reject(failure));
        } finally {
          filled(this.#fields);
        }
        // The button the message points to, for a keyboard; else back where they were.
        if (offered) this.#putBack.focus();
        else if (focused instanceof HTMLElement && focused !== save) focused.focus();
      });
    });
    form.addEventListener("input", () => (this.#editedSinceOffer = true));
    this.element = h(
      "section",
      { class: "registry timetable-panel", "aria-labelledby": "timetable-title" },
      h("h2", { id: "timetable-title" }, `🗓️ ${st("timetable")}`),
      h("p", { class: "lead" }, st("timetableLead")),
      this.#status,
      this.#error,
      this.#putBack,
      form,
      h("div", { class: "staff-field" }, h("label", { for: "timetable-feed" }, st("timetableFeed")), this.#feed, h("small", {}, st("timetableFeedHint")), renew),
      h("h3", {}, st("timetablePreview")),
      this.#preview,
    );
  }

  async load(): Promise<void> {
    const answer = await this.#saved();
    if (answer) this.#show(answer, "");
    else loadAgainSoon(this.#fields, () => this.load());
  }

  /** The saved timetable in the form (replacing what was typed), and around it. */
  #show(answer: TimetableAnswer, status: string): void {
    this.#version = answer.version;
    this.#fill(answer.timetable);
    filled(this.#fields);
    this.#showSaved(answer, status);
  }

  /** A timetable in the form's fields: the saved one, or the one this person had typed. */
  #fill(timetable: Timetable): void {
    this.#zone.value = timetable.timeZone;
    this.#holidays.checked = timetable.openOnPublicHolidays;
    this.#days.forEach((input, i) => {
      input.value = timetable.hours
        .filter((p) => p.weekday === i + 1)
        .sort((a, b) => a.from.localeCompare(b.from))
        .map((p) => `${p.from}-${p.to}`)
        .join(", ");
    });
    this.#items.replaceChildren(...timetable.items.map((item) => this.#itemRow(item)));
    this.#off.replaceChildren(...timetable.daysOff.map((d) => this.#offRow(d)));
  }

  /**
   * Someone else saved first: theirs is shown (what this person typed is not sent again blindly,
   * nor lost: it is offered back). False if theirs could not be read: the typing stays in the form.
   */
  async #conflict(mine: Timetable): Promise<boolean> {
    const theirs = await this.#saved();
    if (!theirs) return false;
    this.#show(theirs, "");
    setText(this.#error, this.st("errTimetableChanged"));
    this.#offerBack(mine);
    return true;
  }

  /** Offers to put back what this person typed (`mine`), or stops offering it (null). */
  #offerBack(mine: Timetable | null): void {
    this.#mine = mine;
    this.#editedSinceOffer = false;
    this.#putBack.hidden = mine === null;
  }

  /** Around the form: the families' address, and the door as the saved timetable makes it. */
  #showSaved(answer: TimetableAnswer, status: string): void {
    this.#feed.value = new URL(answer.feedPath, location.href).href;
    this.#preview.replaceChildren(doorPlanSection(answer.plan, this.lang, Date.now(), { nodes: rubyNodes, zone: zoneRuby }) ?? h("p", {}, this.st("timetableNothingPlanned")));
    setText(this.#status, status);
  }

  #itemRow(item: PlanItem | null): HTMLElement {
    const n = ++this.#rows;
    const st = this.st;
    const id = (what: string) => `timetable-item-${n}-${what}`;
    const kind = h("select", { id: id("kind") }, ...ITEM_KINDS.map((k) => h("option", { value: k, selected: item?.kind === k }, kindWord(this.lang, k))));
    const title = h("input", { id: id("title"), type: "text", maxlength: TIMETABLE.titleLength, value: item?.title ?? "" });
    const zone = h("select", { id: id("zone") }, h("option", { value: "" }, st("timetableNoArea")), ...ZONES.map((z) => h("option", { value: z.id, selected: item?.zone === z.id }, localName(z.name, this.lang))));
    const when = h(
      "select",
      { id: id("when") },
      ...WEEKDAY_KEYS.map((key, i) => h("option", { value: String(i + 1), selected: item?.weekday === i + 1 }, st("timetableEvery", { day: st(key) }))),
      h("option", { value: "date", selected: item?.date !== null && item !== null }, st("timetableOnDate")),
    );
    const date = h("input", { id: id("date"), type: "date", value: item?.date ?? "" });
    const from = h("input", { id: id("from"), type: "time", value: item?.from ?? "10:00" });
    const to = h("input", { id: id("to"), type: "time", value: item?.to ?? "11:00" });
    const syncDate = () => (date.hidden = when.value !== "date");
    when.addEventListener("change", syncDate);
    syncDate();
    const row = h(
      "li",
      { class: "timetable-item", "data-id": item?.id ?? `new-${n}-${Date.now().toString(36)}` },
      labelled(id("kind"), st("timetableKind"), kind),
      labelled(id("title"), st("timetableTitle"), title),
      labelled(id("zone"), st("timetableArea"), zone),
      labelled(id("when"), st("timetableWhen"), when, date),
      labelled(id("from"), st("timetableFrom"), from),
      labelled(id("to"), st("timetableTo"), to),
      removeButton(st("timetableRemove"), st("timetableRemoveItem", { n }), () => row.remove()),
    );
    return row;
  }

  #offRow(day: { date: string; note: string } | null): HTMLElement {
    const n = ++this.#rows;
    const id = (what: string) => `timetable-off-${n}-${what}`;
    const date = h("input", { id: id("date"), type: "date", value: day?.date ?? "" });
    const note = h("input", { id: id("note"), type: "text", maxlength: TIMETABLE.noteLength, value: day?.note ?? "" });
    const row = h(
      "li",
      { class: "timetable-off" },
      labelled(id("date"), this.st("timetableDay"), date),
      labelled(id("note"), this.st("timetableNote"), note),
      removeButton(this.st("timetableRemove"), this.st("timetableRemoveDayOff", { n }), () => row.remove()),
    );
    return row;
  }

  /** The form as a timetable, or null after saying (and focusing) what is wrong. */
  #read(): Timetable | null {
    const st = this.st;
    const wrong = (input: HTMLElement, message: string) => {
      setText(this.#error, message);
      input.focus();
      return null;
    };
    const hours: Timetable["hours"] = [];
    for (const [i, input] of this.#days.entries()) {
      for (const part of input.value.split(/[,、，]/).filter((p) => p.trim())) {
        const m = PERIOD.exec(part);
        if (!m) return wrong(input, st("errTimetablePeriod", { day: st(WEEKDAY_KEYS[i] as StaffKey), text: part.trim() }));
        hours.push({ weekday: i + 1, from: pad(m[1] ?? "", m[2] ?? ""), to: pad(m[3] ?? "", m[4] ?? "") });
      }
    }
    const items: PlanItem[] = [];
    for (const row of this.#items.querySelectorAll<HTMLElement>(".timetable-item")) {
      const [kind, zone, when] = [...row.querySelectorAll("select")].map((s) => s.value);
      const [title, date, from, to] = [...row.querySelectorAll("input")].map((i) => i.value.trim());
      const titleInput = row.querySelector("input") as HTMLInputElement;
      if (!title) return wrong(titleInput, st("errTimetableTitle"));
      if (when === "date" && !date) return wrong(row.querySelector('input[type="date"]') as HTMLElement, st("errTimetableDate"));
      items.push({
        id: (row.dataset.id ?? "").toLowerCase().replace(/[^a-z0-9-]/g, "").slice(0, 40) || `item-${items.length}`,
        kind: kind as ItemKind,
        title: title ?? "",
        zone: zone ? (zone as ZoneId) : null,
        weekday: when === "date" ? null : Number(when),
        date: when === "date" ? (date ?? null) : null,
        from: from ?? "",
        to: to ?? "",
      });
    }
    const daysOff = [...this.#off.querySelectorAll<HTMLElement>(".timetable-off")]
      .map((row) => [...row.querySelectorAll("input")].map((i) => i.value.trim()))
      .filter(([date]) => date)
      .map(([date, note]) => ({ date: date ?? "", note: note ?? "" }));
    const candidate = { timeZone: this.#zone.value.trim(), openOnPublicHolidays: this.#holidays.checked, hours, items, daysOff };
    const checked = z.safeParse(Timetable, candidate);
    if (checked.success) return checked.data;
    // What the rows above could not see: overlaps, an end before a start, an unknown time zone.
    const where = String(checked.error.issues[0]?.path[0] ?? "");
    const key: StaffKey = where === "hours" ? "errTimetableHours" : where === "items" ? "errTimetableItems" : where === "daysOff" ? "errTimetableDaysOff" : "errTimeZone";
    return wrong(where === "timeZone" ? this.#zone : (this.#days[0] as HTMLElement), st(key));
  }

  /** The timetable as the server keeps it now, or null (the error said). */
  #saved(): Promise<TimetableAnswer | null> {
    return this.#call(() => api("GET", "/timetable", undefined, TimetableAnswer));
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}


function removeButton(text: string, name: string, remove: () => void): HTMLButtonElement {
  const button = h("button", { type: "button", class: "small", "aria-label": name }, text);
  button.addEventListener("click", remove);
  return button;
}
