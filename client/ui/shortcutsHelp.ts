import type { Lang, Translate } from "../i18n/index.ts";
import { type DialogWord, withDialogWords } from "../i18n/dialogWords.ts";
import { openModal } from "./dialog.ts";
import { h } from "./dom.ts";

/** What each key does, in the order a newcomer needs them. */
const ROWS: ReadonlyArray<[action: DialogWord, keys: DialogWord]> = [
  ["keyWalk", "keyWalkKeys"],
  ["keyChat", "keyChatKeys"],
  ["keyBack", "keyBackKeys"],
  ["keyHelp", "keyHelpKeys"],
  ["keyGoTo", "keyGoToKeys"],
  ["keyShortcuts", "keyShortcutsKeys"],
  ["keyVoice", "keyVoiceKeys"],
  ["keyTab", "keyTabKeys"],
];

export interface ShortcutsHelpOptions {
  t: Translate;
  lang: Lang;
  lettersOn: boolean;
  /** Shows the first-visit guide again (students only). */
  tour?: () => void;
  fallbackFocus: () => HTMLElement | null;
}

/** The keyboard help: every shortcut, as a list of action → keys. */
export function openShortcutsHelp(options: ShortcutsHelpOptions): HTMLDialogElement {
  const t = withDialogWords(options.t, options.lang);
  const list = h("dl", { class: "shortcut-list" });
  for (const [action, keys] of ROWS) {
    const kbd = t(keys)
      .split(" / ")
      .flatMap((k, i) => [i > 0 ? " / " : null, h("kbd", {}, k)]);
    list.append(h("div", { class: "shortcut" }, h("dt", {}, t(action)), h("dd", {}, ...kbd)));
  }
  let again: HTMLButtonElement | null = null;
  const body: Node[] = [h("p", { class: "lead" }, t("shortcutsIntro")), list];
  if (!options.lettersOn) body.push(h("p", { class: "hint" }, t("keyLettersOff")));
  if (options.tour) {
    again = h("button", { type: "button" }, t("tourAgain"));
    body.push(again);
  }
  const dialog = openModal({ className: "shortcuts", title: t("shortcuts"), closeLabel: t("close"), body }, options.fallbackFocus);
  again?.addEventListener("click", () => {
    dialog.close();
    options.tour?.();
  });
  return dialog;
}
