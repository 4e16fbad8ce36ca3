import { LIMITS } from "../../../shared/domain/limits.ts";
import { GRADE_MAX, SUBJECTS, type Subject } from "../../../shared/domain/lesson.ts";
import { isClassroomSeat } from "../../../shared/domain/seats.ts";
import type { Question } from "../../../shared/protocol/events.ts";
import type { Lang, Translate } from "../../i18n/index.ts";
import type { AvatarView, LessonView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import { type LessonTranslate, QUESTION_PHRASES, SUBJECT_WORD, gradeWord, lessonLine, lessonWords } from "../../ui/lessonWords.ts";
import type { StaffTranslate } from "../i18n.ts";

export interface LessonConsoleActions {
  start(lesson: { title: string; subject?: Subject; grade?: number }): void;
  end(): void;
  /** Asks the teacher first (window.confirm): a misplaced click must not end everyone's lesson. */
  confirm(question: string): boolean;
  /** Ask the child whether their question may go on the board. */
  pin(question: string): void;
  nextHand(): void;
  lowerHands(): void;
  answer(question: string, text: string, toClass: boolean): void;
}

/**
 * The teacher's side of a lesson (issue 15): start one (in the classroom), end it; the hands in
 * the order they went up with "next" and "lower all"; each child's question with an answer to
 * them or to the class; and who sits where. Everything here asks the server, which decides.
 */
export class LessonConsole {
  readonly element: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #running: HTMLElement;
  readonly #what: HTMLElement;
  readonly #hands: HTMLOListElement;
  readonly #questions: HTMLUListElement;
  readonly #seats: HTMLUListElement;
  readonly #names = new Map<string, { nickname: string; seat: number; me: boolean }>();
  /** The questions listed, by id: the server sends the waiting ones again after a dropped link. */
  readonly #listed = new Set<string>();
  #order: string[] = [];
  /** The lesson on now ("" for none). */
  #title = "";
  readonly #w: LessonTranslate;

  constructor(
    private readonly t: Translate,
    private readonly st: StaffTranslate,
    private readonly lang: Lang,
    private readonly actions: LessonConsoleActions,
  ) {
    const w = lessonWords(lang);
    this.#w = w;
    const title = h("input", { id: "lesson-title-input", type: "text", maxlength: LIMITS.lessonTitleMaxChars, autocomplete: "off", required: true });
    const subject = h("select", { id: "lesson-subject" }, h("option", { value: "" }, st("lessonNoSubject")), ...SUBJECTS.map((s) => h("option", { value: s }, w(SUBJECT_WORD[s]))));
    const grade = h(
      "select",
      { id: "lesson-grade" },
      h("option", { value: "" }, st("lessonNoGrade")),
      ...Array.from({ length: GRADE_MAX }, (_, i) => h("option", { value: String(i + 1) }, gradeWord(w, i + 1))),
    );
    this.#form = h(
      "form",
      { class: "lesson-form" },
      h("label", { for: "lesson-title-input" }, st("lessonTitleLabel")),
      title,
      h("label", { for: "lesson-subject" }, st("lessonSubjectLabel")),
      subject,
      h("label", { for: "lesson-grade" }, st("lessonGradeLabel")),
      grade,
      h("p", { class: "hint" }, st("lessonStartHint")),
      h("button", { type: "submit", class: "small primary" }, st("lessonStart")),
    );
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = title.value.trim();
      if (!value) return title.focus();
      actions.start({ title: value, ...(subject.value ? { subject: subject.value as Subject } : {}), ...(grade.value ? { grade: Number(grade.value) } : {}) });
    });

    this.#what = h("p", { class: "lesson-what", "aria-live": "polite" });
    const end = h("button", { type: "button", class: "small warn" }, st("lessonEnd"));
    end.addEventListener("click", () => {
      // Its end closes every child's panel, quick check and tables, and forgets the questions not answered.
      const waiting = this.#listed.size;
      const question = `${st("lessonEndConfirm", { title: this.#title })}${waiting > 0 ? `\n${st("lessonEndUnanswered", { n: waiting })}` : ""}`;
      if (actions.confirm(question)) actions.end();
    });
    const next = h("button", { type: "button", class: "small primary" }, st("handsNext"));
    next.addEventListener("click", () => actions.nextHand());
    const lower = h("button", { type: "button", class: "small" }, st("handsLowerAll"));
    lower.addEventListener("click", () => actions.lowerHands());
    this.#hands = h("ol", { class: "hand-queue", "aria-label": st("handsTitle") });
    this.#questions = h("ul", { class: "question-list", "aria-label": st("questionsTitle") });
    this.#seats = h("ul", { class: "seating", "aria-label": st("seatingTitle") });
    this.#running = h(
      "div",
      { class: "lesson-running", hidden: true },
      this.#what,
      end,
      h("h4", {}, st("handsTitle")),
      this.#hands,
      h("div", { class: "row" }, next, lower),
      h("h4", {}, st("questionsTitle")),
      this.#questions,
      h("h4", {}, st("seatingTitle")),
      this.#seats,
    );
    this.element = h("section", { class: "console-section lesson-console", "aria-labelledby": "lesson-console-title" }, h("h3", { id: "lesson-console-title" }, `📖 ${st("lessonConsole")}`), this.#form, this.#running);
    this.#renderHands();
  }

  show(lesson: LessonView | null): void {
    this.#form.hidden = lesson !== null;
    this.#running.hidden = lesson === null;
    this.#title = lesson?.title ?? "";
    if (lesson) setText(this.#what, lessonLine(this.#w, this.t("listSeparator"), lesson));
    else {
      this.#questions.replaceChildren();
      this.#listed.clear();
    }
  }

  person(avatar: AvatarView, isMe: boolean): void {
    this.#names.set(avatar.id, { nickname: avatar.nickname, seat: avatar.seat, me: isMe });
    this.#renderSeats();
    this.#renderHands();
  }

  gone(id: string): void {
    this.#names.delete(id);
    this.#renderSeats();
  }

  hands(order: string[]): void {
    this.#order = order;
    this.#renderHands();
  }

  /** Lists a question: answers what was asked, in words, or null if it is listed already. */
  question(q: Question): string | null {
    if (this.#listed.has(q.id)) return null;
    this.#listed.add(q.id);
    const asked = q.phrase ? QUESTION_PHRASES[q.phrase][this.lang] : (q.text ?? "");
    const input = h("input", { type: "text", maxlength: LIMITS.chatMaxChars, autocomplete: "off", "aria-label": this.st("answerTo", { name: q.nickname }) });
    const send = (toClass: boolean) => {
      const text = input.value.trim();
      if (!text) return input.focus();
      this.actions.answer(q.id, text, toClass);
      item.remove();
      this.#listed.delete(q.id);
    };
    const toChild = h("button", { type: "button", class: "small" }, this.st("answerPrivately"));
    toChild.addEventListener("click", () => send(false));
    const toClass = h("button", { type: "button", class: "small" }, this.st("answerToClass"));
    toClass.addEventListener("click", () => send(true));
    // A written question can go on the board, if its child agrees (they are asked).
    const pin = q.text ? h("button", { type: "button", class: "small" }, this.st("pinQuestion")) : null;
    pin?.addEventListener("click", () => this.actions.pin(q.id));
    const item = h("li", { class: "question" }, h("p", {}, h("strong", {}, q.nickname), `: ${asked}`), input, h("div", { class: "row" }, toChild, toClass, pin));
    this.#questions.append(item);
    return asked;
  }

  #renderHands(): void {
    const items = this.#order.map((id) => h("li", {}, this.#names.get(id)?.nickname ?? "?"));
    this.#hands.replaceChildren(...(items.length ? items : [h("li", { class: "empty" }, this.st("handsNone"))]));
  }

  #renderSeats(): void {
    // The classroom's seats only: a child at a self-study desk is in the self-study list, one on a cushion is resting.
    const seated = [...this.#names.values()].filter((p) => isClassroomSeat(p.seat)).sort((a, b) => a.seat - b.seat);
    const items = seated.map((p) => h("li", {}, this.st("seatOf", { seat: p.seat, name: p.nickname })));
    this.#seats.replaceChildren(...(items.length ? items : [h("li", { class: "empty" }, this.st("seatingNone"))]));
  }
}
