import type { StudentSummary } from "../../../shared/protocol/http.ts";
import { Erased } from "../../../shared/protocol/rights.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { saveResponse } from "../download.ts";
import { whileBusy } from "../form.ts";
import { type StaffTranslate, apiErrorKey } from "../i18n.ts";

/**
 * A guardian's rights, for the admin (issue 19): "everything we hold" as one JSON file, and
 * erasing the child. Erasing is a disclosure, not a button: the admin reads what will go and
 * what stays, and types the child's nickname; afterwards they see what went and what had already
 * left Hidamari (to tell the guardian, and to ask those holders in turn).
 */
export function rightsActions(st: StaffTranslate, student: StudentSummary, onErased: (nickname: string) => Promise<void>): HTMLElement {
  const path = `/api/staff/students/${encodeURIComponent(student.id)}`;
  const name = student.nickname;
  const error = h("p", { class: "form-error", role: "alert" });
  const fail = (e: unknown) => setText(error, st(apiErrorKey(e)));

  const copy = h("button", { type: "button", class: "small", "aria-label": st("rightsCopyName", { name }) }, `⬇ ${st("rightsCopy")}`);
  copy.addEventListener("click", () =>
    void whileBusy(copy, async () => {
      setText(error, "");
      const response = await fetch(`${path}/held-about`, { credentials: "same-origin" }).catch(() => null);
      if (!response?.ok) return fail(null);
      await saveResponse(response, `hidamari-held-about-${student.id}.json`);
    }),
  );

  const confirmId = `erase-confirm-${student.id}`;
  const confirm = h("input", { id: confirmId, type: "text", autocomplete: "off", maxlength: 40 });
  const erase = h("button", { type: "submit", class: "warn" }, st("rightsErase"));
  const result = h("div", { class: "erase-result", role: "status" });
  const form = h(
    "form",
    { class: "staff-form erase-form", novalidate: true },
    h("p", { class: "form-note" }, st("rightsEraseWhat")),
    h("label", { for: confirmId }, st("rightsEraseConfirm", { name })),
    confirm,
    erase,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void whileBusy(erase, async () => {
      setText(error, "");
      try {
        const done = await api("POST", `/staff/students/${encodeURIComponent(student.id)}/erase`, { confirm: confirm.value.trim() }, Erased);
        result.replaceChildren(...erasedSummary(st, name, done));
        form.hidden = true;
        await onErased(name);
      } catch (e) {
        fail(e);
        confirm.focus();
      }
    });
  });
  const disclosure = h("details", { class: "rights" }, h("summary", {}, st("rightsTitle", { name })), h("div", { class: "student-actions" }, copy), form, error);
  // The outcome outlives the row (the list reloads without this child): it goes in the registry's status.
  return h("div", { class: "rights-slot" }, disclosure, result);
}

function erasedSummary(st: StaffTranslate, name: string, done: Erased): HTMLElement[] {
  const count = Object.values(done.erased).reduce((a, b) => a + b, 0);
  const head = h("p", {}, st("rightsErased", { name, count }));
  if (done.alreadyShared.length === 0) return [head, h("p", {}, st("rightsNothingShared"))];
  const date = (ms: number) => new Date(ms).toLocaleString();
  return [
    head,
    h("p", {}, st("rightsSharedBefore")),
    h("ul", {}, ...done.alreadyShared.map((s) => h("li", {}, st(s.kind === "lrs" ? "rightsSharedLrs" : "rightsSharedExport", { at: date(s.at), where: s.where, what: s.what })))),
  ];
}
