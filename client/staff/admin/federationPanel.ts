import { z } from "zod";
import { OrganisationList } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import { h, setText } from "../../ui/dom.ts";
import { field, showingErrors, whileBusy } from "../form.ts";
import type { StaffTranslate } from "../i18n.ts";

const Created = z.object({ id: z.string(), name: z.string(), admin: z.object({ username: z.string(), displayName: z.string() }) });

/**
 * What the federation admin runs (shown only to them): the installation's organisations, with
 * their admins and head counts, and a new organisation with its first admin. Each organisation's
 * admin runs the rest of it from their own page.
 */
export class FederationPanel {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "admin-list organisations" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });

  constructor(private readonly st: StaffTranslate) {
    const name = field({ id: "new-org-name", label: st("organisationName"), required: true, maxlength: 80 });
    const user = field({ id: "new-org-user", label: st("username"), required: true, maxlength: 40 });
    const display = field({ id: "new-org-display", label: st("displayName"), required: true, maxlength: 40 });
    const pass = field({ id: "new-org-pass", label: st("password"), type: "password", required: true, minlength: 10, maxlength: 200 });
    const create = h("button", { type: "submit", class: "primary" }, st("createOrganisation"));
    const form = h(
      "form",
      { class: "staff-form", novalidate: true },
      name.wrap,
      h("fieldset", {}, h("legend", {}, st("firstAdmin")), user.wrap, display.wrap, pass.wrap),
      create,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(create, async () => {
        const body = { name: name.input.value.trim(), admin: { username: user.input.value.trim(), displayName: display.input.value.trim(), password: pass.input.value } };
        const made = await this.#call(() => api("POST", "/federation/organisations", body, Created));
        if (!made) return;
        setText(this.#status, st("organisationCreated", { name: made.name, admin: made.admin.displayName }));
        for (const f of [name, user, display, pass]) f.input.value = "";
        await this.load();
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
          h("span", {}, o.admins.length ? this.st("organisationAdmins", { names: o.admins.map((a) => `${a.displayName}（${a.username}）`).join("、") }) : this.st("noAdmin")),
        ),
      ),
    );
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
