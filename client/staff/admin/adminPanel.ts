import { z } from "zod";
import { STAFF_ROLES, type StaffRole } from "../../../shared/domain/roles.ts";
import { Ok, StaffAdded, StaffList, WelcomeLink } from "../../../shared/protocol/http.ts";
import { StudyList } from "../../../shared/research/report.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, filled, loadAgainSoon, showingErrors, untilLoaded, whileBusy } from "../form.ts";
import { auditAction } from "./auditWords.ts";
import { welcomeLinkBox } from "./welcomeLinkBox.ts";
import type { StaffTranslate } from "../i18n.ts";

type StaffSummary = z.infer<typeof StaffList>["staff"][number];
const AuditList = z.object({
  entries: z.array(
    z.object({
      at: z.number(),
      actorRole: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      outcome: z.enum(["done", "denied"]),
      /** Who, and to whom, by name where the directory knows them. */
      actorName: z.string().nullable().optional(),
      targetName: z.string().nullable().optional(),
    }),
  ),
});
const Words = z.object({ ja: z.array(z.string()), en: z.array(z.string()) });
const Purged = z.object({ deleted: z.number() });

/**
 * What an organisation's admin runs: staff accounts (each new one gets a welcome link to choose
 * their own password; the admin never knows it), the audit log of staff actions, studies (whose
 * keys stay on the server), the NG-word lists, and the retention purge.
 */
export class AdminPanel {
  readonly element: HTMLElement;
  readonly #staff = h("ul", { class: "admin-list staff-list" });
  /** Where the link just made is shown, to pass on. */
  readonly #link = h("div", { class: "welcome-link-slot" });
  readonly #audit = h("ol", { class: "audit-list" });
  readonly #studies = h("ul", { class: "admin-list" });
  readonly #wordsJa = h("textarea", { id: "words-ja", rows: 5 });
  readonly #wordsEn = h("textarea", { id: "words-en", rows: 5 });
  readonly #words: HTMLFieldSetElement;
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });

  constructor(private readonly st: StaffTranslate) {
    const user = field({ id: "new-staff-user", label: st("username"), required: true, maxlength: 40 });
    const name = field({ id: "new-staff-name", label: st("displayName"), required: true, maxlength: 40 });
    const role = h("select", { id: "new-staff-role" }, ...STAFF_ROLES.map((r) => h("option", { value: r }, st(roleKey(r)))));
    const add = h("button", { type: "submit", class: "primary" }, st("addStaff"));
    const staffForm = h("form", { class: "staff-form", novalidate: true }, user.wrap, name.wrap, h("label", { for: "new-staff-role" }, st("role")), role, h("p", { class: "form-note" }, st("addStaffNote")), add);
    staffForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(add, async () => {
        const body = { username: user.input.value.trim(), displayName: name.input.value.trim(), role: role.value };
        const added = await this.#call(() => api("POST", "/admin/staff", body, StaffAdded));
        if (added) {
          this.#say(st("staffAdded", { name: added.staff.displayName }));
          for (const f of [user, name]) f.input.value = "";
          await this.load();
          this.#showLink(added.staff, added.welcome, false);
        }
      });
    });

    const study = field({ id: "new-study", label: st("studyName"), required: true, maxlength: 120 });
    const create = h("button", { type: "submit" }, st("createStudy"));
    const studyForm = h("form", { class: "staff-form inline", novalidate: true }, study.wrap, create);
    studyForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(create, async () => {
        const nameText = study.input.value.trim();
        if (nameText && (await this.#call(() => api("POST", "/admin/studies", { name: nameText })))) {
          this.#say(st("studyCreated", { name: nameText }));
          study.input.value = "";
          await this.load();
        }
      });
    });

    const save = h("button", { type: "submit" }, st("saveWords"));
    this.#words = untilLoaded(h("label", { for: "words-ja" }, st("wordsJa")), this.#wordsJa, h("label", { for: "words-en" }, st("wordsEn")), this.#wordsEn, save);
    const wordsForm = h("form", { class: "staff-form words-form" }, this.#words);
    wordsForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const lines = (t: HTMLTextAreaElement) => t.value.split("\n").map((w) => w.trim()).filter(Boolean);
      void whileBusy(save, async () => {
        if (await this.#call(() => api("PUT", "/admin/words", { ja: lines(this.#wordsJa), en: lines(this.#wordsEn) }, Ok))) this.#say(st("wordsSaved"));
      });
    });

    const purge = h("button", { type: "button", class: "warn" }, st("purge"));
    purge.addEventListener("click", () => {
      if (!window.confirm(st("purgeConfirm"))) return;
      void whileBusy(purge, async () => {
        const done = await this.#call(() => api("POST", "/admin/purge", {}, Purged));
        if (done) this.#say(st("purged", { n: done.deleted }));
      });
    });

    this.element = h(
      "section",
      { class: "registry admin", "aria-labelledby": "admin-title" },
      h("h2", { id: "admin-title" }, st("admin")),
      h("p", { class: "lead" }, st("adminLead")),
      this.#status,
      this.#error,
      h("h3", {}, st("staffAccounts")),
      this.#staff,
      this.#link,
      staffForm,
      h("h3", {}, st("studies")),
      this.#studies,
      studyForm,
      h("h3", {}, st("words")),
      wordsForm,
      h("h3", {}, st("auditLog")),
      this.#audit,
      purge,
    );
  }

  async load(): Promise<void> {
    const [staff, audit, studies, words] = await Promise.all([
      this.#call(() => api("GET", "/admin/staff", undefined, StaffList)),
      this.#call(() => api("GET", "/admin/audit", undefined, AuditList)),
      this.#call(() => api("GET", "/admin/studies", undefined, StudyList)),
      this.#call(() => api("GET", "/admin/words", undefined, Words)),
    ]);
    if (staff) this.#staff.replaceChildren(...staff.staff.map((s) => this.#staffRow(s)));
    if (studies) this.#studies.replaceChildren(...studies.studies.map((s) => h("li", {}, s.name)));
    // Filled once: this runs again after a staff member or study is added, and must not take
    // back words the admin is still writing.
    if (words && this.#words.disabled) {
      this.#wordsJa.value = words.ja.join("\n");
      this.#wordsEn.value = words.en.join("\n");
      filled(this.#words);
    } else if (!words) loadAgainSoon(this.#words, () => this.load());
    if (audit) {
      const lang = document.documentElement.lang === "en" ? "en" : "ja";
      const when = (at: number) => new Date(at).toLocaleString(lang === "en" ? "en-GB" : "ja-JP", { dateStyle: "short", timeStyle: "medium" });
      this.#audit.replaceChildren(
        ...(audit.entries.length === 0
          ? [h("li", {}, this.st("auditEmpty"))]
          : audit.entries.slice(0, 100).map((e) =>
              h(
                "li",
                { class: e.outcome === "denied" ? "denied" : "" },
                h("time", {}, when(e.at)),
                " ",
                h("strong", {}, e.actorName ?? this.#roleName(e.actorRole)),
                ` · ${auditAction(lang, e.action)}`,
                e.targetName ? ` → ${e.targetName}` : e.target ? ` → ${e.target.slice(0, 8)}` : "",
                e.outcome === "denied" ? ` (${this.st("auditDenied")})` : "",
              ),
            )),
      );
    }
  }

  /**
   * One account: who, their role, whether they have chosen a password yet, and a new link for
   * them (a welcome link again, or a reset link for a forgotten password). An account holding
   * the federation duty gets its links at the command line only.
   */
  #staffRow(s: StaffSummary): HTMLElement {
    const reset = s.claimed;
    const button = s.federation
      ? null
      : h("button", { type: "button", class: "small", "aria-label": this.st(reset ? "resetLinkName" : "newWelcomeLinkName", { name: s.displayName }) }, this.st(reset ? "resetLink" : "newWelcomeLink"));
    button?.addEventListener("click", () => {
      if (!window.confirm(this.st(reset ? "resetLinkConfirm" : "newWelcomeLinkConfirm", { name: s.displayName }))) return;
      void whileBusy(button, async () => {
        const link = await this.#call(() => api("POST", `/admin/staff/${encodeURIComponent(s.id)}/welcome`, {}, WelcomeLink));
        if (link) this.#showLink(s, link, reset);
      });
    });
    return h(
      "li",
      { "data-id": s.id },
      h("strong", {}, s.displayName),
      ` ${s.username} · ${this.st(roleKey(s.role))} `,
      s.claimed ? null : h("span", { class: "badge" }, this.st("notClaimed")),
      button,
    );
  }

  /** Shows a link to pass on (replacing any shown before) and takes keyboard focus to it. */
  #showLink(who: { displayName: string }, link: WelcomeLink, reset: boolean): void {
    const box = welcomeLinkBox(this.st, who, link, reset, () => {
      box.remove();
      this.#staff.querySelector("button")?.focus();
    });
    this.#link.replaceChildren(box);
    box.querySelector<HTMLElement>("h3")?.focus();
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }

  /** A staff role's name; anyone else (a student refused a staff action) by their role code. */
  #roleName(role: string): string {
    return (STAFF_ROLES as readonly string[]).includes(role) ? this.st(roleKey(role as StaffRole)) : role;
  }

  #say(text: string): void {
    setText(this.#status, text);
  }
}

function roleKey(role: StaffRole) {
  return role === "admin" ? "roleAdmin" : role === "researcher" ? "roleResearcher" : "roleCounsellor";
}
