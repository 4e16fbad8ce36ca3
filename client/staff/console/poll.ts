import { POLL_LIMITS, type PollAnswer, groupValues } from "../../../shared/domain/polls.ts";
import type { ErrorCode } from "../../../shared/protocol/events.ts";
import type { PollAnswerView, PollView } from "../../../shared/protocol/pollEvents.ts";
import type { ClientMessage } from "../../../shared/protocol/messages.ts";
import type { PollTally } from "../../../shared/protocol/staffEvents.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

export interface PollConsoleActions {
  start(poll: ClientMessage<"startPoll">): void;
  close(poll: string): void;
}

/**
 * The teacher's side of a quick check (issue 15), in the console while a lesson is on: write a
 * question with choices (one may be marked correct: a quiz) or one answered with a number, ask
 * it, watch the answers come in (a bar per choice, the same in words for a screen reader, and
 * who answered what, which only staff see), and close it to show everyone the result. The server
 * decides; this only asks and shows.
 */
export class PollConsole {
  readonly element: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #formStatus: HTMLElement;
  readonly #running: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #state: HTMLElement;
  readonly #tally: HTMLUListElement;
  readonly #count: HTMLElement;
  readonly #who: HTMLUListElement;
  readonly #close: HTMLButtonElement;
  #poll: PollView | null = null;
  #last: PollTally | null = null;
  readonly #reset: () => void;

  constructor(
    private readonly st: StaffTranslate,
    actions: PollConsoleActions,
  ) {
    const question = h("input", { id: "poll-question", type: "text", maxlength: POLL_LIMITS.questionMaxChars, autocomplete: "off", required: true });
    const kind = h("select", { id: "poll-kind" }, h("option", { value: "choice" }, st("pollKindChoice")), h("option", { value: "number" }, st("pollKindNumber")));
    const choices = Array.from({ length: POLL_LIMITS.maxChoices }, (_, i) =>
      h("input", { id: `poll-choice-${i + 1}`, type: "text", maxlength: POLL_LIMITS.choiceMaxChars, autocomplete: "off" }),
    );
    const correct = h(
      "select",
      { id: "poll-correct" },
      h("option", { value: "" }, st("pollNoCorrect")),
      ...choices.map((_, i) => h("option", { value: String(i) }, st("pollChoiceLabel", { n: i + 1 }))),
    );
    const choiceFields = h(
      "fieldset",
      { class: "poll-choices" },
      h("legend", {}, st("pollKindChoice")),
      h("p", { class: "hint" }, st("pollChoicesHint")),
      ...choices.flatMap((input, i) => [h("label", { for: input.id }, st("pollChoiceLabel", { n: i + 1 })), input]),
      h("label", { for: "poll-correct" }, st("pollCorrectLabel")),
      correct,
    );
    const number = (id: string) => h("input", { id, type: "number", step: 1, min: -POLL_LIMITS.numberMax, max: POLL_LIMITS.numberMax, inputmode: "numeric" });
    const min = number("poll-min");
    const max = number("poll-max");
    const numberFields = h("fieldset", { class: "poll-numbers", hidden: true }, h("legend", {}, st("pollKindNumber")), h("label", { for: "poll-min" }, st("pollMinLabel")), min, h("label", { for: "poll-max" }, st("pollMaxLabel")), max);
    kind.addEventListener("change", () => {
      choiceFields.hidden = kind.value !== "choice";
      numberFields.hidden = kind.value !== "number";
    });
    this.#formStatus = h("p", { class: "poll-form-status", role: "status" });
    this.#form = h(
      "form",
      { class: "poll-compose" },
      h("label", { for: "poll-question" }, st("pollQuestionLabel")),
      question,
      h("label", { for: "poll-kind" }, st("pollKindLabel")),
      kind,
      choiceFields,
      numberFields,
      h("p", { class: "hint" }, st("pollStartHint")),
      this.#formStatus,
      h("button", { type: "submit", class: "small primary" }, st("pollStart")),
    );
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const said = (key: Parameters<StaffTranslate>[0], focus: HTMLElement) => {
        setText(this.#formStatus, st(key));
        focus.focus();
      };
      const text = question.value.trim();
      if (!text) return question.focus();
      let poll: ClientMessage<"startPoll">;
      if (kind.value === "choice") {
        // Empty boxes are left out; the correct one is counted among those kept.
        const written = choices.map((input, i) => ({ text: input.value.trim(), i })).filter((c) => c.text);
        if (written.length < POLL_LIMITS.minChoices) return said("pollNeedChoices", choices[written.length] ?? question);
        const marked = correct.value === "" ? -1 : written.findIndex((c) => c.i === Number(correct.value));
        if (correct.value !== "" && marked < 0) return said("pollCorrectEmpty", correct);
        poll = { kind: "choice", question: text, choices: written.map((c) => c.text), ...(marked >= 0 ? { correct: marked } : {}) };
      } else {
        const low = min.value.trim() === "" ? undefined : Math.trunc(min.valueAsNumber);
        const high = max.value.trim() === "" ? undefined : Math.trunc(max.valueAsNumber);
        if (low !== undefined && high !== undefined && low > high) return said("pollMinAboveMax", min);
        poll = { kind: "number", question: text, ...(low !== undefined && !Number.isNaN(low) ? { min: low } : {}), ...(high !== undefined && !Number.isNaN(high) ? { max: high } : {}) };
      }
      setText(this.#formStatus, "");
      actions.start(poll);
    });
    // Emptied once the question is out (not before: a refused one is still there to send again).
    this.#reset = () => {
      this.#form.reset();
      choiceFields.hidden = false;
      numberFields.hidden = true;
    };

    this.#heading = h("h4", { class: "poll-asked", tabindex: -1 });
    this.#state = h("p", { class: "poll-state", role: "status" });
    this.#tally = h("ul", { class: "poll-tally", "aria-label": st("pollTitle") });
    this.#count = h("p", { class: "poll-count" });
    this.#who = h("ul", { class: "poll-who", "aria-label": st("pollWhoTitle") });
    this.#close = h("button", { type: "button", class: "small primary" }, st("pollClose"));
    this.#close.addEventListener("click", () => {
      if (this.#poll && !this.#poll.result) actions.close(this.#poll.id);
    });
    this.#running = h("div", { class: "poll-running", hidden: true }, this.#heading, this.#state, this.#tally, this.#count, this.#close, h("h4", {}, st("pollWhoTitle")), this.#who);
    this.element = h(
      "section",
      { class: "console-section poll-console", "aria-labelledby": "poll-console-title", hidden: true },
      h("h3", { id: "poll-console-title" }, `❓ ${st("pollTitle")}`),
      this.#running,
      this.#form,
    );
  }

  /** Shown while a lesson is on; a lesson's end takes its quick check with it. */
  lesson(on: boolean): void {
    this.element.hidden = !on;
    if (on) return;
    this.#poll = null;
    this.#last = null;
    this.#running.hidden = true;
    this.#form.hidden = false;
    setText(this.#formStatus, "");
  }

  /** The quick check as everyone sees it (open, or closed with its result). */
  poll(poll: PollView): void {
    // The control about to disappear may hold the focus: give it to the question's heading.
    const focusInside = this.element.contains(document.activeElement);
    const open = !poll.result;
    if (open && this.#poll?.id !== poll.id) this.#reset();
    this.#poll = poll;
    this.#running.hidden = false;
    this.#form.hidden = open;
    this.#close.hidden = !open;
    setText(this.#heading, poll.quiz ? `${poll.question}（${this.st("pollQuiz")}）` : poll.question);
    setText(this.#state, this.st(open ? "pollOpenNow" : "pollClosedNow"));
    if (this.#last?.poll !== poll.id) this.#last = null;
    this.#render();
    if (focusInside && !this.element.contains(document.activeElement)) this.#heading.focus();
  }

  tally(tally: PollTally): void {
    if (this.#poll && tally.poll !== this.#poll.id) return;
    this.#last = tally;
    this.#render();
  }

  refused(code: ErrorCode): void {
    if (code === "poll_open") setText(this.#formStatus, this.st("errPollOpen"));
    else if (code === "no_poll") setText(this.#state, this.st("errNoPoll"));
  }

  #render(): void {
    const poll = this.#poll;
    const tally = this.#last ?? (poll?.result ? { ...poll.result, answers: [] } : null);
    if (!poll) return;
    const st = this.st;
    const counts = tally?.counts ?? [];
    const correct = tally?.correct;
    const rows = poll.choices
      ? poll.choices.map((label, i) => ({ label: `${i + 1}. ${label}`, count: counts[i] ?? 0, correct: correct === i }))
      : groupValues(tally?.values ?? []).map((g) => ({ label: String(g.value), count: g.count, correct: false }));
    const most = Math.max(1, ...rows.map((r) => r.count));
    this.#tally.replaceChildren(
      ...(rows.length
        ? rows.map((row) => {
            const bar = h("span", { class: "poll-bar", "aria-hidden": "true" });
            bar.style.width = `${Math.round((row.count / most) * 100)}%`;
            return h(
              "li",
              { class: row.correct ? "correct" : undefined },
              h("span", {}, `${row.label}: ${st("pollCount", { n: row.count })}${row.correct ? ` ✓ ${st("pollCorrectMark")}` : ""}`),
              h("span", { class: "poll-track", "aria-hidden": "true" }, bar),
            );
          })
        : [h("li", { class: "empty" }, st("pollNoNumbers"))]),
    );
    const passed = tally?.passed ?? 0;
    const answered = rows.reduce((n, r) => n + r.count, 0) + passed;
    setText(this.#count, st("pollAnsweredCount", { n: answered, passed }));
    const answers = this.#last?.answers ?? [];
    this.#who.replaceChildren(
      ...(answers.length
        ? answers.map((a) => h("li", {}, `${a.nickname}: ${this.#answerText(poll, a.answer)}`))
        : [h("li", { class: "empty" }, st("pollWhoNone"))]),
    );
  }

  #answerText(poll: PollView, answer: PollAnswerView | PollAnswer): string {
    if ("pass" in answer && answer.pass) return this.st("pollPassWord");
    if ("choice" in answer && answer.choice !== undefined) return `${answer.choice + 1}. ${poll.choices?.[answer.choice] ?? ""}`;
    return "value" in answer ? String(answer.value ?? "") : "";
  }
}
