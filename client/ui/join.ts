import { ACCESSORIES, AVATAR_COLOURS, type AccessoryId, type ColourId } from "../../shared/domain/avatar.ts";
import { type Lang, type Translate, localName } from "../i18n/index.ts";
import type { Prefs } from "../prefs.ts";
import { h, setText } from "./dom.ts";
import { languageSwitch } from "./langSwitch.ts";

export interface JoinChoice {
  code: string;
  look: { colour: ColourId; accessory: AccessoryId };
}

/**
 * The door for students: the access code on their card (remembered by this browser, so daily
 * entry is one tap) and a look. Whether the space is open is shown once the code is known.
 */
export class JoinScreen {
  readonly element: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #code: HTMLInputElement;
  readonly #enter: HTMLButtonElement;
  readonly #error: HTMLElement;
  readonly #open: HTMLElement;
  readonly #plaza: HTMLElement;
  readonly #lesson: HTMLElement;
  readonly #t: Translate;

  constructor(t: Translate, lang: Lang, prefs: Prefs, onSubmit: (choice: JoinChoice) => void) {
    this.#t = t;
    const saved = prefs.lastLook();
    this.#code = h("input", {
      id: "access-code",
      name: "code",
      type: "text",
      autocomplete: "off",
      autocapitalize: "none",
      spellcheck: "false",
      inputmode: "text",
      maxlength: 20,
      required: true,
      "aria-describedby": "access-code-hint",
      value: prefs.accessCode ?? "",
    });
    this.#enter = h("button", { type: "submit", class: "primary" }, t("enter"));
    this.#error = h("p", { class: "form-error", role: "alert" });
    this.#open = h("p", { class: "open-state", "aria-live": "polite" });
    this.#plaza = h("p", { class: "plaza-today", "aria-live": "polite" });
    this.#lesson = h("p", { class: "lesson-today", "aria-live": "polite" });

    const colours = radioGroup(
      "colour",
      t("colour"),
      AVATAR_COLOURS.map((c) => ({ id: c.id, label: localName(c.name, lang), swatch: c.hex })),
      saved?.colour ?? AVATAR_COLOURS[0].id,
    );
    const accessories = radioGroup(
      "accessory",
      t("accessory"),
      ACCESSORIES.map((a) => ({ id: a.id, label: localName(a.name, lang) })),
      saved?.accessory ?? "none",
    );

    this.#form = h(
      "form",
      { class: "join-form", novalidate: true },
      h("label", { for: "access-code" }, t("accessCode")),
      this.#code,
      h("small", { id: "access-code-hint" }, t("accessCodeHint")),
      colours,
      accessories,
      this.#open,
      this.#lesson,
      this.#plaza,
      this.#error,
      this.#enter,
    );
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(this.#form);
      const code = String(data.get("code") ?? "").trim();
      if (!code) {
        this.showError(t("errNotSignedIn"));
        this.#code.focus();
        return;
      }
      const look = { colour: String(data.get("colour")) as ColourId, accessory: String(data.get("accessory")) as AccessoryId };
      prefs.saveLook(look);
      onSubmit({ code, look });
    });

    this.element = h(
      "main",
      { class: "screen join", "aria-labelledby": "join-title" },
      h("p", { class: "lang-line" }, languageSwitch(lang)),
      h("h1", { class: "brand" }, t("appName")),
      h("h2", { id: "join-title" }, t("joinTitle")),
      h("p", { class: "lead" }, t("joinLead")),
      this.#form,
    );
  }

  /** A code from a scanned card's link fills the field. */
  prefill(code: string): void {
    this.#code.value = code;
  }

  focus(): void {
    (this.#code.value ? this.#enter : this.#code).focus();
  }

  busy(on: boolean): void {
    this.#enter.disabled = on;
    setText(this.#enter, this.#t(on ? "entering" : "enter"));
    if (on) setText(this.#error, "");
  }

  showOpen(open: boolean): void {
    setText(this.#open, this.#t(open ? "openNow" : "closedNow"));
    this.#open.classList.toggle("closed", !open);
  }

  /** The lesson on now in the classroom, in words ("" for none). */
  showLesson(line: string): void {
    setText(this.#lesson, line);
  }

  /** A plaza event today, in words ("" for none), with the way there while staff are in it. */
  showPlaza(line: string, way: HTMLElement | null = null): void {
    this.#plaza.replaceChildren(line, ...(way ? [" ", way] : []));
  }

  /** Enters with what the door holds (a remembered code and look), as pressing the button would. */
  submit(): void {
    this.#form.requestSubmit();
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
      const swatch = o.swatch === undefined ? null : h("span", { class: "swatch", "aria-hidden": "true" });
      // Through the CSSOM, not a style attribute: the Content-Security-Policy forbids inline styles.
      if (swatch && o.swatch !== undefined) swatch.style.background = `#${o.swatch.toString(16).padStart(6, "0")}`;
      return h("label", { for: `${name}-${o.id}`, class: "choice" }, input, swatch, h("span", {}, o.label));
    }),
  );
}
