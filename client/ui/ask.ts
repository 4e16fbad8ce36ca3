import type { ConsentChoice } from "../../shared/domain/lesson.ts";
import type { ServerEvent } from "../../shared/protocol/events.ts";
import type { Lang } from "../i18n/index.ts";
import { h } from "./dom.ts";
import { lessonWords } from "./lessonWords.ts";

export interface AskChoice<T extends string> {
  value: T;
  label: string;
  primary?: boolean;
}

export interface AskOptions<T extends string> {
  /** What is asked ("knock", "consent"): the dialog's title and text are #<id>-title and #<id>-text. */
  id: string;
  title: string;
  /** The question, readings and all (rubyTranslator's nodes). */
  text: Array<Node | string>;
  choices: Array<AskChoice<T>>;
  /** What Escape means: always the kindest "no". */
  dismiss: T;
  answer(choice: T): void;
}

/**
 * Something staff ask a child, who answers with a tap: a counsellor's knock, or may the teacher
 * show their answer. A small dialog that takes focus, so keyboard and screen-reader users meet it
 * at once; every answer is fine, and Escape is the kindest one. Fetched when first needed.
 */
export function askChild<T extends string>(options: AskOptions<T>): HTMLDialogElement {
  const id = options.id;
  document.getElementById(`${id}-title`)?.closest("dialog")?.remove(); // one such question at a time
  const buttons = options.choices.map((c) => h("button", { type: "button", class: c.primary ? "primary" : undefined }, c.label));
  const dialog = h(
    "dialog",
    { class: "knock", "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-text` },
    h("h2", { id: `${id}-title` }, options.title),
    h("p", { id: `${id}-text` }, ...options.text),
    h("div", { class: "dialog-actions" }, ...buttons),
  );
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = (choice: T) => {
    options.answer(choice);
    dialog.close();
    dialog.remove();
    // Back where the child was (if still there), else the 3D view.
    (opener?.isConnected ? opener : document.getElementById("space-view"))?.focus();
  };
  options.choices.forEach((c, i) => buttons[i]?.addEventListener("click", () => close(c.value)));
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close(options.dismiss);
  });
  document.body.append(dialog);
  dialog.showModal();
  buttons[0]?.focus();
  return dialog;
}

/** May my answer go on the board, may my work be shown: with my name, without it, or not at all (Escape: not). */
export function askConsent(ask: ServerEvent<"consentAsk">, lang: Lang, answer: (choice: ConsentChoice) => void): HTMLDialogElement {
  const w = lessonWords(lang);
  const pin = ask.kind === "pin";
  return askChild<ConsentChoice>({
    id: "consent",
    title: w(pin ? "pinAskTitle" : "exhibitAskTitle"),
    text: [w(pin ? "pinAskText" : "exhibitAskText", { by: ask.by, text: ask.text })],
    choices: [
      { value: "name", label: w("consentName"), primary: true },
      { value: "anonymous", label: w("consentAnonymous") },
      { value: "no", label: w("consentNo") },
    ],
    dismiss: "no",
    answer,
  });
}
