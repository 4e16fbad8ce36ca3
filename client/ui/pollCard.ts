import { POLL_LIMITS, type PollAnswer, groupValues } from "../../shared/domain/polls.ts";
import type { PollAnswerView, PollView } from "../../shared/protocol/pollEvents.ts";
import type { ErrorCode } from "../../shared/protocol/events.ts";
import type { Lang } from "../i18n/index.ts";
import { h, setText } from "./dom.ts";
import { type LessonTranslate, lessonWords } from "./lessonWords.ts";
import "./poll.css";

/** What a child's answer is sent with: the poll's id and the answer (lessonMessages.ts answerPoll). */
export type SendAnswer = (answer: PollAnswer & { poll: string }) => void;

/**
 * A quick check as a child answers it (issue 15), in the lesson's panel: the teacher's question,
 * its choices as radio buttons (or a number field), "send", and "I'd rather not answer" always
 * beside it, one tap. Sent, it says so, and that the answer can be changed until the teacher
 * closes it. Closed, it shows how many chose what, never who, with the child's own answer marked
 * and, for a quiz, the correct one. It never takes the focus: a new question is told in the
 * page's notices (a live region) and waits here.
 */
export class PollCard {
  readonly element: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #body: HTMLElement;
  readonly #status: HTMLElement;
  readonly #w: LessonTranslate;
  readonly #send: SendAnswer;
  #poll: PollView | null = null;

  constructor(lang: Lang, send: SendAnswer) {
    this.#w = lessonWords(lang);
    this.#send = send;
    this.#heading = h("h3", { id: "poll-heading", tabindex: -1 });
    this.#body = h("div", { class: "poll-body" });
    // Acknowledgements and problems, read out where they happen without moving anyone's focus.
    this.#status = h("p", { class: "poll-status", role: "status" });
    this.element = h("section", { class: "poll", "aria-labelledby": "poll-heading", hidden: true }, this.#heading, this.#body, this.#status);
  }

  get id(): string | null {
    return this.#poll?.id ?? null;
  }

  /**
   * A quick check as the server says it is now. The same open poll again (my answer arrived) only
   * updates what is shown as mine, so a child halfway through changing it loses nothing.
   */
  show(poll: PollView): void {
    const same = this.#poll?.id === poll.id && !this.#poll.result && !poll.result;
    // A keyboard user whose control goes (the form becomes the result) keeps their place here.
    const hadFocus = this.#body.contains(document.activeElement);
    const keepPlace = () => {
      if (hadFocus && !this.#body.contains(document.activeElement)) this.#heading.focus();
    };
    this.#poll = poll;
    this.element.hidden = false;
    setText(this.#heading, this.#w(poll.quiz ? "pollQuizHeading" : "pollHeading"));
    if (poll.result) {
      // Told in the page's notices (the lesson panel's #connectPolls); here it stays to be read at any time.
      this.#body.replaceChildren(...this.#result(poll));
      setText(this.#status, "");
      return keepPlace();
    }
    if (!same) {
      this.#body.replaceChildren(this.#form(poll));
      setText(this.#status, "");
      keepPlace();
    }
    if (poll.mine) {
      const answer = this.#answerText(poll, poll.mine);
      this.#status.replaceChildren(h("span", {}, this.#w("pollSent")), " ", h("span", { class: "poll-mine" }, this.#w("pollMine", { answer })));
      this.#select(poll.mine);
    }
  }

  /** No lesson, no quick check. */
  clear(): void {
    this.#poll = null;
    this.element.hidden = true;
    this.#body.replaceChildren();
    setText(this.#status, "");
  }

  /** The server refused my answer: the poll has closed meanwhile, or the answer did not fit. */
  refused(code: ErrorCode): void {
    setText(this.#status, this.#w(code === "no_poll" ? "pollGone" : "pollBadAnswer"));
  }

  #form(poll: PollView): HTMLFormElement {
    const w = this.#w;
    const question = h("legend", { class: "poll-question" }, poll.question);
    const pass = h("button", { type: "button", class: "poll-pass" }, w("pollPass"));
    pass.addEventListener("click", () => this.#send({ poll: poll.id, pass: true }));
    const send = h("button", { type: "submit", class: "poll-send primary" }, w("pollSend"));
    const form = h("form", { class: "poll-form" });
    if (poll.choices) {
      const options = poll.choices.map((choice, i) =>
        h("label", { class: "poll-choice" }, h("input", { id: `poll-option-${i}`, type: "radio", name: "poll-choice", value: String(i) }), h("span", {}, choice)),
      );
      form.append(h("fieldset", {}, question, h("p", { class: "poll-how" }, w("pollChoices")), ...options));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const picked = form.querySelector<HTMLInputElement>('input[name="poll-choice"]:checked');
        if (!picked) return setText(this.#status, w("pollPickOne"));
        this.#send({ poll: poll.id, choice: Number(picked.value) });
      });
    } else {
      const { min, max } = poll;
      const label =
        min !== undefined && max !== undefined ? w("pollNumberBetween", { min, max }) : min !== undefined ? w("pollNumberFrom", { min }) : max !== undefined ? w("pollNumberTo", { max }) : w("pollNumber");
      const input = h("input", {
        id: "poll-number",
        type: "number",
        inputmode: "numeric",
        step: 1,
        min: min ?? -POLL_LIMITS.numberMax,
        max: max ?? POLL_LIMITS.numberMax,
        autocomplete: "off",
      });
      form.append(h("fieldset", {}, question, h("label", { for: "poll-number", class: "poll-how" }, label), input));
      // The page checks first and says what would fit, kindly; the server checks again.
      form.noValidate = true;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const value = input.valueAsNumber;
        const low = min ?? -POLL_LIMITS.numberMax;
        const high = max ?? POLL_LIMITS.numberMax;
        if (input.value.trim() === "" || Number.isNaN(value)) return setText(this.#status, w("pollTypeNumber"));
        if (!Number.isInteger(value)) return setText(this.#status, w("pollWholeNumber"));
        if (value < low || value > high) return setText(this.#status, w("pollOutOfRange", { min: low, max: high }));
        this.#send({ poll: poll.id, value });
      });
    }
    form.append(h("div", { class: "poll-actions" }, send, pass), h("p", { class: "poll-note" }, w("pollPassNote")));
    return form;
  }

  /** Shows my answer as the server has it (a page reloaded mid-poll comes back with it). */
  #select(mine: PollAnswerView): void {
    if (mine.choice !== undefined) {
      const radio = this.#body.querySelector<HTMLInputElement>(`input[name="poll-choice"][value="${mine.choice}"]`);
      if (radio) radio.checked = true;
    }
    const input = this.#body.querySelector<HTMLInputElement>("#poll-number");
    if (input && mine.value !== undefined && input.value === "") input.value = String(mine.value);
  }

  #answerText(poll: PollView, answer: PollAnswerView): string {
    if (answer.pass) return this.#w("pollPassed");
    if (answer.choice !== undefined) return poll.choices?.[answer.choice] ?? "";
    return String(answer.value ?? "");
  }

  /** Counts only: how many chose each answer (a bar, and the number in words), mine marked. */
  #result(poll: PollView): Array<Node | string> {
    const w = this.#w;
    const result = poll.result;
    if (!result) return [];
    const mine = poll.mine;
    const rows: Array<{ label: string; count: number; correct: boolean; mine: boolean }> = poll.choices
      ? poll.choices.map((label, i) => ({ label, count: result.counts[i] ?? 0, correct: result.correct === i, mine: mine?.choice === i }))
      : groupValues(result.values).map(({ value, count }) => ({ label: String(value), count, correct: false, mine: mine?.value === value }));
    const most = Math.max(1, ...rows.map((r) => r.count), result.passed);
    const list = h(
      "ul",
      { class: "poll-result", "aria-labelledby": "poll-result-title" },
      ...rows.map((row) => {
        const bar = h("span", { class: "poll-bar", "aria-hidden": "true" });
        bar.style.width = `${Math.round((row.count / most) * 100)}%`;
        return h(
          "li",
          { class: `poll-row${row.correct ? " correct" : ""}${row.mine ? " mine" : ""}` },
          h("span", { class: "poll-label" }, `${row.label}: ${w("pollCount", { n: row.count })}`),
          row.correct ? h("span", { class: "poll-correct" }, w("pollCorrect")) : null,
          row.mine ? h("strong", { class: "poll-yours" }, w("pollYours")) : null,
          h("span", { class: "poll-track", "aria-hidden": "true" }, bar),
        );
      }),
    );
    const passed = h("p", { class: `poll-passed${mine?.pass ? " mine" : ""}` }, w("pollPassedCount", { n: result.passed }), mine?.pass ? ` ${w("pollYours")}` : "");
    return [
      h("p", { class: "poll-question" }, poll.question),
      h("p", { class: "poll-closed" }, w("pollClosed")),
      h("h4", { id: "poll-result-title" }, w("pollResult")),
      rows.length ? list : h("p", {}, w("pollNoNumbers")),
      passed,
    ];
  }
}
