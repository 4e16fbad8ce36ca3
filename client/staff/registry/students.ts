import type { ConsentLevel } from "../../../shared/research/consent.ts";
import { NICKNAME_MAX, NewCode, Ok, Registered, type StudentSummary as Student, StudentList } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, whileBusy } from "../form.ts";
import { type StaffTranslate, apiErrorKey } from "../i18n.ts";
import { codeCard } from "./codeCard.ts";
import { rightsActions } from "./rights.ts";
import { attendanceForm } from "./attendance.ts";


/**
 * Registering students and managing their access codes, usable without opening the space.
 * A new code is shown once, as a printable card.
 */
export class StudentsRegistry {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #empty: HTMLElement;
  readonly #cardSlot: HTMLElement;
  readonly #status: HTMLElement;
  readonly #error: HTMLElement;
  /** The nicknames already registered (as last loaded), and the one just warned about. */
  #nicknames = new Set<string>();
  #warnedFor: string | null = null;

  constructor(
    private readonly st: StaffTranslate,
    private readonly orgName: string,
    /** An admin: a guardian's copy of everything held about a child, and erasure (rights.ts). */
    private readonly rights = false,
  ) {
    const nickname = field({ id: "student-nickname", label: st("nickname"), required: true, maxlength: NICKNAME_MAX });
    const note = field({ id: "student-note", label: st("note"), maxlength: 500 });
    const submit = h("button", { type: "submit", class: "primary" }, st("register"));
    const form = h("form", { class: "staff-form register-form", novalidate: true }, nickname.wrap, note.wrap, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const nick = nickname.input.value.trim();
      if (!nick) {
        this.#fail(st("errNicknameMissing"));
        nickname.input.focus();
        return;
      }
      const noteText = note.input.value.trim();
      // Two children of one name cannot be told apart in the console: say so once, and register
      // on the second press (twins of a name are allowed; a note tells them apart).
      if (this.#nicknames.has(nick.normalize("NFKC")) && this.#warnedFor !== nick) {
        this.#warnedFor = nick;
        this.#fail(st("nicknameTaken", { name: nick }));
        (noteText ? nickname.input : note.input).focus();
        return;
      }
      this.#warnedFor = null;
      void whileBusy(submit, async () => {
        const done = await this.#call(() => api("POST", "/staff/students", noteText ? { nickname: nick, note: noteText } : { nickname: nick }, Registered));
        if (!done) return;
        nickname.input.value = "";
        note.input.value = "";
        this.#say(st("registered", { name: done.student.nickname }));
        this.#showCard(done.student.id, done.student.nickname, done.code);
        await this.load();
      });
    });

    this.#list = h("ul", { class: "students", "aria-label": st("studentList") });
    this.#empty = h("p", { class: "empty" }, st("loadingStudents"));
    this.#cardSlot = h("div", { class: "code-card-slot" });
    this.#status = h("p", { class: "registry-status", role: "status" });
    this.#error = h("p", { class: "form-error", role: "alert" });
    this.element = h(
      "section",
      { class: "registry", "aria-labelledby": "students-title" },
      h("h2", { id: "students-title" }, st("students")),
      h("p", { class: "lead" }, st("studentsLead")),
      form,
      this.#status,
      this.#error,
      this.#cardSlot,
      h("h3", { id: "student-list-title" }, st("studentList")),
      this.#empty,
      this.#list,
    );
  }

  /** (Re)loads the list; `focusId` puts keyboard focus back on that student's row after a change. */
  async load(focusId?: string): Promise<void> {
    const result = await this.#call(() => api("GET", "/staff/students", undefined, StudentList));
    if (!result) return;
    this.#list.replaceChildren(...result.students.map((s) => this.#row(s)));
    this.#nicknames = new Set(result.students.map((s) => s.nickname.normalize("NFKC")));
    setText(this.#empty, this.st("noStudents"));
    this.#empty.hidden = result.students.length > 0;
    if (focusId) [...this.#list.children].find((li) => li instanceof HTMLElement && li.dataset.id === focusId)?.querySelector("button")?.focus();
  }

  #row(student: Student): HTMLLIElement {
    const { st } = this;
    const name = student.nickname;
    const path = `/staff/students/${encodeURIComponent(student.id)}`;
    const button = (label: string, aria: string, run: (b: HTMLButtonElement) => Promise<void>, cls = "") => {
      const b = h("button", { type: "button", class: `small ${cls}`.trim(), "aria-label": aria }, label);
      b.addEventListener("click", () => void whileBusy(b, () => run(b)));
      return b;
    };
    const newCode = button(st("newCode"), st("newCodeName", { name }), async () => {
      if (student.hasCode && !window.confirm(st("newCodeConfirm", { name }))) return;
      const done = await this.#call(() => api("POST", `${path}/code`, {}, NewCode));
      if (!done) return;
      this.#showCard(student.id, name, done.code);
      await this.load();
    });
    const stopCode = button(st("stopCode"), st("stopCodeName", { name }), async () => {
      if (!window.confirm(st("stopCodeConfirm", { name }))) return;
      if (!(await this.#call(() => api("DELETE", `${path}/code`, undefined, Ok)))) return;
      this.#say(st("codeStopped", { name }));
      await this.load(student.id);
    });
    const block = student.blocked
      ? button(st("unblockStudent"), st("unblockStudentName", { name }), async () => {
          if (!(await this.#call(() => api("POST", `${path}/block`, { blocked: false }, Ok)))) return;
          this.#say(st("unblockedDone", { name }));
          await this.load(student.id);
        })
      : button(
          st("blockStudent"),
          st("blockStudentName", { name }),
          async () => {
            if (!(await this.#call(() => api("POST", `${path}/block`, { blocked: true }, Ok)))) return;
            this.#say(st("blockedDone", { name }));
            await this.load(student.id);
          },
          "warn",
        );
    return h(
      "li",
      { class: `student-row${student.blocked ? " blocked" : ""}`, "data-id": student.id },
      h(
        "p",
        { class: "student-head" },
        h("span", { class: "student-name" }, name),
        h("span", { class: `badge${student.hasCode ? " ok" : ""}` }, st(student.hasCode ? "codeActive" : "codeNone")),
        student.blocked ? h("span", { class: "badge stop" }, st("blocked")) : null,
      ),
      student.note ? h("p", { class: "student-note" }, student.note) : null,
      this.#consentPicker(student),
      this.#plazaSetting(student),
      h("div", { class: "student-actions", role: "group", "aria-label": st("actionsFor", { name }) }, newCode, student.hasCode ? stopCode : null, block),
      attendanceForm(st, student),
      this.rights ? rightsActions(st, student, (erased) => this.#erased(erased)) : null,
    );
  }

  /** Kept out of the shared plaza (their own staff decide; the door then does not offer it). */
  #plazaSetting(student: Student): HTMLElement {
    const { st } = this;
    const box = h("input", { type: "checkbox", id: `plaza-${student.id}`, checked: student.keptOutOfPlazas });
    box.addEventListener("change", () => {
      void this.#call(() => api("POST", `/staff/students/${encodeURIComponent(student.id)}/plaza`, { keptOut: box.checked }, Ok)).then((done) => {
        if (done) this.#say(st("keptOutSaved", { name: student.nickname }));
        else box.checked = !box.checked;
      });
    });
    return h("p", { class: "student-plaza" }, box, h("label", { for: `plaza-${student.id}` }, ` ${st("keptOutOfPlazas")}`, h("span", { class: "visually-hidden" }, ` (${student.nickname})`)));
  }

  /** Research consent (parental consent and the child's assent), recorded by staff; audited on the server. */
  #consentPicker(student: Student): HTMLElement {
    const { st } = this;
    const id = `consent-${student.id}`;
    const options: Array<[ConsentLevel, string]> = [
      ["none", st("consentNone")],
      ["activity", st("consentActivity")],
      ["activity_chat", st("consentActivityChat")],
    ];
    const select = h("select", { id }, ...options.map(([value, label]) => h("option", { value, selected: value === student.consent }, label)));
    select.addEventListener("change", () => {
      void this.#call(() => api("POST", `/staff/students/${encodeURIComponent(student.id)}/consent`, { level: select.value }, Ok)).then((done) => {
        if (done) this.#say(st("consentSaved", { name: student.nickname }));
      });
    });
    // The label names the student for screen readers without repeating the name on screen.
    return h("p", { class: "student-consent" }, h("label", { for: id }, st("consent"), h("span", { class: "visually-hidden" }, ` (${student.nickname})`), ": "), select);
  }

  /** The erased child's row goes; what went and what had been shared stays on screen (moved out of the row). */
  async #erased(nickname: string): Promise<void> {
    const outcome = this.#list.querySelector(".erase-result:not(:empty)");
    await this.load();
    if (outcome) this.#cardSlot.replaceChildren(outcome);
    this.#say(this.st("rightsErasedShort", { name: nickname }));
  }

  #showCard(studentId: string, nickname: string, code: string): void {
    const card = codeCard(this.st, this.orgName, { id: studentId, nickname }, code, () => this.#cardSlot.replaceChildren());
    this.#cardSlot.replaceChildren(card);
    card.querySelector<HTMLElement>(".code-card-name")?.focus();
  }

  /** Runs one request; on failure shows kind words and answers null. */
  async #call<T>(request: () => Promise<T>): Promise<T | null> {
    setText(this.#error, "");
    try {
      return await request();
    } catch (error) {
      this.#fail(this.st(apiErrorKey(error)));
      return null;
    }
  }

  #say(text: string): void {
    setText(this.#error, "");
    setText(this.#status, text);
  }

  #fail(text: string): void {
    setText(this.#status, "");
    setText(this.#error, text);
  }
}
