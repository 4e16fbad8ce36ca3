import { AttendanceLink, SchoolName } from "../../../shared/protocol/attendance.ts";
import type { StudentSummary } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { saveResponse } from "../download.ts";
import { whileBusy } from "../form.ts";
import { type StaffTranslate, apiErrorKey } from "../i18n.ts";

/**
 * Attendance evidence for the child's school (出席扱いの報告, issue 19), in the child's row: the
 * name their school knows them by (staff-only), then a month, a comment and a language, and the
 * report as a PDF or CSV, or as a one-time link for the guardian (shown once, with a copy button).
 * The school name is loaded only when the form is opened.
 */
export function attendanceForm(st: StaffTranslate, student: StudentSummary): HTMLElement {
  const id = student.id;
  const path = `/staff/students/${encodeURIComponent(id)}`;
  const name = student.nickname;
  const error = h("p", { class: "form-error", role: "alert" });
  const status = h("p", { class: "form-status", role: "status", "aria-live": "polite" });
  const fail = (e: unknown) => {
    setText(status, "");
    setText(error, st(apiErrorKey(e)));
  };
  const input = (key: string, label: string, attrs: Record<string, unknown> = {}) => {
    // Disabled until what is kept has loaded, so nothing typed is overwritten by it.
    const el = h("input", { id: `attendance-${key}-${id}`, type: "text", maxlength: 60, autocomplete: "off", disabled: true, ...attrs });
    return { el, wrap: h("p", { class: "attendance-field" }, h("label", { for: el.id }, label), el) };
  };
  const schoolName = input("name", st("attendanceSchoolName"));
  const school = input("school", st("attendanceSchool"));
  const grade = input("grade", st("attendanceGrade"));
  const save = h("button", { type: "button", class: "small" }, st("attendanceSchoolSave"));
  save.addEventListener("click", () =>
    void whileBusy(save, async () => {
      setText(error, "");
      try {
        await api("PUT", `${path}/school`, { nameAtSchool: schoolName.el.value.trim(), school: school.el.value.trim(), grade: grade.el.value.trim() }, SchoolName);
        setText(status, st("attendanceSchoolSaved", { name }));
      } catch (e) {
        fail(e);
      }
    }),
  );

  const month = h("input", { id: `attendance-month-${id}`, type: "month", value: defaultMonth(new Date()), required: true });
  const comment = h("textarea", { id: `attendance-comment-${id}`, rows: 3, maxlength: 1200 });
  const lang = h(
    "select",
    { id: `attendance-lang-${id}` },
    h("option", { value: "ja", selected: true }, st("attendanceLangJa")),
    h("option", { value: "en" }, st("attendanceLangEn")),
  );
  const form = () => ({ ...monthDays(month.value), lang: lang.value, comment: comment.value.trim() });
  const progress = h("progress", { class: "attendance-progress", hidden: true, "aria-label": st("attendanceMaking") });
  /** While the server makes the PDF: a bar that moves and words a screen reader hears. */
  const making = async (button: HTMLButtonElement, work: () => Promise<void>) => {
    setText(error, "");
    setText(status, st("attendanceMaking"));
    progress.hidden = false;
    try {
      await whileBusy(button, work);
    } finally {
      progress.hidden = true;
    }
  };
  const download = (format: "pdf" | "csv") => {
    const b = h("button", { type: "button", class: "small" }, `⬇ ${st(format === "pdf" ? "attendancePdf" : "attendanceCsv")}`);
    b.addEventListener("click", () =>
      void making(b, async () => {
        const body = form();
        const response = await fetch(`/api${path}/attendance`, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, format }) }).catch(() => null);
        if (!response?.ok) return fail(null);
        await saveResponse(response, `hidamari-attendance-${month.value}-${body.lang}.${format}`);
        setText(status, st("attendanceMade"));
      }),
    );
    return b;
  };
  const shown = h("div", { class: "attendance-link" });
  const link = h("button", { type: "button", class: "small" }, `🔗 ${st("attendanceLink")}`);
  link.addEventListener("click", () =>
    void making(link, async () => {
      try {
        const made = await api("POST", `${path}/attendance/link`, form(), AttendanceLink);
        const out = h("input", { type: "text", readonly: true, value: made.url, id: `attendance-url-${id}`, class: "attendance-url", "aria-label": st("attendanceLink") });
        const copy = h("button", { type: "button", class: "small" }, st("attendanceCopy"));
        copy.addEventListener("click", () => {
          out.select();
          void navigator.clipboard?.writeText(made.url).then(() => setText(status, st("attendanceCopied")));
        });
        shown.replaceChildren(h("p", {}, st("attendanceLinkShown", { until: new Date(made.expiresAt).toLocaleDateString() })), out, copy);
        setText(status, st("attendanceMade"));
        out.focus();
        out.select();
      } catch (e) {
        fail(e);
      }
    }),
  );

  const details = h(
    "details",
    { class: "attendance" },
    h("summary", {}, st("attendanceTitle", { name })),
    h("fieldset", { class: "attendance-school" }, schoolName.wrap, school.wrap, grade.wrap, h("p", { class: "form-note" }, st("attendanceSchoolHint")), save),
    h("p", { class: "attendance-field" }, h("label", { for: month.id }, st("attendanceMonth")), month),
    h("p", { class: "attendance-field" }, h("label", { for: comment.id }, st("attendanceComment")), comment),
    h("p", { class: "attendance-field" }, h("label", { for: lang.id }, st("attendanceLang")), lang),
    h("p", { class: "form-note" }, st("attendanceNote")),
    h("div", { class: "student-actions" }, download("pdf"), download("csv"), link),
    progress,
    status,
    error,
    shown,
  );
  let loaded = false;
  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loaded = true;
    void api("GET", `${path}/school`, undefined, SchoolName)
      .then((known) => {
        schoolName.el.value = known.nameAtSchool;
        school.el.value = known.school;
        grade.el.value = known.grade;
      })
      .catch(fail)
      .finally(() => {
        for (const field of [schoolName, school, grade]) field.el.disabled = false;
      });
  });
  return details;
}

/**
 * The month a report is usually wanted for: early in a month (the 1st to the 10th) schools ask
 * for the month just ended; later, the month under way so far.
 */
export function defaultMonth(today: Date): string {
  const d = new Date(today.getFullYear(), today.getMonth() - (today.getDate() <= 10 ? 1 : 0), 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** A month ("YYYY-MM") as its first and last day. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}
