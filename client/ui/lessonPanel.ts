import { LIMITS } from "../../shared/domain/limits.ts";
import { QUESTION_PHRASE_IDS } from "../../shared/domain/lesson.ts";
import type { ErrorCode, ServerEvent } from "../../shared/protocol/events.ts";
import { PollEvents, type PollView } from "../../shared/protocol/pollEvents.ts";
import { type MyQuestions, QuestionEvents } from "../../shared/protocol/questionEvents.ts";
import { LessonMessages } from "../../shared/protocol/lessonMessages.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import type { AvatarView, Connection, LessonView } from "../net/connection.ts";
import { type TableHost, TablePart } from "./tablePanel.ts";
import { h, setText } from "./dom.ts";
import { type LessonTranslate, QUESTION_PHRASES, lessonLine, lessonSays, lessonWords } from "./lessonWords.ts";
import { PollCard } from "./pollCard.ts";

export { lessonLine, lessonSays, lessonWords };

/**
 * What the lesson's panel needs of the page: the connection (it asks the server itself, so the
 * first visit carries no code for it; it adds what it says and hears beyond a first visit's
 * protocol: speak, hear), who is here, the chat's "send to" choice, and notices.
 */
export type LessonHost = TableHost & { net: Pick<Connection, "send" | "sessionId" | "on" | "speak" | "hear"> };
/** A lesson begun longer ago than this when it is first shown was on before I came: one here at its start has the notice that it started and the lesson itself within a moment. */
const ALREADY_ON_MS = 3000;

/**
 * The lesson as a child follows it (issue 15): what is on and who teaches it, a seat at a desk
 * (or none: following from anywhere is as welcome), their own place in the hand queue, and a
 * question for the teacher that nobody else sees, typed or with one tap. Hidden while no lesson
 * is on. The server decides everything; this only asks.
 */
export class LessonPanel {
  readonly element: HTMLElement;
  readonly #what: HTMLElement;
  readonly #sit: HTMLButtonElement;
  readonly #stand: HTMLButtonElement;
  readonly #place: HTMLElement;
  readonly #answers: HTMLElement;
  /** My questions still waiting for the teacher's answer: the list, and it with its title (hidden while none wait). */
  readonly #waiting: HTMLElement;
  readonly #waitingPart: HTMLElement;
  readonly #poll: PollCard;
  readonly #t: Translate;
  readonly #w: LessonTranslate;
  readonly #notify: LessonHost["notify"];
  /** The lesson last shown (its start, epoch seconds), 0 for none: a child is told of one on as they come in once. */
  #since = 0;
  readonly #lang: Lang;
  /** Group tables, in table time (tablePanel.ts). */
  readonly tables: TablePart;
  #inClassroom = false;
  #seated = false;

  constructor(t: Translate, lang: Lang, host: LessonHost) {
    const w = lessonWords(lang);
    const net = host.net;
    this.#t = t;
    this.#w = w;
    this.#notify = host.notify;
    this.#lang = lang;
    this.#what = h("p", { class: "lesson-what" });
    this.#sit = h("button", { type: "button", class: "lesson-sit" }, `🪑 ${w("lessonSit")}`);
    this.#sit.addEventListener("click", () => net.send("sit", {}));
    this.#stand = h("button", { type: "button", class: "lesson-stand", hidden: true }, w("lessonStand"));
    this.#stand.addEventListener("click", () => net.send("stand", {}));
    this.tables = new TablePart(w, host, t("listSeparator"));
    // Where I am, and who sits where (my table's people), as the space says it: others' walking
    // changes nothing here, only their sitting down or standing up.
    const seats = new Map<string, number>();
    const seen = (avatar: AvatarView, isMe: boolean) => {
      if (isMe) return this.me(avatar.zone, avatar.seat);
      if (seats.get(avatar.id) === avatar.seat) return;
      seats.set(avatar.id, avatar.seat);
      this.tables.render();
    };
    net.on("avatarAdded", seen);
    net.on("avatarChanged", seen);
    net.on("avatarRemoved", (id) => {
      seats.delete(id);
      this.tables.render();
    });
    const mine = host.names.get(net.sessionId ?? "");
    this.#place = h("p", { class: "lesson-place", "aria-live": "polite" });
    this.#poll = new PollCard(lang, (answer) => net.send("answerPoll", answer));

    const input = h("input", { id: "question-text", type: "text", maxlength: LIMITS.chatMaxChars, autocomplete: "off" });
    const form = h(
      "form",
      { class: "question-form" },
      h("label", { for: "question-text" }, w("lessonAsk")),
      input,
      h("button", { type: "submit" }, t("send")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return input.focus();
      net.send("question", { text });
      input.value = "";
    });
    const phrases = h(
      "div",
      { class: "question-phrases", role: "group", "aria-label": w("lessonAskPhrases") },
      ...QUESTION_PHRASE_IDS.map((id) => {
        const button = h("button", { type: "button", class: "phrase" }, QUESTION_PHRASES[id][lang]);
        button.addEventListener("click", () => net.send("question", { phrase: id }));
        return button;
      }),
    );
    this.#waiting = h("ul", { "aria-labelledby": "lesson-waiting-title" });
    this.#waitingPart = h("div", { class: "lesson-waiting", hidden: true }, h("p", { id: "lesson-waiting-title" }, `⏳ ${w("lessonWaiting")}`), this.#waiting);
    this.#answers = h("ul", { class: "lesson-answers", "aria-live": "polite", "aria-label": w("lessonAnswers") });

    this.element = h(
      "section",
      { class: "panel lesson", "aria-labelledby": "lesson-title", hidden: true },
      h("h2", { id: "lesson-title" }, `📖 ${w("lessonHeading")}`),
      this.#what,
      h("p", { class: "lesson-note" }, w("lessonFromAnywhere")),
      h("div", { class: "lesson-seat" }, this.#sit, this.#stand),
      this.#place,
      this.#poll.element,
      this.tables.element,
      form,
      phrases,
      this.#waitingPart,
      this.#answers,
    );
    if (mine) this.me(mine.zone, mine.seat);
    this.#connectPolls(host);
  }

  /**
   * What the panel says and hears beyond a first visit's protocol: quick checks (their schemas
   * come with it; a quick check sent before is heard now). A new one and a closed one are told in
   * the page's notices, a live region: nobody's focus is moved.
   */
  #connectPolls(host: LessonHost): void {
    const net = host.net;
    let last: { id: string; closed: boolean } | null = null;
    net.speak(LessonMessages);
    net.on("poll", (poll) => {
      const closed = poll.result !== undefined;
      if (last?.id !== poll.id && !closed) host.notify(this.#w("pollNew", { question: poll.question }), 8000);
      else if (last?.id === poll.id && !last.closed && closed) host.notify(this.#w("pollClosedNotice"), 8000);
      last = { id: poll.id, closed };
      this.poll(poll);
    });
    net.on("serverError", (error) => {
      if (error.about === "answerPoll" && (error.code === "no_poll" || error.code === "bad_answer")) this.pollRefused(error.code);
    });
    net.on("myQuestions", (mine) => this.waiting(mine));
    net.hear({ ...PollEvents, ...QuestionEvents });
  }

  /** The lesson on now, or none (the panel hides, and the ended lesson's answers go with it). */
  show(lesson: LessonView | null): void {
    // A lesson begun a while before I came: nobody told me it started (that notice went to those
    // here then), and this panel may be below the fold.
    if (lesson && lesson.since !== this.#since && lesson.since * 1000 < Date.now() - ALREADY_ON_MS) this.#notify(this.#w("noticeLessonOn", { about: lesson.title }), 10_000);
    this.#since = lesson?.since ?? 0;
    this.element.hidden = lesson === null;
    if (lesson === null) {
      this.#answers.replaceChildren();
      this.waiting({ items: [] });
      this.#poll.clear();
    }
    if (lesson) setText(this.#what, lessonLine(this.#w, this.#t("listSeparator"), lesson));
  }

  /** Where I am: a seat is taken in the classroom; seated, the button stands me up (a self-study desk is the study panel's). */
  me(zone: string, seat: number): void {
    this.#inClassroom = zone === "classroom";
    this.#seated = seat > 0 && this.#inClassroom;
    this.#sit.hidden = this.#seated || !this.#inClassroom;
    this.#stand.hidden = !this.#seated;
    this.tables.me(zone, seat);
  }

  /** My place in the hand queue (1 = next), 0 when my hand is down. */
  place(place: number): void {
    setText(this.#place, place > 0 ? this.#w("lessonHandPlace", { place }) : "");
  }

  answered(answer: ServerEvent<"answer">): void {
    const asked = answer.phrase ? QUESTION_PHRASES[answer.phrase][this.#lang] : answer.question;
    const to = this.#w(answer.toClass ? "lessonAnswerClass" : "lessonAnswerYou");
    this.#answers.append(
      h("li", { class: "lesson-answer" }, h("span", { class: "lesson-asked" }, `${to}: ${asked}`), h("span", { class: "lesson-reply" }, `${answer.by}: ${answer.text}`)),
    );
    while (this.#answers.children.length > 10) this.#answers.firstElementChild?.remove();
  }

  /**
   * My questions the teacher has not answered yet, as the server keeps them: a question sent is
   * not gone, it waits (the notice that it arrived fades in 5 s). Not a live region: the notice
   * said it arrived, and its answer is said where answers are.
   */
  waiting({ items }: MyQuestions): void {
    this.#waiting.replaceChildren(...items.map((item) => h("li", {}, item.phrase ? QUESTION_PHRASES[item.phrase][this.#lang] : (item.text ?? ""))));
    this.#waitingPart.hidden = items.length === 0;
  }

  /** The quick check open now, or closed with its result. */
  poll(poll: PollView): void {
    this.#poll.show(poll);
  }

  pollRefused(code: ErrorCode): void {
    this.#poll.refused(code);
  }
}
