import { TALK_SPOTS, type TalkSpot, VOICE_LIMITS, spotGroup } from "../../../shared/domain/voice.ts";
import type { TalkRefusal, VoiceGroups } from "../../../shared/protocol/voice.ts";
import type { Lang } from "../../i18n/index.ts";
import type { AvatarView, LessonView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import { type GroupPerson, NO_GROUPS, lessonListeners, mutedOutside, peopleIn } from "./voiceOverview.ts";
import { type VoiceWords, refusalWords, voiceWords } from "./voiceWords.ts";

/** What staff can do with voice from the console (docs/voice.md: the capability runVoice). */
export interface VoiceConsoleActions {
  /** Mutes a person's voice for the space, or lets them speak again. */
  mute(session: string, muted: boolean): void;
  endSpot(spot: string): void;
  lockSpot(spot: string, locked: boolean): void;
  lessonVoice(on: boolean): void;
  /** Shares a screen to the board (the browser's picker opens on this press), or stops sharing. */
  share(on: boolean): void;
  endTurn(): void;
  offer(session: string): void;
  /** A notice on the page (the shell's): an answer to an offer, a refusal. */
  notify(text: string, kind: "info" | "error"): void;
}

/**
 * The console's voice part (issue 16): every voice group with who is in it, whose microphone is
 * on and who is voice-muted, with a voice mute per person; each talk spot's lock and end; the
 * lesson's voice and turn for its teacher (and the peer-to-peer cap, said plainly); and the
 * offer of a voice talk to a child in the counselling room. The server decides everything; this
 * shows what it said (voiceGroups) and asks. Rows are updated in place, so focus survives.
 */
export class VoiceConsole {
  readonly element: HTMLElement;
  readonly #w: VoiceWords;
  readonly #spots: Array<{ spot: TalkSpot; people: VoicePeople; lock: HTMLButtonElement; locked: HTMLElement }>;
  readonly #nobody: HTMLElement;
  readonly #lessonBox: HTMLElement;
  readonly #lessonState: HTMLElement;
  readonly #teacherOnly: HTMLElement;
  readonly #lessonToggle: HTMLButtonElement;
  readonly #endTurn: HTMLButtonElement;
  readonly #shareButton: HTMLButtonElement;
  readonly #shareState: HTMLElement;
  readonly #shareHint: HTMLElement;
  /** I share a screen to the board now (my talk says so). */
  #sharing = false;
  readonly #turnLine: HTMLElement;
  readonly #listeners: HTMLElement;
  readonly #cap: HTMLElement;
  readonly #lessonPeople: VoicePeople;
  readonly #goThere: HTMLElement;
  readonly #nobodyThere: HTMLElement;
  readonly #offerList: HTMLUListElement;
  readonly #offers = new Map<string, { li: HTMLLIElement; state: HTMLElement }>();
  readonly #inTalkBox: HTMLElement;
  readonly #counsellingPeople: VoicePeople;
  readonly #mutedBox: HTMLElement;
  readonly #mutedPeople: VoicePeople;
  readonly #people = new Map<string, { nickname: string; zone: string; staff: boolean }>();
  /** Children offered a voice talk, waiting for their answer (by nickname, as the answer names them). */
  readonly #waiting = new Set<string>();
  #overview: VoiceGroups = NO_GROUPS;
  #me: { id: string; nickname: string; zone: string } | null = null;
  #lesson: LessonView | null = null;
  /** The talk where I stand, as the server sent it: "lesson" there means the lesson's voice is on. */

  constructor(
    private readonly lang: Lang,
    private readonly actions: VoiceConsoleActions,
  ) {
    const w = (this.#w = voiceWords(lang));
    const button = (label: string, cls = "") => h("button", { type: "button", class: `small ${cls}`.trim() }, label);
    const isMe = (session: string) => session === this.#me?.id;
    const people = (label: string) => new VoicePeople(w, label, isMe, (session, muted) => actions.mute(session, muted));

    // The lesson's voice: for its teacher; everyone sees whether it is on and who listens.
    this.#lessonState = h("p", { class: "voice-state", "aria-live": "polite" });
    this.#teacherOnly = h("p", { class: "hint", hidden: true });
    this.#lessonToggle = button(w("lessonVoiceOn"), "primary");
    this.#lessonToggle.addEventListener("click", () => actions.lessonVoice(!this.#lessonVoiceOn()));
    this.#endTurn = button(w("endTurn"));
    this.#endTurn.addEventListener("click", () => actions.endTurn());
    // The screen share: the press itself opens the browser's picker (it asks only in a press's turn).
    this.#shareButton = button(w("screenShareOn"));
    this.#shareButton.setAttribute("aria-describedby", "voice-share-hint");
    this.#shareButton.addEventListener("click", () => actions.share(!this.#sharing));
    this.#shareHint = h("p", { class: "hint", id: "voice-share-hint" }, w("screenShareHint"));
    this.#shareState = h("p", { class: "voice-state on", "aria-live": "polite", hidden: true }, w("screenSharingNow"));
    this.#turnLine = h("p", { class: "voice-turn", hidden: true });
    this.#listeners = h("p", { class: "hint" });
    this.#cap = h("p", { class: "voice-cap", hidden: true }, w("p2pFull", { max: VOICE_LIMITS.p2pListeners }));
    this.#lessonPeople = people(w("lessonTitle"));
    this.#lessonBox = h(
      "div",
      { class: "voice-group voice-lesson", role: "group", "aria-labelledby": "voice-lesson-title", hidden: true },
      h("h4", { id: "voice-lesson-title" }, `📖 ${w("lessonTitle")}`),
      this.#lessonState,
      this.#teacherOnly,
      h("div", { class: "row" }, this.#lessonToggle, this.#endTurn),
      h("div", { class: "row" }, this.#shareButton),
      this.#shareHint,
      this.#shareState,
      this.#turnLine,
      this.#listeners,
      this.#cap,
      this.#lessonPeople.element,
    );

    // The counselling room: the offer, to a child in the room with me; then who talks there.
    this.#goThere = h("p", { class: "hint" }, w("counsellingGoThere"));
    this.#nobodyThere = h("p", { class: "hint" }, w("counsellingNobody"));
    this.#offerList = h("ul", { class: "voice-offers", "aria-label": w("counsellingTitle") });
    this.#counsellingPeople = people(w("counsellingInTalk"));
    this.#inTalkBox = h("div", { class: "voice-in-talk", hidden: true }, h("h5", {}, w("counsellingInTalk")), this.#counsellingPeople.element);
    const counselling = h(
      "div",
      { class: "voice-group voice-counselling", role: "group", "aria-labelledby": "voice-counselling-title" },
      h("h4", { id: "voice-counselling-title" }, `🚪 ${w("counsellingTitle")}`),
      h("p", { class: "hint" }, w("counsellingHint")),
      this.#goThere,
      this.#nobodyThere,
      this.#offerList,
      this.#inTalkBox,
    );

    // Every talk spot, always: a spot can be locked before anyone is in it.
    const spotList = h("ul", { class: "voice-spots", "aria-labelledby": "voice-spots-title" });
    this.#spots = TALK_SPOTS.map((spot) => {
      const name = spot.name[lang];
      const locked = h("span", { class: "voice-locked", hidden: true }, w("spotLocked"));
      const lock = button(w("spotLock"));
      lock.addEventListener("click", () => actions.lockSpot(spot.id, !this.#overview.locked.includes(spot.id)));
      const end = button(w("spotEnd"), "warn");
      end.setAttribute("aria-label", w("spotEndName", { spot: name }));
      end.addEventListener("click", () => actions.endSpot(spot.id));
      const list = people(name);
      const titleId = `voice-spot-${spot.id}`;
      const box = h("div", { class: "voice-spot-box", role: "group", "aria-labelledby": titleId }, h("h5", { id: titleId }, name, " ", locked), list.element, h("div", { class: "row" }, lock, end));
      const li = h("li", { class: "voice-spot", "data-spot": spot.id }, box);
      spotList.append(li);
      return { spot, people: list, lock, locked };
    });

    this.#nobody = h("p", { class: "empty" }, w("nobodyTalking"));
    this.#mutedPeople = people(w("mutedElsewhere"));
    this.#mutedBox = h("div", { class: "voice-group voice-muted-others", hidden: true }, h("h4", {}, w("mutedElsewhere")), this.#mutedPeople.element);

    this.element = h(
      "section",
      { class: "console-section voice-console", "aria-labelledby": "voice-console-title" },
      h("h3", { id: "voice-console-title" }, `🎙️ ${w("voiceConsole")}`),
      h("p", { class: "hint" }, w("voiceHint")),
      this.#nobody,
      this.#lessonBox,
      counselling,
      h("div", { class: "voice-group" }, h("h4", { id: "voice-spots-title" }, `💬 ${w("spotsTitle")}`), spotList),
      this.#mutedBox,
    );
    this.#render();
  }

  /** The server's overview of every voice group (staff receive it whenever it changes). */
  groups(overview: VoiceGroups): void {
    this.#overview = overview;
    this.#render();
  }

  /** Who shares a screen in my talk (Talk.screen): the button says "stop" while it is me. */
  screen(sharer: string | null): void {
    this.#sharing = sharer !== null && sharer === this.#me?.id;
    this.#renderLesson();
  }

  lesson(lesson: LessonView | null): void {
    this.#lesson = lesson;
    this.#renderLesson();
  }

  person(avatar: AvatarView, isMe: boolean): void {
    this.#people.set(avatar.id, { nickname: avatar.nickname, zone: avatar.zone, staff: avatar.staff });
    if (isMe) this.#me = { id: avatar.id, nickname: avatar.nickname, zone: avatar.zone };
    this.#render();
  }

  gone(id: string): void {
    this.#people.delete(id);
    this.#render();
  }

  /** A child answered my offer of a voice talk: either answer is fine, and said so. */
  answer(answer: { about: string; accept: boolean; unanswered?: true | undefined }): void {
    this.#waiting.delete(answer.about);
    this.actions.notify(this.#w(answer.unanswered ? "voiceUnanswered" : answer.accept ? "voiceAnswerYes" : "voiceAnswerNo", { name: answer.about }), "info");
    this.#renderCounselling();
  }

  /** A refusal of one of my voice actions; false if it was not a staff action's (the voice part's, then). */
  refused(refusal: { code: TalkRefusal; about?: string | undefined }): boolean {
    const key = refusalWords(refusal.code, refusal.about);
    if (!key) return false;
    if (refusal.about === "voiceOffer") this.#waiting.clear();
    this.actions.notify(this.#w(key), "error");
    this.#renderCounselling();
    return true;
  }

  #lessonVoiceOn(): boolean {
    return this.#overview.lessonVoice;
  }

  #render(): void {
    const o = this.#overview;
    for (const spot of this.#spots) {
      const locked = o.locked.includes(spot.spot.id);
      spot.locked.hidden = !locked;
      setText(spot.lock, this.#w(locked ? "spotUnlock" : "spotLock"));
      spot.lock.setAttribute("aria-label", this.#w(locked ? "spotUnlockName" : "spotLockName", { spot: spot.spot.name[this.lang] }));
      spot.people.update(peopleIn(o, spotGroup(spot.spot)));
    }
    this.#nobody.hidden = o.groups.length > 0;
    const muted = mutedOutside(o).map((session): GroupPerson => ({ session, nickname: this.#people.get(session)?.nickname ?? "?", mic: false, staff: this.#people.get(session)?.staff ?? false, muted: true }));
    this.#mutedPeople.update(muted);
    this.#mutedBox.hidden = muted.length === 0;
    this.#renderLesson();
    this.#renderCounselling();
  }

  #renderLesson(): void {
    const w = this.#w;
    const lesson = this.#lesson;
    const on = this.#lessonVoiceOn();
    this.#lessonBox.hidden = lesson === null && !on;
    const teacher = lesson?.teacher ?? "";
    const mine = lesson !== null && teacher === this.#me?.nickname;
    setText(this.#lessonState, w(on ? "lessonVoiceIsOn" : "lessonVoiceIsOff"));
    this.#lessonState.classList.toggle("on", on);
    this.#teacherOnly.hidden = mine || lesson === null;
    setText(this.#teacherOnly, w("lessonVoiceTeacherOnly", { teacher }));
    this.#lessonToggle.hidden = !mine;
    setText(this.#lessonToggle, w(on ? "lessonVoiceOff" : "lessonVoiceOn"));
    this.#lessonToggle.classList.toggle("primary", !on);
    this.#shareButton.hidden = !mine;
    this.#shareHint.hidden = !mine;
    setText(this.#shareButton, w(this.#sharing ? "screenShareOff" : "screenShareOn"));
    this.#shareState.hidden = !this.#sharing || !mine;
    // Whoever has the turn, it can be taken back while the voice is on ("next" is the only way to give it).
    this.#endTurn.hidden = !on || lesson === null;
    const turn = this.#overview.turn;
    const turnName = turn ? this.#people.get(turn)?.nickname : undefined;
    setText(this.#endTurn, w("endTurn"));
    this.#endTurn.setAttribute("aria-label", turnName ? w("endTurnName", { name: turnName }) : w("endTurn"));
    this.#turnLine.hidden = !turnName || !on;
    setText(this.#turnLine, turnName ? w("turnOf", { name: turnName }) : "");
    const listeners = lessonListeners(this.#overview, (p) => p.staff && p.nickname === teacher);
    this.#listeners.hidden = !on;
    setText(this.#listeners, w("lessonListeners", { n: listeners.count, max: VOICE_LIMITS.p2pListeners }));
    this.#cap.hidden = !listeners.full;
    this.#lessonPeople.update(peopleIn(this.#overview, "lesson"));
  }

  #renderCounselling(): void {
    const inTalk = peopleIn(this.#overview, "counselling");
    this.#counsellingPeople.update(inTalk);
    this.#inTalkBox.hidden = inTalk.length === 0;
    const here = this.#me?.zone === "counselling";
    const talking = new Set(inTalk.map((p) => p.session));
    const children = [...this.#people].filter(([id, p]) => !p.staff && p.zone === "counselling" && !talking.has(id));
    // Nobody to offer to: no need to go there.
    this.#goThere.hidden = here || children.length === 0;
    this.#nobodyThere.hidden = !here || children.length > 0 || inTalk.length > 0;
    const shown = new Set<string>();
    for (const [id, p] of here ? children : []) {
      shown.add(id);
      let row = this.#offers.get(id);
      if (!row) {
        const offer = h("button", { type: "button", class: "small primary", "aria-label": this.#w("voiceOfferName", { name: p.nickname }) }, this.#w("voiceOffer"));
        offer.addEventListener("click", () => {
          this.#waiting.add(p.nickname);
          this.actions.offer(id);
          this.#renderCounselling();
        });
        const state = h("span", { class: "hint voice-waiting" });
        row = { li: h("li", { class: "voice-offer" }, h("span", { class: "person-name" }, p.nickname), " ", offer, " ", state), state };
        this.#offers.set(id, row);
        this.#offerList.append(row.li);
      }
      setText(row.state, this.#waiting.has(p.nickname) ? this.#w("voiceOffered", { name: p.nickname }) : "");
    }
    for (const [id, row] of this.#offers) {
      if (shown.has(id)) continue;
      row.li.remove();
      this.#offers.delete(id);
    }
    this.#offerList.hidden = this.#offers.size === 0;
  }
}

/** The people of one voice group: a row each, kept while they stay, so a focused button survives. */
class VoicePeople {
  readonly element: HTMLUListElement;
  readonly #rows = new Map<string, { li: HTMLLIElement; mic: HTMLElement; muted: HTMLElement; button: HTMLButtonElement | null; person: GroupPerson }>();

  constructor(
    private readonly w: VoiceWords,
    label: string,
    private readonly isMe: (session: string) => boolean,
    private readonly mute: (session: string, muted: boolean) => void,
  ) {
    this.element = h("ul", { class: "voice-people", "aria-label": label });
  }

  update(people: readonly GroupPerson[]): void {
    const w = this.w;
    const present = new Set<string>();
    for (const person of people) {
      present.add(person.session);
      let row = this.#rows.get(person.session);
      if (!row) {
        const me = this.isMe(person.session);
        const mic = h("span", { class: "voice-mic" });
        const muted = h("span", { class: "voice-muted" });
        const button = me ? null : h("button", { type: "button", class: "small" });
        const made = { li: h("li", { class: `voice-person${person.staff ? " staff" : ""}`, "data-session": person.session }), mic, muted, button, person };
        button?.addEventListener("click", () => this.mute(person.session, !made.person.muted));
        made.li.append(
          h(
            "p",
            { class: "person-head" },
            h("span", { class: "person-name" }, person.nickname),
            me ? h("span", { class: "person-you" }, w("you")) : null,
            person.staff ? h("span", { class: "staff-mark" }, w("staffMark")) : null,
          ),
          h("p", { class: "person-meta" }, mic, muted),
          ...(button ? [button] : []),
        );
        this.element.append(made.li);
        this.#rows.set(person.session, (row = made));
      }
      row.person = person;
      setText(row.mic, w(person.mic && !person.muted ? "micOn" : "listening"));
      row.mic.classList.toggle("on", person.mic && !person.muted);
      setText(row.muted, person.muted ? w("voiceMuted") : "");
      row.li.classList.toggle("muted", person.muted);
      if (row.button) {
        setText(row.button, w(person.muted ? "voiceUnmute" : "voiceMute"));
        row.button.setAttribute("aria-label", w(person.muted ? "voiceUnmuteName" : "voiceMuteName", { name: person.nickname }));
      }
    }
    for (const [session, row] of this.#rows) {
      if (present.has(session)) continue;
      row.li.remove();
      this.#rows.delete(session);
    }
    this.element.hidden = this.#rows.size === 0;
  }
}
