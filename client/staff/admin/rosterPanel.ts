import { ROSTER_FILES, type RosterFile } from "../../../shared/domain/roster.ts";
import { RosterApplied, RosterPreview } from "../../../shared/protocol/roster.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { showingErrors, whileBusy } from "../form.ts";
import type { StaffTranslate } from "../i18n.ts";
import { previewTables, table } from "./rosterTables.ts";

/**
 * Importing a OneRoster export (issue 18), for admins: choose the files, check what would
 * happen (nothing is written), rename the new people where wanted, then import exactly what was
 * checked. The server reads the files again and refuses if anything differs from the check.
 * New children's access codes and new staff's welcome links are shown once, after.
 */
export class RosterPanel {
  readonly element: HTMLElement;
  readonly #files = h("input", { type: "file", id: "roster-files", multiple: true, accept: ".csv,text/csv", "aria-describedby": "roster-files-hint" });
  readonly #keepNames = h("input", { type: "checkbox", id: "roster-keep-names", "aria-describedby": "roster-keep-names-hint" });
  readonly #org = h("select", { id: "roster-org" });
  readonly #orgWrap = h("div", { class: "staff-field", hidden: true }, h("label", { for: "roster-org" }, ""), this.#org);
  readonly #check: HTMLButtonElement;
  readonly #apply: HTMLButtonElement;
  readonly #summary = h("p", { class: "roster-summary", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  readonly #tables = h("div", { class: "roster-tables" });
  readonly #result = h("div", { class: "roster-result" });
  /** The names typed for the new people, by sourcedId. */
  readonly #shownAs = new Map<string, HTMLInputElement>();
  /** Names typed for new people, kept across checks (a re-check must not forget them). */
  readonly #typed = new Map<string, string>();
  #preview: RosterPreview | null = null;
  #texts: Partial<Record<RosterFile, string>> = {};

  constructor(private readonly st: StaffTranslate) {
    setText(this.#orgWrap.querySelector("label") as HTMLElement, st("rosterOrg"));
    this.#check = h("button", { type: "submit", class: "primary" }, st("rosterPreview"));
    this.#apply = h("button", { type: "button", class: "primary roster-apply", hidden: true }, "");
    const form = h(
      "form",
      { class: "staff-form roster-form", novalidate: true },
      h("div", { class: "staff-field" }, h("label", { for: "roster-files" }, st("rosterFiles")), this.#files, h("small", { id: "roster-files-hint" }, st("rosterFilesHint"))),
      h("div", { class: "roster-keep" }, this.#keepNames, h("label", { for: "roster-keep-names" }, st("rosterKeepNames")), h("small", { id: "roster-keep-names-hint" }, st("rosterKeepNamesHint"))),
      this.#orgWrap,
      this.#check,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(this.#check, () => this.#runPreview());
    });
    // A new choice of files, box or school is a new check: the old one no longer says what would happen.
    for (const input of [this.#files, this.#keepNames, this.#org]) input.addEventListener("change", () => this.#stale(null));
    this.#apply.addEventListener("click", () => void whileBusy(this.#apply, () => this.#runApply()));
    this.element = h(
      "section",
      { class: "registry roster", "aria-labelledby": "roster-title" },
      h("h2", { id: "roster-title" }, st("roster")),
      h("p", { class: "lead" }, st("rosterLead")),
      form,
      this.#error,
      this.#summary,
      this.#tables,
      this.#apply,
      this.#result,
    );
  }

  /** The chosen files by their names (the binding's names; others are said to be unused). */
  async #readFiles(): Promise<boolean> {
    const chosen = [...(this.#files.files ?? [])];
    if (chosen.length === 0) {
      setText(this.#error, this.st("rosterNoFiles"));
      this.#files.focus();
      return false;
    }
    const texts: Partial<Record<RosterFile, string>> = {};
    const ignored: string[] = [];
    for (const file of chosen) {
      const name = file.name.toLowerCase();
      if ((ROSTER_FILES as readonly string[]).includes(name)) texts[name as RosterFile] = await file.text();
      else ignored.push(file.name);
    }
    this.#texts = texts;
    setText(this.#result, ignored.length > 0 ? this.st("rosterIgnored", { names: ignored.join(", ") }) : "");
    return true;
  }

  #body(): { files: Partial<Record<RosterFile, string>>; keepNames: boolean; shownAs: Record<string, string>; org?: string } {
    const shownAs: Record<string, string> = {};
    for (const [id, input] of this.#shownAs) if (input.value !== input.defaultValue) shownAs[id] = input.value;
    // Names typed in an earlier check stay chosen: the server plans with them again.
    for (const [id, name] of this.#typed) shownAs[id] ??= name;
    return { files: this.#texts, keepNames: this.#keepNames.checked, shownAs, ...(this.#org.value ? { org: this.#org.value } : {}) };
  }
  async #runPreview(): Promise<void> {
    if (!(await this.#readFiles())) return;
    for (const [id, input] of this.#shownAs) if (input.value !== input.defaultValue) this.#typed.set(id, input.value);
    const preview = await showingErrors(this.st, this.#error, () => api("POST", "/admin/roster/preview", this.#body(), RosterPreview));
    if (preview) this.#show(preview);
    this.#summary.focus();
  }

  async #runApply(): Promise<void> {
    const preview = this.#preview;
    if (!preview || !window.confirm(this.st("rosterApplyConfirm", { add: preview.add.length, change: preview.change.length }))) return;
    const done = await showingErrors(this.st, this.#error, () => api("POST", "/admin/roster/apply", { ...this.#body(), digest: preview.digest }, RosterApplied));
    if (!done) return;
    if (!done.applied) {
      this.#show(done.preview);
      setText(this.#error, this.st(done.reason === "changed" ? "rosterChanged" : "rosterFixFirst"));
      return;
    }
    this.#typed.clear();
    this.#preview = null;
    this.#apply.hidden = true;
    this.#tables.replaceChildren();
    setText(this.#summary, this.st("rosterDone", { added: done.counts.added, changed: done.counts.changed }));
    const print = h("button", { type: "button" }, `🖨 ${this.st("rosterPrintCodes")}`);
    print.addEventListener("click", () => window.print());
    this.#result.replaceChildren(
      ...(done.codes.length > 0 ? [table(this.st, "roster-codes", this.st("rosterCodes"), done.codes.length, ["rosterFieldNickname", "rosterColCode"], done.codes.map((c) => [c.nickname, h("span", { class: "roster-code", translate: "no" }, c.code)])), print] : []),
      ...(done.links.length > 0
        ? [table(this.st, "roster-links", this.st("rosterLinks"), done.links.length, ["rosterFieldDisplayName", "rosterColUsername", "welcomeLinkLabel"], done.links.map((l) => [l.displayName, l.username, h("input", { type: "text", readonly: true, value: l.url, class: "welcome-link-url", "aria-label": this.st("welcomeLinkFor", { name: l.displayName }) })]))]
        : []),
    );
    this.#summary.focus();
  }

  #show(preview: RosterPreview): void {
    this.#preview = preview;
    this.#org.replaceChildren(h("option", { value: "" }, "—"), ...preview.orgs.map((o) => h("option", { value: o.sourcedId }, `${o.name}（${o.type}）`)));
    this.#org.value = preview.org ?? "";
    this.#orgWrap.hidden = preview.orgs.length < 2;
    setText(this.#summary, this.st("rosterSummary", { add: preview.add.length, change: preview.change.length, same: preview.same.length, leftOut: preview.leftOut.length, issues: preview.issues.length }));
    this.#summary.tabIndex = -1;
    this.#tables.replaceChildren(...previewTables(this.st, preview, this.#shownAs, () => this.#stale("rosterRenamed")));
    const ready = preview.issues.length === 0 && preview.org !== null && preview.add.length + preview.change.length > 0;
    this.#apply.hidden = !ready;
    setText(this.#apply, this.st("rosterApply", { add: preview.add.length, change: preview.change.length }));
    if (preview.issues.length > 0) setText(this.#error, this.st("rosterFixFirst"));
    else setText(this.#error, "");
  }

  /** What was checked is not what would be imported now: hide "import" until checked again. */
  #stale(say: "rosterRenamed" | null): void {
    if (!this.#preview) return;
    this.#apply.hidden = true;
    if (say) setText(this.#error, this.st(say));
  }
}
