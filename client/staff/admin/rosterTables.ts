import type { RosterKind, RosterLeftOut, RosterProblem } from "../../../shared/domain/roster.ts";
import type { RosterIssue, RosterPreview } from "../../../shared/protocol/roster.ts";
import { h } from "../../ui/dom.ts";
import type { StaffKey } from "../dictionary.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * A roster preview as tables an admin reads (and a screen reader reads as tables): problems by
 * file and line, who is new (with the name each is shown as, editable), who changes and how, who
 * stays as they are, who is left out and why. Every text from the files goes in by textContent.
 */
export function previewTables(st: StaffTranslate, preview: RosterPreview, shownAs: Map<string, HTMLInputElement>, onRename: () => void): HTMLElement[] {
  shownAs.clear();
  const kind = (k: RosterKind) => st(k === "student" ? "rosterKindStudent" : k === "admin" ? "roleAdmin" : "roleCounsellor");
  const tables: HTMLElement[] = [];
  if (preview.issues.length > 0) {
    tables.push(
      table(st, "roster-issues", st("rosterIssues"), preview.issues.length, ["rosterColFile", "rosterColLine", "rosterColWhat"], preview.issues.map((i) => [i.file, i.line === null ? st("rosterWholeFile") : String(i.line), problemText(st, i)])),
    );
  }
  if (preview.add.length > 0) {
    const rows = preview.add.map((p) => {
      const input = h("input", { type: "text", value: p.shownAs, maxlength: p.kind === "student" ? 12 : 40, "aria-label": st("rosterShownAsFor", { name: p.name }), "data-sourced-id": p.sourcedId, autocomplete: "off", spellcheck: "false" });
      input.addEventListener("input", onRename);
      shownAs.set(p.sourcedId, input);
      return [String(p.line), p.name, kind(p.kind), input, p.username ?? "—"];
    });
    tables.push(table(st, "roster-add", st("rosterAdd"), preview.add.length, ["rosterColLine", "rosterColName", "rosterColKind", "rosterColShownAs", "rosterColUsername"], rows));
  }
  if (preview.change.length > 0) {
    const rows = preview.change.map((p) => [String(p.line), p.name, p.shownAs, p.changes.map((c) => `${st(FIELD[c.field])}: ${c.from || "—"} → ${c.to}`).join(" / ")]);
    tables.push(table(st, "roster-change", st("rosterChange"), preview.change.length, ["rosterColLine", "rosterColName", "rosterColShownAs", "rosterColChanges"], rows));
  }
  if (preview.same.length > 0) {
    tables.push(table(st, "roster-same", st("rosterSame"), preview.same.length, ["rosterColLine", "rosterColName", "rosterColKind", "rosterColShownAs"], preview.same.map((p) => [String(p.line), p.name, kind(p.kind), p.shownAs])));
  }
  if (preview.leftOut.length > 0) {
    tables.push(table(st, "roster-left-out", st("rosterLeftOut"), preview.leftOut.length, ["rosterColLine", "rosterColName", "rosterColReason"], preview.leftOut.map((p) => [String(p.line), p.name || "—", st(LEFT_OUT[p.reason])])));
  }
  return tables;
}

/** A captioned table with its count; a cell is text or an element (the editable name). */
export function table(st: StaffTranslate, cls: string, caption: string, count: number, heads: StaffKey[], rows: Array<Array<string | HTMLElement>>): HTMLElement {
  return h(
    "table",
    { class: `roster-table ${cls}` },
    h("caption", {}, `${caption} (${count})`),
    h("thead", {}, h("tr", {}, ...heads.map((k) => h("th", { scope: "col" }, st(k))))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((c) => h("td", {}, c))))),
  );
}

function problemText(st: StaffTranslate, issue: RosterIssue): string {
  return st(PROBLEM[issue.problem], { column: issue.column ?? "", value: issue.value ?? "" });
}

const FIELD: Record<RosterPreview["change"][number]["changes"][number]["field"], StaffKey> = {
  role: "rosterFieldRole",
  nickname: "rosterFieldNickname",
  displayName: "rosterFieldDisplayName",
  note: "rosterFieldNote",
};
const LEFT_OUT: Record<RosterLeftOut, StaffKey> = {
  other_org: "rosterLeftOther_org",
  family: "rosterLeftFamily",
  disabled: "rosterLeftDisabled",
  no_role: "rosterLeftNo_role",
};
const PROBLEM: Record<RosterProblem, StaffKey> = {
  missing_file: "rosterProblemMissing_file",
  empty_file: "rosterProblemEmpty_file",
  not_utf8: "rosterProblemNot_utf8",
  file_too_large: "rosterProblemFile_too_large",
  too_many_rows: "rosterProblemToo_many_rows",
  bad_csv: "rosterProblemBad_csv",
  column_count: "rosterProblemColumn_count",
  missing_column: "rosterProblemMissing_column",
  required: "rosterProblemRequired",
  bad_value: "rosterProblemBad_value",
  duplicate_id: "rosterProblemDuplicate_id",
  unknown_user: "rosterProblemUnknown_user",
  unknown_org: "rosterProblemUnknown_org",
  bad_manifest: "rosterProblemBad_manifest",
  bad_username: "rosterProblemBad_username",
  username_taken: "rosterProblemUsername_taken",
  two_kinds: "rosterProblemTwo_kinds",
  shown_as_invalid: "rosterProblemShown_as_invalid",
  shown_as_real_name: "rosterProblemShown_as_real_name",
  org_not_in_file: "rosterProblemOrg_not_in_file",
  org_linked_elsewhere: "rosterProblemOrg_linked_elsewhere",
  choose_org: "rosterProblemChoose_org",
};
