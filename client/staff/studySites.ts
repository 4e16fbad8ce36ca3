import { STUDY, siteAddress } from "../../shared/domain/study.ts";
import { Ok } from "../../shared/protocol/http.ts";
import { StudySiteAdded, StudySiteList, type StudySite } from "../../shared/protocol/study.ts";
import { api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, showingErrors, whileBusy } from "./form.ts";
import type { StaffTranslate } from "./i18n.ts";

/**
 * The learning sites a child at a self-study desk may open (issue 15; shared/domain/study.ts),
 * kept by the organisation's counsellors and admins: a name a child can read and an https
 * address. Changing one is removing it and adding it again (ids in the session log stay true to
 * what was opened). The server checks every address again and audits each change.
 */
export class StudySitesPanel {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "admin-list study-sites-list" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });

  constructor(private readonly st: StaffTranslate) {
    const name = field({ id: "study-site-name", label: st("studySiteName"), required: true, maxlength: STUDY.siteNameMaxChars });
    const url = field({ id: "study-site-url", label: st("studySiteUrl"), required: true, maxlength: STUDY.siteUrlMaxChars });
    url.input.type = "url";
    url.input.setAttribute("inputmode", "url");
    const add = h("button", { type: "submit", class: "primary" }, st("studySiteAdd"));
    const form = h("form", { class: "staff-form", novalidate: true }, name.wrap, url.wrap, add);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const nameText = name.input.value.trim();
      if (!nameText) return name.input.focus();
      if (siteAddress(url.input.value.trim()) === null) {
        setText(this.#error, st("errSiteUrl"));
        return url.input.focus();
      }
      void whileBusy(add, async () => {
        const site = await this.#call(() => api("POST", "/staff/study-sites", { name: nameText, url: url.input.value.trim() }, StudySiteAdded));
        if (!site) return;
        name.input.value = "";
        url.input.value = "";
        setText(this.#status, st("studySiteAdded", { name: site.name }));
        await this.load();
      });
    });
    this.element = h(
      "section",
      { class: "registry study-sites-panel", "aria-labelledby": "study-sites-title" },
      h("h2", { id: "study-sites-title" }, `📚 ${st("studySites")}`),
      h("p", { class: "lead" }, st("studySitesLead")),
      this.#status,
      this.#error,
      this.#list,
      form,
    );
  }

  async load(): Promise<void> {
    const list = await this.#call(() => api("GET", "/staff/study-sites", undefined, StudySiteList));
    if (!list) return;
    this.#list.replaceChildren(...(list.sites.length ? list.sites.map((s) => this.#row(s)) : [h("li", {}, this.st("studySitesNone"))]));
  }

  #row(site: StudySite): HTMLElement {
    const remove = h("button", { type: "button", class: "small", "aria-label": this.st("studySiteRemoveName", { name: site.name }) }, this.st("studySiteRemove"));
    remove.addEventListener("click", () => {
      if (!window.confirm(this.st("studySiteRemoveConfirm", { name: site.name }))) return;
      void whileBusy(remove, async () => {
        if (!(await this.#call(() => api("DELETE", `/staff/study-sites/${encodeURIComponent(site.id)}`, {}, Ok)))) return;
        setText(this.#status, this.st("studySiteRemoved", { name: site.name }));
        await this.load();
      });
    });
    // The address as text (never a link here: staff check it, children open it).
    return h("li", { "data-id": site.id }, h("strong", {}, site.name), " ", h("span", { class: "study-site-url" }, site.url), " ", remove);
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
