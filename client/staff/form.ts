import { PASSWORD_MIN } from "../../shared/protocol/http.ts";
import { type Child, h, setText } from "../ui/dom.ts";
import { type StaffTranslate, apiErrorKey } from "./i18n.ts";

export interface FieldOptions {
  id: string;
  label: string;
  type?: "text" | "password";
  autocomplete?: string;
  required?: boolean;
  minlength?: number;
  maxlength?: number;
  hint?: string;
}

/** A labelled textbox (label above, optional hint tied with aria-describedby). */
export function field(options: FieldOptions): { wrap: HTMLElement; input: HTMLInputElement } {
  const hintId = options.hint ? `${options.id}-hint` : undefined;
  const input = h("input", {
    id: options.id,
    name: options.id,
    type: options.type ?? "text",
    autocomplete: options.autocomplete ?? "off",
    autocapitalize: "none",
    spellcheck: "false",
    required: options.required ?? false,
    minlength: options.minlength,
    maxlength: options.maxlength,
    "aria-describedby": hintId,
  });
  const wrap = h(
    "div",
    { class: "staff-field" },
    h("label", { for: options.id }, options.label),
    input,
    options.hint ? h("small", { id: hintId }, options.hint) : null,
  );
  return { wrap, input };
}

/** A label above one or more controls, for a row of small fields that wraps (timetable entries, booking times). */
export function labelled(id: string, label: string, ...controls: HTMLElement[]): HTMLElement {
  return h("span", { class: "timetable-cell" }, h("label", { for: id }, label), ...controls);
}

/** A new password of one's own (the first admin's at setup, anyone's from a welcome link): the same rules and hint everywhere. */
export function newPasswordField(st: StaffTranslate, id: string, label: string): { wrap: HTMLElement; input: HTMLInputElement } {
  return field({ id, label, type: "password", autocomplete: "new-password", required: true, minlength: PASSWORD_MIN, maxlength: 200, hint: st("passwordHint", { min: PASSWORD_MIN }) });
}

/** Says, in `error`, that the new password is too short and puts the focus back in it; false when it is long enough. */
export function passwordTooShort(st: StaffTranslate, pass: HTMLInputElement, error: HTMLElement): boolean {
  if (pass.value.length >= PASSWORD_MIN) return false;
  setText(error, st("errPasswordShort", { min: PASSWORD_MIN }));
  pass.focus();
  return true;
}

/**
 * The fields of a form that shows what the server keeps, held disabled (and busy, for screen
 * readers) until its first answer has filled them (`filled`): on a slow link, what someone typed
 * before the answer came would be overwritten by it. CI stop 38 lost a counsellor's week that
 * way: typed into the timetable while it loaded, replaced by the empty one, saved empty. Lays out
 * as if the fields stood in the form itself.
 */
export function untilLoaded(...fields: Child[]): HTMLFieldSetElement {
  return h("fieldset", { class: "until-loaded", disabled: true, "aria-busy": "true" }, ...fields);
}

/** Holds the fields again while what they show is being replaced (a save on its way, whose answer refills them). */
export function hold(fields: HTMLFieldSetElement): void {
  fields.disabled = true;
  fields.setAttribute("aria-busy", "true");
}

/** The held fields show what the server keeps now: they may be used. */
export function filled(fields: HTMLFieldSetElement): void {
  fields.disabled = false;
  fields.removeAttribute("aria-busy");
}

/** How long after a failed first load it is tried again. */
const LOAD_AGAIN_MS = 5000;

/**
 * After a load that failed (its error already shown), tries it again soon while the fields are
 * still held: one lost request would otherwise leave them disabled until the page is reloaded.
 * A load that succeeds clears the error it showed.
 */
export function loadAgainSoon(fields: HTMLFieldSetElement, load: () => Promise<void>): void {
  if (fields.disabled) setTimeout(() => void load(), LOAD_AGAIN_MS);
}

/** Marks a button busy while a request runs, so it can't be pressed twice. */
export async function whileBusy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** Runs a request, saying in words in `error` why it failed (cleared first); null if it did. */
export async function showingErrors<T>(st: StaffTranslate, error: HTMLElement, request: () => Promise<T>): Promise<T | null> {
  setText(error, "");
  try {
    return await request();
  } catch (failure) {
    setText(error, st(apiErrorKey(failure)));
    return null;
  }
}
