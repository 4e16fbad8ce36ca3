import { h, setText } from "../ui/dom.ts";
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
