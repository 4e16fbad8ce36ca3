import { LIMITS } from "../../../shared/domain/limits.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

export interface ControlActions {
  /** False if the text was refused before sending (empty, too long). `classroom`: to those in the classroom only. */
  announce(text: string, classroom: boolean): boolean;
  lockCounselling(locked: boolean): void;
  welcomeSession(on: boolean): void;
  closeSpace(): void;
}

/** Announcement, the counselling-room lock and closing the space for the day. */
export class SpaceControls {
  readonly element: HTMLElement;
  readonly #lock: HTMLButtonElement;
  readonly #lockState: HTMLElement;
  readonly #welcome: HTMLButtonElement;
  readonly #welcomeState: HTMLElement;
  #locked = false;

  constructor(
    private readonly st: StaffTranslate,
    actions: ControlActions,
  ) {
    const text = h("input", { id: "announce-text", name: "announce", type: "text", maxlength: LIMITS.chatMaxChars, autocomplete: "off", required: true });
    const send = h("button", { type: "submit", class: "small primary" }, st("sendAnnouncement"));
    // The teacher's voice to the room without audio (issue 15): the classroom only, or everyone.
    const to = h("select", { id: "announce-to" }, h("option", { value: "space" }, st("announceEveryone")), h("option", { value: "classroom" }, st("announceClassroom")));
    const form = h(
      "form",
      { class: "announce-form" },
      h("label", { for: "announce-text" }, st("announcement")),
      text,
      h("label", { for: "announce-to" }, st("announceTo")),
      to,
      send,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) {
        text.focus();
        return;
      }
      if (actions.announce(value, to.value === "classroom")) text.value = "";
    });

    this.#lock = h("button", { type: "button", class: "small lock-toggle", "aria-pressed": "false" }, `🔒 ${st("lockCounselling")}`);
    this.#lock.addEventListener("click", () => actions.lockCounselling(!this.#locked));
    this.#lockState = h("p", { class: "lock-state", "aria-live": "polite" });

    // A welcome session (issue 18): for children on their first day only, while it is on.
    this.#welcome = h("button", { type: "button", class: "small welcome-toggle", "aria-pressed": "false" }, `🌱 ${st("welcomeSession")}`);
    this.#welcome.addEventListener("click", () => actions.welcomeSession(this.#welcome.getAttribute("aria-pressed") !== "true"));
    this.#welcomeState = h("p", { class: "welcome-state", "aria-live": "polite" });

    const close = h("button", { type: "button", class: "small warn" }, st("closeSpace"));
    close.addEventListener("click", () => actions.closeSpace());

    this.element = h(
      "section",
      { class: "console-section controls", "aria-labelledby": "controls-title" },
      h("h3", { id: "controls-title" }, st("controls")),
      form,
      this.#lock,
      this.#lockState,
      this.#welcome,
      this.#welcomeState,
      close,
    );
    this.showLocked(false);
    this.showWelcome(false);
  }

  /** The welcome session as the server says it is. */
  showWelcome(on: boolean): void {
    this.#welcome.setAttribute("aria-pressed", String(on));
    setText(this.#welcomeState, this.st(on ? "welcomeSessionOn" : "welcomeSessionOff"));
  }

  /** The room's lock as the server says it is (the toggle only asks). */
  showLocked(locked: boolean): void {
    this.#locked = locked;
    this.#lock.setAttribute("aria-pressed", String(locked));
    setText(this.#lockState, this.st(locked ? "counsellingLockedNow" : "counsellingOpenNow"));
  }
}
