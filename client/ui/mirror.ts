import { ZONES, type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import { type Lang, type MessageKey, type Translate, localName } from "../i18n/index.ts";
import type { AvatarView } from "../net/connection.ts";
import { STATUS_TEXT } from "../i18n/codes.ts";
import { h, setText } from "./dom.ts";
import { type RubyTranslate, rubyTranslator, zoneRuby } from "./ruby.ts";

/**
 * The 3D scene told in the DOM, for everyone and for screen readers: where I am, and who is
 * here and where. Updated only when a zone or the list changes, not on every step.
 */
export class SceneMirror {
  readonly element: HTMLElement;
  readonly #where: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #count: HTMLElement;
  readonly #items = new Map<string, { li: HTMLLIElement; zone: HTMLElement; state: HTMLElement; zoneId: ZoneId; follow: HTMLButtonElement | null }>();
  readonly #t: Translate;
  readonly #rt: RubyTranslate;
  readonly #lang: Lang;
  readonly #onReport: ((id: string) => void) | undefined;
  readonly #onFollow: ((id: string | null) => void) | undefined;

  /** `onFollow` gets a person to walk after, or null to stop following. */
  constructor(t: Translate, lang: Lang, onReport?: (id: string) => void, onFollow?: (id: string | null) => void) {
    this.#t = t;
    this.#rt = rubyTranslator(lang);
    this.#lang = lang;
    this.#onReport = onReport;
    this.#onFollow = onFollow;
    this.#where = h("span", { class: "where-zone" });
    this.#list = h("ul", { class: "participants", "aria-label": t("participants") });
    this.#count = h("span", { class: "count" });
    this.element = h(
      "section",
      { class: "panel mirror", "aria-labelledby": "participants-title" },
      h("p", { class: "where", id: "where" }, h("span", {}, t("youAreIn")), this.#where),
      h("h2", { id: "participants-title" }, t("participants"), " ", this.#count),
      this.#list,
    );
  }

  /** Puts a panel (the "go to" buttons) right under "where I am". */
  addAfterWhere(panel: HTMLElement): void {
    this.#where.parentElement?.after(panel);
  }

  upsert(avatar: AvatarView, isMe: boolean): void {
    let item = this.#items.get(avatar.id);
    if (!item) {
      const zone = h("span", { class: "participant-zone" });
      const state = h("span", { class: "participant-state" });
      const report =
        this.#onReport && !isMe && !avatar.staff
          ? h("button", { type: "button", class: "report", "aria-label": this.#t("reportPerson", { name: avatar.nickname }), title: this.#t("reportPerson", { name: avatar.nickname }) }, this.#t("report"))
          : null;
      report?.addEventListener("click", () => this.#onReport?.(avatar.id));
      // "Follow" is a toggle: its name stays "Follow <name>" and aria-pressed says whether I am.
      const follow =
        this.#onFollow && !isMe
          ? h("button", { type: "button", class: "follow", "aria-pressed": "false", "aria-label": this.#t("followName", { name: avatar.nickname }) }, this.#t("follow"))
          : null;
      follow?.addEventListener("click", () => this.#onFollow?.(follow.getAttribute("aria-pressed") === "true" ? null : avatar.id));
      const li = h(
        "li",
        { class: `participant${isMe ? " me" : ""}${avatar.staff ? " staff" : ""}`, "data-id": avatar.id },
        h("span", { class: "participant-name" }, avatar.nickname, isMe ? this.#t("you") : "", avatar.staff ? ` (${this.#t("staffBadge")})` : "", avatar.badge ? ` · ${avatar.badge}` : ""),
        state,
        zone,
        follow,
        report,
      );
      item = { li, zone, state, zoneId: avatar.zone, follow };
      this.#items.set(avatar.id, item);
      if (isMe) this.#list.prepend(li);
      else this.#list.append(li);
      this.#updateCount();
    }
    if (item.zone.dataset.zone !== avatar.zone) {
      item.zone.dataset.zone = avatar.zone;
      item.zone.replaceChildren(...zoneRuby(avatar.zone, this.#zoneName(avatar.zone), this.#lang));
    }
    item.zoneId = avatar.zone;
    // With furigana where the words have kanji (statuses, "reconnecting"); only redrawn when it changes.
    const parts: MessageKey[] = [...(avatar.away ? ["away" as const] : []), ...(avatar.hand ? ["handRaised" as const] : []), ...(avatar.status !== "none" ? [STATUS_TEXT[avatar.status]] : [])];
    const key = parts.join();
    if (item.state.dataset.key !== key) {
      item.state.dataset.key = key;
      item.state.replaceChildren(...parts.flatMap((part, i) => [...(i > 0 ? [" · "] : []), ...(part === "handRaised" ? ["✋ "] : []), ...this.#rt(part)]));
    }
    if (isMe && this.#where.dataset.zone !== avatar.zone) {
      this.#where.dataset.zone = avatar.zone;
      this.#where.replaceChildren(...zoneRuby(avatar.zone, this.#zoneName(avatar.zone), this.#lang));
    }
  }

  /** Shows whom I am following (null: nobody). */
  setFollowing(id: string | null): void {
    for (const [key, item] of this.#items) {
      if (!item.follow) continue;
      const on = key === id;
      item.follow.setAttribute("aria-pressed", String(on));
      setText(item.follow, this.#t(on ? "followStop" : "follow"));
    }
  }

  remove(id: string): void {
    this.#items.get(id)?.li.remove();
    this.#items.delete(id);
    this.#updateCount();
  }

  #zoneName(id: ZoneId): string {
    return ZONES.some((z) => z.id === id) ? localName(zoneById(id).name, this.#lang) : "";
  }

  #updateCount(): void {
    setText(this.#count, `(${this.#t("participantsCount", { count: this.#items.size })})`);
  }
}
