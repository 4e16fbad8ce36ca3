import { ACCESSORIES, AVATAR_COLOURS, DEFAULT_LOOK, HAIR_COLOURS, HAIR_STYLES, type Look, OUTFITS, SKIN_TONES } from "../../shared/domain/avatar.ts";
import { AvatarLook } from "../../shared/protocol/messages.ts";
import { type Lang, type Translate, localName } from "../i18n/index.ts";
import type { Prefs } from "../prefs.ts";
import { h, setText } from "./dom.ts";
import { languageSwitch } from "./langSwitch.ts";

export interface JoinChoice {
  code: string;
  look: Look;
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
  /** How far the space's code has come, shown only while Enter waits for it. */
  readonly #loading: HTMLProgressElement;
  #busy = false;
  readonly #open: HTMLElement;
  readonly #plaza: HTMLElement;
  readonly #lesson: HTMLElement;
  /** The timetable's part (client/ui/doorPlan.ts), once the door knows whose it is. */
  readonly #plan: HTMLElement;
  readonly #t: Translate;
  /** Signed in with the school's account: no code needed. */
  #signedIn = false;
  /** Where the chosen look is shown turning (client/scene/lookPreview.ts draws into it). */
  readonly #preview: HTMLElement;
  /** The preview and the look's choices (a change there turns the preview; typing the code does not). */
  readonly #character: HTMLElement;
  /** The open-state line holds the refused Enter's "closed, opens when…" sentence (showClosed). */
  #closedSaid = false;

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
    this.#loading = h("progress", { class: "door-loading", max: 100, value: 0, "aria-label": t("loading"), hidden: true });
    // A status, not an alert: "closed" is a normal state of the space, said calmly and politely to screen readers too.
    this.#open = h("p", { class: "open-state", role: "status", "aria-live": "polite" });
    this.#plaza = h("p", { class: "plaza-today", "aria-live": "polite" });
    this.#lesson = h("p", { class: "lesson-today", "aria-live": "polite" });
    this.#plan = h("div", { class: "door-plan-place" });

    // The character (issue 17): the preview shows it, the choices open from beside it; folded, so the
    // door's Enter button is on screen without scrolling on a school tablet, and entering stays one tap.
    const look = saved ?? DEFAULT_LOOK;
    const named = (list: readonly { id: string; name: { ja: string; en: string }; hex?: number }[]) => list.map((x) => ({ id: x.id, label: localName(x.name, lang), swatch: x.hex }));
    this.#preview = h("div", { class: "look-preview", role: "img", "aria-label": t("yourLook") });
    const choices = h(
      "details",
      { class: "look-choices" },
      h("summary", {}, t("changeLook")),
      radioGroup("hair", t("hairStyle"), named(HAIR_STYLES), look.hair),
      radioGroup("hairColour", t("hairColour"), named(HAIR_COLOURS), look.hairColour),
      radioGroup("outfit", t("outfit"), named(OUTFITS), look.outfit),
      radioGroup("colour", t("colour"), named(AVATAR_COLOURS), look.colour),
      // Skin tones as swatches only: each keeps its name for screen readers ("skin tone 1"…).
      radioGroup("skin", t("skinTone"), named(SKIN_TONES), look.skin, true),
      radioGroup("accessory", t("accessory"), named(ACCESSORIES), look.accessory),
    );
    const character = (this.#character = h("section", { class: "look", "aria-label": t("yourLook") }, this.#preview, choices));

    this.#form = h(
      "form",
      { class: "join-form", novalidate: true },
      h("label", { for: "access-code" }, t("accessCode")),
      this.#code,
      h("small", { id: "access-code-hint" }, t("accessCodeHint")),
      character,
      this.#open,
      this.#lesson,
      this.#plaza,
      this.#error,
      this.#enter,
      this.#loading,
    );
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(this.#form);
      const code = String(data.get("code") ?? "").trim();
      if (!code && !this.#signedIn) {
        this.showError(t("errNotSignedIn"));
        this.#code.focus();
        return;
      }
      const look = this.look;
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
      this.#plan,
      deviceCheckButton(t, lang),
    );
  }

  /** The look the door's choices hold now (any field it cannot read is the default's). */
  get look(): Look {
    const data = new FormData(this.#form);
    const fields = ["hair", "hairColour", "outfit", "colour", "skin", "accessory"] as const;
    const chosen = Object.fromEntries(fields.map((f) => [f, String(data.get(f) ?? "")]));
    const parsed = AvatarLook.safeParse(chosen);
    return parsed.success ? parsed.data : DEFAULT_LOOK;
  }

  /** The preview's place, and a call for every change of the choices. */
  onLook(show: (preview: HTMLElement, look: Look) => void): void {
    const changed = () => show(this.#preview, this.look);
    this.#character.addEventListener("change", changed);
    changed();
  }

  /** A code from a scanned card's link fills the field. */
  prefill(code: string): void {
    this.#code.value = code;
  }

  focus(): void {
    (this.#code.value ? this.#enter : this.#code).focus();
  }

  /** Enter was pressed and the way in has not yet answered. */
  get isBusy(): boolean {
    return this.#busy;
  }

  busy(on: boolean): void {
    this.#busy = on;
    this.#enter.disabled = on;
    setText(this.#enter, this.#t(on ? "entering" : "enter"));
    if (on) setText(this.#error, "");
    this.#loading.hidden = !on || this.#loading.value >= 100;
  }

  /** The space's code loading behind the door (client/space/modules.ts): a bar under Enter, if the child is waiting for it. */
  progress(fraction: number, step: string): void {
    this.#loading.value = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    this.#loading.setAttribute("aria-valuetext", step);
    this.#loading.hidden = !this.#busy || fraction >= 1;
  }

  /** Whether the space is open now; null clears it (the error under it says it, and when it opens). */
  showOpen(open: boolean | null): void {
    setText(this.#open, open === null ? "" : this.#t(open ? "openNow" : "closedNow"));
    this.#open.classList.toggle("closed", open === false);
  }

  /**
   * The space is closed, and when it opens (the refused Enter's sentence): said once, in the open-state's
   * calm line, not the red alert, because being closed is not something the child did wrong.
   */
  showClosed(message: string): void {
    setText(this.#error, "");
    setText(this.#open, message);
    this.#open.classList.add("closed");
    this.#closedSaid = true;
  }

  /** The lesson on now in the classroom, in words ("" for none). */
  showLesson(line: string): void {
    setText(this.#lesson, line);
  }

  /** A plaza event today, in words ("" for none), with the way there while staff are in it. */
  showPlaza(line: string, way: HTMLElement | null = null): void {
    this.#plaza.replaceChildren(line, ...(way ? [" ", way] : []));
  }

  /**
   * The school's account (issue 18): offered where the address names the organisation
   * (/?school=<id>); once signed in that way, the code field goes and "enter" needs none.
   */
  schoolSignIn(org: string | null, signedIn: boolean): void {
    const field = this.#code.parentElement;
    if (signedIn) {
      this.#signedIn = true;
      for (const el of [this.#code, field?.querySelector("label"), field?.querySelector("small")]) el?.remove();
    } else if (org) this.#form.prepend(h("a", { class: "button-link", href: `/api/school-sign-in/start?org=${encodeURIComponent(org)}&who=student` }, this.#t("schoolEnter")));
  }

  /** When Hidamari opens next and the week ahead (null: nothing planned). */
  showPlan(section: HTMLElement | null): void {
    this.#plan.replaceChildren(...(section ? [section] : []));
  }

  /** Enters with what the door holds (a remembered code and look), as pressing the button would. */
  submit(): void {
    this.#form.requestSubmit();
  }

  showError(message: string): void {
    // A later refusal of another kind replaces the closed sentence rather than standing under it.
    if (this.#closedSaid && message) {
      this.#closedSaid = false;
      this.showOpen(null);
    }
    setText(this.#error, message);
  }

  remove(): void {
    this.element.remove();
  }
}

function radioGroup(name: string, legend: string, options: Array<{ id: string; label: string; swatch?: number }>, selected: string, swatchesOnly = false) {
  return h(
    "fieldset",
    { class: `choices choices-${name}` },
    h("legend", {}, legend),
    ...options.map((o) => {
      const input = h("input", { type: "radio", name, value: o.id, id: `${name}-${o.id}`, checked: o.id === selected });
      const swatch = o.swatch === undefined ? null : h("span", { class: "swatch", "aria-hidden": "true" });
      // Through the CSSOM, not a style attribute: the Content-Security-Policy forbids inline styles.
      if (swatch && o.swatch !== undefined) swatch.style.background = `#${o.swatch.toString(16).padStart(6, "0")}`;
      return h("label", { for: `${name}-${o.id}`, class: "choice" }, input, swatch, h("span", swatchesOnly ? { class: "visually-hidden" } : {}, o.label));
    }),
  );
}

/** "Will it work on this device?" (client/ui/deviceCheck.ts, fetched when pressed), below the door. */
function deviceCheckButton(t: Translate, lang: Lang): HTMLElement {
  const button = h("button", { type: "button", class: "small", "aria-expanded": "false" }, t("deviceCheck"));
  const place = h("div", { class: "device-check-place" }, button);
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    place.querySelector(".device-check")?.remove();
    if (open) void import("./deviceCheck.ts").then(({ deviceCheck }) => place.append(deviceCheck(lang)));
  });
  return place;
}
