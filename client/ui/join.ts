import { ACCESSORIES, AVATAR_COLOURS, type AccessoryId, type ColourId } from "../../shared/domain/avatar.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { Nickname } from "../../shared/protocol/messages.ts";
import { type Lang, type Translate, localName } from "../i18n/index.ts";
import type { Prefs } from "../prefs.ts";
import { h, setText } from "./dom.ts";

export interface JoinChoice {
  nickname: string;
  look: { colour: ColourId; accessory: AccessoryId };
}

/**
 * Nickname and look. (Access codes arrive with registered students; they will be one more field
 * here and a token in the join, not a change to the rest of the flow.)
 */
export class JoinScreen {
  readonly element: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #nickname: HTMLInputElement;
  readonly #enter: HTMLButtonElement;
  readonly #error: HTMLElement;
  readonly #t: Translate;

  constructor(t: Translate, lang: Lang, prefs: Prefs, onSubmit: (choice: JoinChoice) => void) {
    this.#t = t;
    const saved = prefs.lastLook();
    this.#nickname = h("input", {
      id: "nickname",
      name: "nickname",
      type: "text",
      autocomplete: "nickname",
      maxlength: LIMITS.nicknameMaxChars * 2,
      required: true,
      "aria-describedby": "nickname-hint",
      value: saved?.nickname ?? "",
    });
    this.#enter = h("button", { type: "submit", class: "primary" }, t("enter"));
    this.#error = h("p", { class: "form-error", role: "alert" });

    const colours = radioGroup(
      "colour",
      t("colour"),
      AVATAR_COLOURS.map((c) => ({ id: c.id, label: localName(c.name, lang), swatch: c.hex })),
      saved?.look.colour ?? AVATAR_COLOURS[0].id,
    );
    const accessories = radioGroup(
      "accessory",
      t("accessory"),
      ACCESSORIES.map((a) => ({ id: a.id, label: localName(a.name, lang) })),
      saved?.look.accessory ?? "none",
    );

    this.#form = h(
      "form",
      { class: "join-form", novalidate: true },
      h("label", { for: "nickname" }, t("nickname")),
      this.#nickname,
      h("small", { id: "nickname-hint" }, t("nicknameHint", { max: LIMITS.nicknameMaxChars })),
      colours,
      accessories,
      this.#error,
      this.#enter,
    );
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(this.#form);
      const nickname = Nickname.safeParse(String(data.get("nickname") ?? ""));
      if (!nickname.success) {
        this.showError(t("errInvalidJoin", { max: LIMITS.nicknameMaxChars }));
        this.#nickname.focus();
        return;
      }
      const choice: JoinChoice = {
        nickname: nickname.data,
        look: { colour: String(data.get("colour")) as ColourId, accessory: String(data.get("accessory")) as AccessoryId },
      };
      prefs.saveLook(choice);
      onSubmit(choice);
    });

    this.element = h(
      "section",
      { class: "screen join", "aria-labelledby": "join-title" },
      h("h1", { class: "brand" }, t("appName")),
      h("h2", { id: "join-title" }, t("joinTitle")),
      h("p", { class: "lead" }, t("joinLead")),
      this.#form,
    );
  }

  focus(): void {
    this.#nickname.focus();
  }

  busy(on: boolean): void {
    this.#enter.disabled = on;
    setText(this.#enter, this.#t(on ? "entering" : "enter"));
    if (on) setText(this.#error, "");
  }

  showError(message: string): void {
    setText(this.#error, message);
  }

  remove(): void {
    this.element.remove();
  }
}

function radioGroup(name: string, legend: string, options: Array<{ id: string; label: string; swatch?: number }>, selected: string) {
  return h(
    "fieldset",
    { class: `choices choices-${name}` },
    h("legend", {}, legend),
    ...options.map((o) => {
      const input = h("input", { type: "radio", name, value: o.id, id: `${name}-${o.id}`, checked: o.id === selected });
      const swatch = o.swatch === undefined ? null : h("span", { class: "swatch", "aria-hidden": "true", style: `background:#${o.swatch.toString(16).padStart(6, "0")}` });
      return h("label", { for: `${name}-${o.id}`, class: "choice" }, input, swatch, h("span", {}, o.label));
    }),
  );
}
