import { SchoolSignInView } from "../../../shared/protocol/schoolSignIn.ts";
import { StaffList, StudentList } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, filled, loadAgainSoon, showingErrors, untilLoaded, whileBusy } from "../form.ts";
import type { StaffTranslate } from "../i18n.ts";

/**
 * Signing in with the school's account, as the admin sets it (issue 18): the provider (issuer,
 * client, secret, the school's domain or tenant, whether children may use it), the addresses to
 * register and to share, and which school e-mail opens which account. The secret is sent only
 * when typed and never shown again.
 */
export class SchoolSignInPanel {
  readonly element: HTMLElement;
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  readonly #issuer;
  readonly #client;
  readonly #secret;
  readonly #domain;
  readonly #tenant;
  readonly #students = h("input", { id: "school-students", type: "checkbox" });
  readonly #addresses = h("dl", { class: "school-addresses" });
  readonly #links = h("ul", { class: "admin-list" });
  readonly #fields = untilLoaded();
  readonly #account = h("select", { id: "school-link-account" });
  #accounts: Array<{ kind: "staff" | "student"; id: string; name: string }> = [];

  constructor(
    private readonly st: StaffTranslate,
    private readonly orgId: string,
  ) {
    this.#issuer = field({ id: "school-issuer", label: st("schoolIssuer"), required: true, maxlength: 300, hint: st("schoolIssuerHint") });
    this.#client = field({ id: "school-client", label: st("schoolClientId"), required: true, maxlength: 200 });
    this.#secret = field({ id: "school-secret", label: st("schoolClientSecret"), type: "password", autocomplete: "off", maxlength: 500 });
    this.#domain = field({ id: "school-domain", label: st("schoolDomain"), maxlength: 200 });
    this.#tenant = field({ id: "school-tenant", label: st("schoolTenant"), maxlength: 36 });
    const save = h("button", { type: "submit", class: "primary" }, st("schoolSave"));
    const settings = h(
      "form",
      { class: "staff-form", novalidate: true },
      this.#fields,
    );
    this.#fields.append(this.#issuer.wrap, this.#client.wrap, this.#secret.wrap, this.#domain.wrap, this.#tenant.wrap, h("label", { class: "timetable-check" }, this.#students, st("schoolStudents")), save);
    settings.addEventListener("submit", (event) => {
      event.preventDefault();
      const blank = (s: string) => (s.trim() ? s.trim() : null);
      const secret = this.#secret.input.value;
      const body = { issuer: this.#issuer.input.value.trim(), clientId: this.#client.input.value.trim(), ...(secret ? { clientSecret: secret } : {}), domain: blank(this.#domain.input.value), tenant: blank(this.#tenant.input.value), students: this.#students.checked };
      void whileBusy(save, async () => {
        const view = await this.#call(() => api("PUT", "/school-sign-in", body, SchoolSignInView));
        if (view) this.#show(view, st("schoolSaved"), { settings: true });
      });
    });
    const email = field({ id: "school-link-email", label: st("schoolLinkEmail"), required: true, maxlength: 200 });
    email.input.type = "email";
    const add = h("button", { type: "submit" }, st("schoolLinkAdd"));
    const linkForm = h("form", { class: "staff-form", novalidate: true }, h("div", { class: "staff-field" }, h("label", { for: "school-link-account" }, st("schoolLinkAccount")), this.#account), email.wrap, add);
    linkForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = this.#accounts[Number(this.#account.value)];
      if (!chosen) return this.#account.focus();
      if (!email.input.value.trim()) return email.input.focus();
      void whileBusy(add, async () => {
        const view = await this.#call(() => api("POST", "/school-sign-in/links", { kind: chosen.kind, accountId: chosen.id, email: email.input.value.trim() }, SchoolSignInView));
        if (!view) return;
        email.input.value = "";
        this.#show(view, "");
      });
    });
    this.element = h(
      "section",
      { class: "registry school-sign-in-panel", "aria-labelledby": "school-title" },
      h("h2", { id: "school-title" }, `🏫 ${st("schoolSettings")}`),
      h("p", { class: "lead" }, st("schoolSettingsLead")),
      this.#status,
      this.#error,
      settings,
      this.#addresses,
      h("h3", {}, st("schoolLinks")),
      this.#links,
      linkForm,
    );
  }

  async load(): Promise<void> {
    const [view, staff, students] = await Promise.all([
      this.#call(() => api("GET", "/school-sign-in", undefined, SchoolSignInView)),
      this.#call(() => api("GET", "/admin/staff", undefined, StaffList)),
      this.#call(() => api("GET", "/staff/students", undefined, StudentList)),
    ]);
    this.#accounts = [...(staff?.staff ?? []).map((s) => ({ kind: "staff" as const, id: s.id, name: s.displayName })), ...(students?.students ?? []).map((s) => ({ kind: "student" as const, id: s.id, name: s.nickname }))];
    this.#account.replaceChildren(...this.#accounts.map((a, i) => h("option", { value: String(i) }, `${a.name}（${this.st(a.kind === "staff" ? "schoolKindStaff" : "schoolKindStudent")}）`)));
    if (view) this.#show(view, "", { settings: true });
    else loadAgainSoon(this.#fields, () => this.load());
  }

  /**
   * What the server keeps: the settings' fields only when asked (first shown, or just saved),
   * so adding or taking off an account's link leaves settings being written as they are.
   */
  #show(view: SchoolSignInView, status: string, { settings = false } = {}): void {
    const st = this.st;
    if (settings) {
      this.#issuer.input.value = view.issuer;
      this.#client.input.value = view.clientId;
      this.#secret.input.value = "";
      this.#domain.input.value = view.domain ?? "";
      this.#tenant.input.value = view.tenant ?? "";
      this.#students.checked = view.students;
      filled(this.#fields);
    }
    const origin = location.origin;
    const org = encodeURIComponent(this.orgId);
    const pair = (term: string, value: string) => [h("dt", {}, term), h("dd", {}, h("code", {}, value))];
    this.#addresses.replaceChildren(
      ...pair(st("schoolRedirect"), view.redirectUri),
      ...(view.configured ? pair(st("schoolStaffLink"), `${origin}/staff?school=${org}`) : []),
      ...(view.configured && view.students ? pair(st("schoolDoorLink"), `${origin}/?school=${org}`) : []),
    );
    this.#links.replaceChildren(
      ...(view.links.length
        ? view.links.map((l) => {
            const unlink = h("button", { type: "button", class: "small", "aria-label": `${st("schoolUnlink")}: ${l.name}` }, st("schoolUnlink"));
            unlink.addEventListener("click", () =>
              void whileBusy(unlink, async () => {
                const next = await this.#call(() => api("DELETE", `/school-sign-in/links/${l.kind}/${encodeURIComponent(l.accountId)}`, {}, SchoolSignInView));
                if (next) this.#show(next, "");
              }),
            );
            return h("li", {}, h("strong", {}, l.name), ` ${l.email} `, unlink);
          })
        : [h("li", {}, st("schoolNoLinks"))]),
    );
    setText(this.#status, status);
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
