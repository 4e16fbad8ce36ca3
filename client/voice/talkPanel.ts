import { TALK_SPOTS, VOICE_LIMITS } from "../../shared/domain/voice.ts";
import type { Talk } from "../../shared/protocol/voice.ts";
import type { Lang } from "../i18n/index.ts";
import { h, setText } from "../ui/dom.ts";
import type { SpeakMode } from "./voicePrefs.ts";
import { PUSH_KEY, type VoiceWord, type VoiceWords } from "./words.ts";
import "./voice.css";

export interface TalkActions {
  join(): void;
  leave(): void;
  /** Open microphone: the speak / stop button. */
  speak(on: boolean): void;
  /** Push to talk: held (true) and let go (false). */
  hold(on: boolean): void;
  check(): void;
  /** The browser wants a tap before it plays what the others say. */
  play(): void;
}

/**
 * The talk where I stand (docs/voice.md), shown while there is one: which talk it is, who is in
 * it and whose microphone is on, "join the talk (listen)" / "leave", then "speak" / "stop
 * speaking" (or, in push to talk, a button held to speak). Speaking is never needed: the panel
 * says listening is fine, and when speaking is not possible it says why, kindly. It never takes
 * the focus; changes are told in a polite live region.
 */
export class TalkPanel {
  readonly element: HTMLElement;
  readonly #w: VoiceWords;
  readonly #lang: Lang;
  readonly #where: HTMLElement;
  readonly #state: HTMLElement;
  readonly #why: HTMLElement;
  readonly #join: HTMLButtonElement;
  readonly #leave: HTMLButtonElement;
  readonly #speak: HTMLButtonElement;
  readonly #stop: HTMLButtonElement;
  readonly #hold: HTMLButtonElement;
  readonly #holdHint: HTMLElement;
  readonly #people: HTMLUListElement;
  readonly #play: HTMLButtonElement;
  #talk: Talk | null = null;
  #me = "";
  #mode: SpeakMode = "open";
  #holding = false;
  readonly #speaking = new Set<string>();
  /** What the state line says now (a key), so it is re-announced only when it changes. */
  #said = "";

  constructor(w: VoiceWords, lang: Lang, actions: TalkActions) {
    this.#w = w;
    this.#lang = lang;
    const button = (key: VoiceWord, cls: string, act: () => void) => {
      const b = h("button", { type: "button", class: cls }, ...w.ruby(key));
      b.addEventListener("click", act);
      return b;
    };
    this.#where = h("p", { class: "talk-where" });
    this.#state = h("p", { class: "talk-state", role: "status" });
    this.#why = h("p", { class: "talk-why", id: "talk-why" });
    this.#join = button("talkJoin", "talk-join primary", () => actions.join());
    this.#leave = button("talkLeave", "talk-leave", () => actions.leave());
    this.#speak = button("talkSpeak", "talk-speak", () => actions.speak(true));
    this.#stop = button("talkStop", "talk-stop primary", () => actions.speak(false));
    this.#speak.setAttribute("aria-describedby", "talk-why");
    // Push to talk: held by pointer, touch, or Space/Enter while focused; letting go anywhere stops.
    this.#hold = h("button", { type: "button", class: "talk-hold", "aria-describedby": "talk-why talk-hold-hint", "aria-pressed": "false" }, ...w.ruby("talkHold"));
    this.#holdHint = h("small", { class: "talk-hint", id: "talk-hold-hint" }, ...w.ruby("pushKey", { key: PUSH_KEY }));
    const press = (on: boolean) => {
      if (on === this.#holding || (on && this.#hold.disabled)) return;
      this.#holding = on;
      this.#hold.setAttribute("aria-pressed", String(on));
      actions.hold(on);
    };
    this.#hold.addEventListener("pointerdown", (e) => {
      this.#hold.setPointerCapture(e.pointerId);
      e.preventDefault();
      press(true);
    });
    for (const end of ["pointerup", "pointercancel", "lostpointercapture", "blur"] as const) this.#hold.addEventListener(end, () => press(false));
    this.#hold.addEventListener("keydown", (e) => {
      if ((e.key === " " || e.key === "Enter") && !e.repeat) press(true);
      if (e.key === " " || e.key === "Enter") e.preventDefault();
    });
    this.#hold.addEventListener("keyup", (e) => (e.key === " " || e.key === "Enter") && press(false));
    this.#hold.addEventListener("contextmenu", (e) => e.preventDefault()); // a long press is holding, not a menu
    this.#people = h("ul", { class: "talk-people", "aria-labelledby": "talk-people-heading" });
    this.#play = button("talkPlay", "talk-play primary", () => {
      this.#play.hidden = true;
      actions.play();
    });
    this.#play.hidden = true;
    const check = button("talkCheck", "talk-check", () => actions.check());
    check.setAttribute("aria-haspopup", "dialog");
    this.element = h(
      "section",
      { class: "panel talk", "aria-labelledby": "talk-heading", hidden: true },
      h("h2", { id: "talk-heading" }, ...w.ruby("talkHeading")),
      this.#where,
      this.#state,
      this.#play,
      h("div", { class: "talk-actions" }, this.#join, this.#speak, this.#stop, this.#hold, this.#leave),
      this.#holdHint,
      this.#why,
      h("h3", { id: "talk-people-heading" }, ...w.ruby("talkPeople")),
      this.#people,
      check,
    );
  }

  /** Offers the tap the browser wants before it plays the others' voices. */
  askToPlay(): void {
    this.#play.hidden = false;
  }

  set mode(mode: SpeakMode) {
    this.#mode = mode;
    if (this.#talk) this.update(this.#talk, this.#me);
  }

  /** Is the push-to-talk button (or key) held now? */
  get holding(): boolean {
    return this.#holding;
  }

  /** Push to talk by the keyboard shortcut: shown on the button as if it were held. */
  holdByKey(on: boolean): void {
    if (this.#hold.hidden || this.#hold.disabled) return;
    this.#holding = on;
    this.#hold.setAttribute("aria-pressed", String(on));
  }

  update(talk: Talk, me: string): void {
    this.#talk = talk;
    this.#me = me;
    const w = this.#w;
    const here = talk.group !== null;
    this.element.hidden = !here;
    if (!here) return;
    setText(this.#where, this.#groupName(talk.group ?? ""));
    const push = this.#mode === "push";
    this.#join.hidden = talk.joined;
    const cannotJoin = !talk.joined && (talk.full || talk.locked);
    this.#join.disabled = cannotJoin;
    this.#leave.hidden = !talk.joined;
    this.#speak.hidden = !talk.joined || talk.mic || push;
    this.#speak.disabled = !talk.canSpeak;
    this.#stop.hidden = !talk.joined || !talk.mic || push;
    this.#hold.hidden = !talk.joined || !push;
    this.#hold.disabled = !talk.canSpeak;
    this.#holdHint.hidden = this.#hold.hidden || this.#hold.disabled;
    // Why speaking (or joining) is not possible now, kindly; nothing when it is.
    const why: VoiceWord | null = cannotJoin ? (talk.locked ? "talkLocked" : "talkFull") : !talk.joined || talk.canSpeak ? null : talk.muted ? "talkWhyMuted" : talk.group === "lesson" ? "talkWhyTurn" : "talkWhyListen";
    this.#why.replaceChildren(...(why ? w.ruby(why, { n: VOICE_LIMITS.spotPeople }) : []));
    const state: VoiceWord = !talk.joined ? "talkLead" : talk.mic ? "talkMicOn" : "talkListening";
    if (state !== this.#said) {
      this.#said = state;
      this.#state.replaceChildren(...w.ruby(state));
    }
    this.element.classList.toggle("is-joined", talk.joined);
    this.element.classList.toggle("is-speaking", talk.mic);
    this.#renderPeople();
  }

  /** Marks a person as speaking now (or no longer): a calm mark in the list, never a flash. */
  speaking(id: string, on: boolean): void {
    if (on === this.#speaking.has(id)) return;
    if (on) this.#speaking.add(id);
    else this.#speaking.delete(id);
    this.#renderPeople();
  }

  #renderPeople(): void {
    const talk = this.#talk;
    if (!talk) return;
    const w = this.#w;
    if (talk.people.length === 0) {
      this.#people.replaceChildren(h("li", { class: "talk-nobody" }, w.text("talkNobody")));
      return;
    }
    this.#people.replaceChildren(
      ...talk.people.map((p) => {
        const speaking = this.#speaking.has(p.session);
        return h(
          "li",
          { class: `talk-person${speaking ? " is-speaking" : ""}`, "data-session": p.session },
          h("span", { class: "talk-name" }, p.nickname, p.session === this.#me ? ` ${w.text("personYou")}` : ""),
          p.staff ? h("span", { class: "talk-tag" }, w.text("personStaff")) : null,
          p.mic ? h("span", { class: "talk-tag talk-mic" }, w.text("personMic")) : null,
          speaking ? h("span", { class: "talk-tag talk-speaking" }, w.text("personSpeaking")) : null,
        );
      }),
    );
  }

  #groupName(group: string): string {
    if (group === "counselling") return this.#w.text("groupCounselling");
    if (group === "lesson") return this.#w.text("groupLesson");
    const spot = TALK_SPOTS.find((s) => `spot:${s.id}` === group);
    return spot ? spot.name[this.#lang] : this.#w.text("talkHeading");
  }
}
