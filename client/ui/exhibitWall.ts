import type { ServerEvent } from "../../shared/protocol/events.ts";
import { exhibitUrl } from "../../shared/domain/exhibits.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import { openModal } from "./dialog.ts";
import { h, setText } from "./dom.ts";
import { lessonWords } from "./lessonWords.ts";
import { api } from "../net/api.ts";

export type ExhibitItem = ServerEvent<"exhibits">["items"][number];

/** The wall for this page: staff take any work down (`removeAny`), a child only their own. */
export function exhibitWall(t: Translate, lang: Lang, removeAny?: (id: string) => Promise<void>): ExhibitWall {
  if (removeAny) return new ExhibitWall(t, lang, () => true, (item) => removeAny(item.id));
  return new ExhibitWall(t, lang, (item) => item.mine === true, (item) => api("DELETE", `/me/exhibits/${encodeURIComponent(item.id)}`).then(() => {}));
}

/**
 * The exhibit wall in the DOM (issue 15): every work shown with its title and, if the child chose
 * it, their nickname; a tap opens it large. A child can take their own work down (staff, any).
 * Fetched when the space first has a wall to show.
 */
export class ExhibitWall {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #status: HTMLElement;
  readonly #w: ReturnType<typeof lessonWords>;

  constructor(
    private readonly t: Translate,
    lang: Lang,
    /** Whether this page may take the work down, and how. */
    private readonly removable: (item: ExhibitItem) => boolean,
    private readonly remove: (item: ExhibitItem) => Promise<void>,
  ) {
    this.#w = lessonWords(lang);
    this.#list = h("ul", { class: "exhibit-list" });
    this.#status = h("p", { class: "hint", role: "status" });
    this.element = h("section", { class: "panel exhibit-wall", "aria-labelledby": "exhibit-title", hidden: true }, h("h2", { id: "exhibit-title" }, `🖼️ ${this.#w("exhibitWall")}`), this.#list, this.#status);
  }

  update(items: ExhibitItem[]): void {
    this.element.hidden = items.length === 0;
    this.#list.replaceChildren(
      ...items.map((item) => {
        const name = this.#name(item);
        const open = h("button", { type: "button", class: "exhibit-open" }, h("img", { src: exhibitUrl(item.id), alt: "", loading: "lazy", crossorigin: "anonymous" }), h("span", {}, name));
        open.addEventListener("click", () => this.#open(item));
        const down = this.removable(item) ? h("button", { type: "button", class: "small exhibit-down", "aria-label": `${this.#w("exhibitDown")}: ${item.title}` }, this.#w("exhibitDown")) : null;
        down?.addEventListener("click", () => {
          down.disabled = true;
          this.remove(item).catch(() => {
            down.disabled = false;
            setText(this.#status, this.t("errServerError"));
          });
        });
        return h("li", {}, open, down);
      }),
    );
  }

  #name(item: ExhibitItem): string {
    return item.by ? `「${item.title}」— ${item.by}` : `「${item.title}」`;
  }

  #open(item: ExhibitItem): void {
    const image = h("img", { src: exhibitUrl(item.id), alt: this.#name(item), crossorigin: "anonymous" });
    const box = h("div", { class: "board-page-box" }, image);
    // Tall or wide, the work fits the screen (see the board's view in style.css).
    image.addEventListener("load", () => box.style.setProperty("--aspect", String(image.naturalWidth / image.naturalHeight)));
    const dialog = openModal({ className: "board-dialog exhibit-dialog", title: `🖼️ ${this.#name(item)}`, closeLabel: this.t("close"), body: [box] });
    dialog.querySelector<HTMLElement>(".dialog-close")?.focus();
  }
}
