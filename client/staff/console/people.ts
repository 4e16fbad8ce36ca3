import { zoneById } from "../../../shared/domain/zones.ts";
import { STATUS_TEXT } from "../../i18n/codes.ts";
import type { Lang, Translate } from "../../i18n/index.ts";
import type { AvatarView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";
import type { ChildDetails } from "../../../shared/protocol/staffEvents.ts";
import { childDetailsDisclosure, showChildDetails } from "./childDetails.ts";

/** What a counsellor can do to a student from their row. */
export interface PersonActions {
  greet(id: string): void;
  invite(id: string): void;
  mute(id: string, minutes: number): void;
  remove(id: string, nickname: string): void;
  block(id: string, nickname: string): void;
  /** Hands the announcements to a student (an event's MC), or takes them back. */
  emcee(id: string, on: boolean): void;
  /** Opened one of their own child's details (their id), or closed them (null). */
  lookAt(id: string | null): void;
}

interface Row {
  avatar: AvatarView;
  isMe: boolean;
  li: HTMLLIElement;
  hand: HTMLElement;
  zone: HTMLElement;
  status: HTMLElement;
  time: HTMLElement;
  greeted: HTMLElement;
  muted: HTMLElement;
  alone: HTMLElement;
  mute: HTMLButtonElement | null;
  emcee: HTMLButtonElement | null;
  details: HTMLDetailsElement | null;
}

/**
 * Everyone present, as the console sees them: students first (in order of arrival), staff
 * after. Rows are updated in place, never rebuilt, so keyboard focus on a button survives.
 */
export class PeopleList {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #count: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #rows = new Map<string, Row>();

  constructor(
    private readonly t: Translate,
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
    private readonly actions: PersonActions,
  ) {
    this.#list = h("ul", { class: "people", "aria-label": st("present") });
    this.#count = h("span", { class: "count block" });
    this.#empty = h("p", { class: "empty" }, st("nobodyYet"));
    this.element = h("section", { class: "console-section", "aria-labelledby": "present-title" }, h("h3", { id: "present-title" }, st("present"), " ", this.#count), this.#empty, this.#list);
    this.#refreshSummary();
  }

  upsert(avatar: AvatarView, isMe: boolean): void {
    const row = this.#rows.get(avatar.id);
    if (row) {
      const zoneChanged = row.avatar.zone !== avatar.zone;
      row.avatar = avatar;
      if (zoneChanged) this.refresh();
      else this.#render(row, Date.now());
      return;
    }
    const created = this.#create(avatar, isMe);
    this.#rows.set(avatar.id, created);
    // Students go before the first staff row; staff at the end.
    const firstStaff = avatar.staff ? null : [...this.#rows.values()].find((r) => r.avatar.staff && r !== created)?.li;
    this.#list.insertBefore(created.li, firstStaff ?? null);
    this.refresh();
  }

  /** The details the server sent for a child whose details are open here. */
  showDetails(d: ChildDetails): void {
    const details = this.#rows.get(d.target)?.details;
    if (details) showChildDetails(this.st, this.lang, details, d);
  }

  remove(id: string): void {
    this.#rows.get(id)?.li.remove();
    this.#rows.delete(id);
    this.refresh();
  }

  /** Times, mutes that ran out and "alone in the quiet corner" all change without events. */
  refresh(): void {
    const now = Date.now();
    for (const row of this.#rows.values()) this.#render(row, now);
    this.#refreshSummary();
  }

  #create(avatar: AvatarView, isMe: boolean): Row {
    const { st } = this;
    const name = avatar.nickname;
    const span = (cls: string) => h("span", { class: cls });
    const row: Row = {
      avatar,
      isMe,
      li: h("li", { class: `person${avatar.staff ? " staff" : " student"}${isMe ? " me" : ""}`, "data-id": avatar.id }),
      hand: span("person-hand"),
      zone: span("person-zone"),
      status: span("person-status"),
      time: span("person-time"),
      greeted: span("person-greeted"),
      muted: span("person-muted"),
      alone: h("p", { class: "person-alone" }),
      mute: null,
      emcee: null,
      details: null,
    };
    const head = h(
      "p",
      { class: "person-head" },
      h("span", { class: "person-name" }, name),
      isMe ? h("span", { class: "person-you" }, st("you")) : null,
      avatar.staff ? h("span", { class: "staff-mark" }, st("staffMark")) : null,
      avatar.badge ? h("span", { class: "person-badge" }, avatar.badge) : null,
      row.hand,
    );
    // Another organisation's child (in a plaza): what any child sees of them, nothing more.
    const meta = avatar.staff
      ? h("p", { class: "person-meta" }, row.zone)
      : avatar.overseen
        ? h("p", { class: "person-meta" }, row.zone, row.status, row.time, row.greeted, row.muted)
        : h("p", { class: "person-meta" }, row.zone, row.status, row.muted);
    row.li.append(head, meta, row.alone);
    if (!avatar.staff) {
      const id = avatar.id;
      const button = (label: string, aria: string, onClick: () => void, cls = "") => {
        const b = h("button", { type: "button", class: `small ${cls}`.trim(), "aria-label": aria }, label);
        b.addEventListener("click", onClick);
        return b;
      };
      row.mute = button(st("mute"), st("muteName", { name }), () => this.actions.mute(id, this.#isMuted(row.avatar, Date.now()) ? 0 : 10));
      row.li.append(
        h(
          "div",
          { class: "person-actions", role: "group", "aria-label": st("actionsFor", { name }) },
          button(st("greet"), st("greetName", { name }), () => this.actions.greet(id)),
          // A private talk and the access code stay with the child's own staff (the server says so
          // too); in a plaza (where everyone wears a badge) there is no private room at all.
          avatar.overseen && !avatar.badge ? button(st("invite"), st("inviteName", { name }), () => this.actions.invite(id)) : null,
          row.mute,
          (row.emcee = button(st("emceeGive"), st("emceeGiveName", { name }), () => this.actions.emcee(id, !row.avatar.emcee))),
          button(st("remove"), st("removeName", { name }), () => this.actions.remove(id, name), "warn"),
          avatar.overseen ? button(st("block"), st("blockName", { name }), () => this.actions.block(id, name), "warn") : null,
        ),
      );
      // One's own child's details (not another organisation's in a plaza).
      if (avatar.overseen && !avatar.badge) row.li.append((row.details = childDetailsDisclosure(st, name, (open) => this.actions.lookAt(open ? id : null))));
    }
    return row;
  }

  #render(row: Row, now: number): void {
    const { t, st, lang } = this;
    const a = row.avatar;
    setText(row.zone, zoneById(a.zone).name[lang]);
    setText(row.hand, a.hand ? st("handUp") : "");
    row.li.classList.toggle("hand", a.hand);
    if (a.staff) return;
    setText(row.status, t(STATUS_TEXT[a.status]));
    row.status.classList.toggle("status-set", a.status !== "none");
    const minutes = a.since > 0 ? Math.max(0, Math.floor((now / 1000 - a.since) / 60)) : 0;
    setText(row.time, st("minutes", { n: minutes }));
    row.time.title = st("minutesLabel");
    setText(row.greeted, a.greeted ? st("greetedYes") : st("greetedNo"));
    row.greeted.classList.toggle("not-yet", !a.greeted);
    const muted = this.#isMuted(a, now);
    setText(row.muted, muted ? st("mutedMark") : "");
    if (row.emcee) {
      setText(row.emcee, st(a.emcee ? "emceeTake" : "emceeGive"));
      row.emcee.setAttribute("aria-label", st(a.emcee ? "emceeTakeName" : "emceeGiveName", { name: a.nickname }));
      row.emcee.setAttribute("aria-pressed", String(a.emcee));
    }
    if (row.mute) {
      setText(row.mute, muted ? st("unmute") : st("mute"));
      row.mute.setAttribute("aria-label", st(muted ? "unmuteName" : "muteName", { name: a.nickname }));
    }
    const alone = a.zone === "quiet" && ![...this.#rows.values()].some((r) => r !== row && r.avatar.zone === "quiet");
    setText(row.alone, alone ? `🌱 ${st("aloneQuiet")}` : "");
    row.li.classList.toggle("alone", alone);
  }

  #isMuted(a: AvatarView, now: number): boolean {
    return a.mutedUntil * 1000 > now;
  }

  #refreshSummary(): void {
    let students = 0;
    let staff = 0;
    for (const r of this.#rows.values()) {
      if (r.avatar.staff) staff++;
      else students++;
    }
    setText(this.#count, this.st("presentCount", { students, staff }));
    this.#empty.hidden = students > 0;
  }
}
