import { OrganisationCreated, OrganisationList, WelcomeLink } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, showingErrors, whileBusy } from "../form.ts";
import type { StaffTranslate } from "../i18n.ts";
import { welcomeLinkBox } from "./welcomeLinkBox.ts";

type Admin = OrganisationList["organisations"][number]["admins"][number];

/**
 * What the federation admin runs (shown only to them): the installation's organisations, with
 * their admins and head counts, and a new organisation with its first admin, who gets a welcome
 * link to choose their own password (the federation admin never knows it). Each organisation's
 * admin runs the rest of it from their own page.
 */
export class FederationPanel {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "admin-list organisations" });
  readonly #link = h("div", { class: "welcome-link-slot" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });

  constructor(private readonly st: StaffTranslate) {
    const name = field({ id: "new-org-name", label: st("organisationName"), required: true, maxlength: 80 });
    const user = field({ id: "new-org-user", label: st("username"), required: true, maxlength: 40 });
    const display = field({ id: "new-org-display", label: st("displayName"), required: true, maxlength: 40 });
    const create = h("button", { type: "submit", class: "primary" }, st("createOrganisation"));
    const form = h(
      "form",
      { class: "staff-form", novalidate: true },
      name.wrap,
      h("fieldset", {}, h("legend", {}, st("firstAdmin")), user.wrap, display.wrap, h("p", { class: "form-note" }, st("addStaffNote"))),
      create,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(create, async () => {
        const body = { name: name.input.value.trim(), admin: { username: user.input.value.trim(), displayName: display.input.value.trim() } };
        const made = await this.#call(() => api("POST", "/federation/organisations", body, OrganisationCreated));
        if (!made) return;
        setText(this.#status, st("organisationCreated", { name: made.name, admin: made.admin.displayName }));
        for (const f of [name, user, display]) f.input.value = "";
        await this.load();
        this.#showLink(made.admin, made.welcome, false);
      });
    });

    this.element = h(
      "section",
      { class: "registry federation", "aria-labelledby": "federation-title" },
      h("h2", { id: "federation-title" }, st("federation")),
      h("p", { class: "lead" }, st("federationLead")),
      this.#status,
      this.#error,
      h("h3", {}, st("organisations")),
      this.#list,
      this.#link,
      form,
    );
  }

  async load(): Promise<void> {
    const listed = await this.#call(() => api("GET", "/federation/organisations", undefined, OrganisationList));
    if (!listed) return;
    this.#list.replaceChildren(
      ...listed.organisations.map((o) =>
        h(
          "li",
          {},
          h("strong", {}, o.name),
          h("span", {}, ` · ${this.st("organisationCounts", { staff: o.staff, students: o.students })} · `),
          o.admins.length ? h("span", {}, this.st("organisationAdmins")) : h("span", {}, this.st("noAdmin")),
          o.admins.length ? h("ul", { class: "org-admins" }, ...o.admins.map((a) => this.#adminRow(a))) : null,
        ),
      ),
    );
  }

  /** An organisation's admin: whether they have chosen a password, and a new link for them (never for a federation admin). */
  #adminRow(a: Admin): HTMLElement {
    const reset = a.claimed;
    const button = a.federation
      ? null
      : h("button", { type: "button", class: "small", "aria-label": this.st(reset ? "resetLinkName" : "newWelcomeLinkName", { name: a.displayName }) }, this.st(reset ? "resetLink" : "newWelcomeLink"));
    button?.addEventListener("click", () => {
      if (!window.confirm(this.st(reset ? "resetLinkConfirm" : "newWelcomeLinkConfirm", { name: a.displayName }))) return;
      void whileBusy(button, async () => {
        const link = await this.#call(() => api("POST", `/federation/admins/${encodeURIComponent(a.id)}/welcome`, {}, WelcomeLink));
        if (link) this.#showLink(a, link, reset);
      });
    });
    return h("li", {}, `${a.displayName}（${a.username}） `, a.claimed ? null : h("span", { class: "badge" }, this.st("notClaimed")), button);
  }

  /** Shows a link to pass on (replacing any shown before) and takes keyboard focus to it. */
  #showLink(who: { displayName: string }, link: WelcomeLink, reset: boolean): void {
    const box = welcomeLinkBox(this.st, who, link, reset, () => {
      box.remove();
      this.#list.querySelector("button")?.focus();
    });
    this.#link.replaceChildren(box);
    box.querySelector<HTMLElement>("h3")?.focus();
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
