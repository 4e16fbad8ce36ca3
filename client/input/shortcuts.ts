import { modalOpen } from "../ui/dialog.ts";
import type { Steering } from "./keyboard.ts";

export interface ShortcutActions {
  /** Focus the chat's message box. */
  chat(): void;
  /** Back to the 3D view. */
  space(): void;
  /** Focus the help button (pressing it stays a deliberate second step). */
  help(): void;
  /** Focus the "go to" buttons. */
  goTo(): void;
  /** Open the keyboard help. */
  shortcuts(): void;
}

/**
 * The page's keys: Enter or T to chat, Escape back to the 3D view, H help, G go to, ? this
 * list. One-letter keys follow the same setting as WASD (Steering.letters), and nothing
 * fires while typing or while a dialog is open.
 */
export class Shortcuts {
  readonly #target: Window;
  readonly #canvas: HTMLElement;
  readonly #actions: ShortcutActions;
  readonly #steering: Steering;
  readonly #down = (e: KeyboardEvent) => this.#handle(e);

  constructor(canvas: HTMLElement, actions: ShortcutActions, steering: Steering, target: Window = window) {
    this.#canvas = canvas;
    this.#steering = steering;
    this.#actions = actions;
    this.#target = target;
    target.addEventListener("keydown", this.#down);
  }

  #handle(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.isComposing || modalOpen()) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    const typing = target !== null && isTypingIn(target);
    if (e.key === "Escape") {
      if (target?.closest("dialog")) return; // a dialog's own Escape
      e.preventDefault();
      this.#actions.space();
      return;
    }
    if (typing) return;
    if (e.key === "Enter" && (target === this.#canvas || target === document.body || target === null)) {
      e.preventDefault();
      this.#actions.chat();
      return;
    }
    if (!this.#steering.letters || e.repeat) return;
    const action = LETTER_ACTIONS[e.key.toLowerCase()];
    if (!action) return;
    e.preventDefault(); // so the T that focused the chat is not typed into it
    this.#actions[action]();
  }

  dispose(): void {
    this.#target.removeEventListener("keydown", this.#down);
  }
}

/** Text fields and menus take every key; radio buttons and checkboxes don't. */
function isTypingIn(el: HTMLElement): boolean {
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  return el instanceof HTMLInputElement && !["radio", "checkbox", "button", "submit", "reset", "range", "color"].includes(el.type);
}

const LETTER_ACTIONS: Partial<Record<string, keyof ShortcutActions>> = {
  t: "chat",
  h: "help",
  g: "goTo",
  "?": "shortcuts",
};
