import { EXHIBITS } from "../../../shared/domain/exhibits.ts";
import type { ServerEvent } from "../../../shared/protocol/events.ts";
import { ExhibitCreated } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import type { AvatarView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import { type StaffTranslate, apiErrorKey } from "../i18n.ts";

/**
 * Putting a child's work on the exhibit wall (issue 15): choose a child here now, name the work
 * and choose its picture; the child is asked first (in the space, privately), and only once they
 * said yes does the picture leave this page, made smaller here, with the grant the space gave.
 */
export class ExhibitConsole {
  readonly element: HTMLElement;
  readonly #child: HTMLSelectElement;
  readonly #title: HTMLInputElement;
  readonly #file: HTMLInputElement;
  readonly #status: HTMLElement;
  readonly #children = new Map<string, string>();
  /** Pictures waiting for their child's answer, by title. */
  readonly #waiting = new Map<string, File>();

  constructor(
    private readonly st: StaffTranslate,
    ask: (target: string, title: string) => void,
  ) {
    this.#child = h("select", { id: "exhibit-child", required: true });
    this.#title = h("input", { id: "exhibit-title-input", type: "text", maxlength: EXHIBITS.titleMaxChars, autocomplete: "off", required: true });
    this.#file = h("input", { id: "exhibit-file", type: "file", accept: "image/png,image/jpeg,image/webp", required: true });
    this.#status = h("p", { class: "hint", role: "status" });
    const form = h(
      "form",
      { class: "deck-form exhibit-form" },
      h("label", { for: "exhibit-child" }, st("exhibitChild")),
      this.#child,
      h("label", { for: "exhibit-title-input" }, st("exhibitTitle")),
      this.#title,
      h("label", { for: "exhibit-file" }, st("exhibitPicture")),
      this.#file,
      h("p", { class: "hint" }, st("exhibitHint")),
      h("button", { type: "submit", class: "small primary" }, st("exhibitAsk")),
      this.#status,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const file = this.#file.files?.[0];
      const title = this.#title.value.trim();
      const target = this.#child.value;
      if (!file || !title || !target) return;
      this.#waiting.set(title, file);
      ask(target, title);
      setText(this.#status, st("exhibitAsking", { name: this.#children.get(target) ?? "" }));
      form.reset();
    });
    this.element = h("section", { class: "console-section deck-console", "aria-labelledby": "exhibit-console-title" }, h("h3", { id: "exhibit-console-title" }, `🖼️ ${st("exhibitConsole")}`), form);
    this.#render();
  }

  person(avatar: AvatarView, isMe: boolean): void {
    if (avatar.staff || isMe) return;
    this.#children.set(avatar.id, avatar.nickname);
    this.#render();
  }

  gone(id: string): void {
    this.#children.delete(id);
    this.#render();
  }

  /** The child said yes: the picture goes up with the grant. */
  async granted(grant: ServerEvent<"exhibitGrant">): Promise<void> {
    const file = this.#waiting.get(grant.title);
    this.#waiting.delete(grant.title);
    if (!file) return;
    try {
      const { shrinkPicture, dataUrlOf } = await import("../deckPages.ts");
      const picture = await shrinkPicture(file, EXHIBITS);
      await api("POST", "/staff/exhibits", { grant: grant.grant, image: await dataUrlOf(picture) }, ExhibitCreated);
      setText(this.#status, this.st("exhibitShown", { name: grant.nickname, title: grant.title }));
    } catch (error) {
      setText(this.#status, this.st(apiErrorKey(error)));
    }
  }

  #render(): void {
    const chosen = this.#child.value;
    this.#child.replaceChildren(h("option", { value: "" }, this.st("exhibitChoose")), ...[...this.#children].map(([id, name]) => h("option", { value: id }, name)));
    if (this.#children.has(chosen)) this.#child.value = chosen;
  }
}
