import { OrganisationNames, Ok, PlazaList } from "../../shared/protocol/http.ts";
import { clockTime } from "../i18n/index.ts";
import { api } from "../net/api.ts";
import { h, setText } from "../ui/dom.ts";
import { field, showingErrors, whileBusy } from "./form.ts";
import type { StaffTranslate } from "./i18n.ts";

/** Today at "HH:MM" on this computer's clock (the school's), as epoch milliseconds. */
function todayAt(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  const d = new Date();
  d.setHours(h, m, 0, 0);
  return d.getTime();
}
const clock = (at: number) => clockTime(at, document.documentElement.lang === "en" ? "en" : "ja");

/**
 * The shared plaza on the staff page: today's joint events my organisation takes part in, with a
 * way in and (for the host) a way to end them, and a form that opens a new one for chosen
 * organisations. Going in opens the plaza the way "open the space" opens one's own floor.
 */
export class PlazaPanel {
  readonly element: HTMLElement;
  readonly #list = h("ul", { class: "admin-list plazas" });
  readonly #orgs = h("fieldset", { class: "plaza-orgs" });
  readonly #status = h("p", { class: "registry-status", role: "status" });
  readonly #error = h("p", { class: "form-error", role: "alert" });
  readonly #form: HTMLElement;
  readonly #alone = h("p", { class: "lead", hidden: true });

  constructor(
    private readonly st: StaffTranslate,
    private readonly myOrg: string,
    private readonly enter: (plazaId: string) => void,
  ) {
    const title = field({ id: "plaza-title", label: st("plazaTitle"), required: true, maxlength: 60 });
    const from = h("input", { id: "plaza-from", type: "time", value: "14:00", required: true });
    const to = h("input", { id: "plaza-to", type: "time", value: "15:00", required: true });
    const open = h("button", { type: "submit", class: "primary" }, st("openPlaza"));
    const form = (this.#form = h(
      "form",
      { class: "staff-form", novalidate: true },
      title.wrap,
      h("div", { class: "plaza-times" }, h("label", { for: "plaza-from" }, st("plazaFrom")), from, h("label", { for: "plaza-to" }, st("plazaTo")), to),
      this.#orgs,
      open,
    ));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void whileBusy(open, async () => {
        const orgs = [...this.#orgs.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
        const body = { title: title.input.value.trim(), startsAt: todayAt(from.value), endsAt: todayAt(to.value), orgs };
        if (await this.#call(() => api("POST", "/plaza", body))) {
          setText(this.#status, st("plazaOpened", { title: body.title }));
          title.input.value = "";
          await this.load();
        }
      });
    });
    this.element = h(
      "section",
      { class: "registry plaza", "aria-labelledby": "plaza-title-h" },
      h("h2", { id: "plaza-title-h" }, st("plaza")),
      h("p", { class: "lead" }, st("plazaLead")),
      this.#status,
      this.#error,
      this.#list,
      h("h3", {}, st("openPlaza")),
      this.#alone,
      form,
    );
  }

  async load(): Promise<void> {
    const [listed, names] = await Promise.all([this.#call(() => api("GET", "/plaza", undefined, PlazaList)), this.#call(() => api("GET", "/plaza/organisations", undefined, OrganisationNames))]);
    // An installation of one organisation has nobody to meet yet: say so instead of a form.
    const alone = names !== null && names.organisations.every((o) => o.id === this.myOrg);
    this.#form.hidden = alone;
    this.#alone.hidden = !alone;
    setText(this.#alone, alone ? this.st("plazaAlone") : "");
    if (names) {
      this.#orgs.replaceChildren(
        h("legend", {}, this.st("plazaOrgs")),
        ...names.organisations.map((o) =>
          h("label", { class: "check" }, h("input", { type: "checkbox", value: o.id, checked: o.id === this.myOrg, disabled: o.id === this.myOrg }), ` ${o.name}`),
        ),
      );
    }
    if (!listed) return;
    this.#list.replaceChildren(
      ...(listed.plazas.length === 0
        ? [h("li", {}, this.st("noPlaza"))]
        : listed.plazas.map((p) => {
            const go = h("button", { type: "button", class: "small primary" }, this.st("enterPlaza"));
            go.addEventListener("click", () => this.enter(p.id));
            const end = p.mine ? h("button", { type: "button", class: "small warn" }, this.st("closePlaza")) : null;
            end?.addEventListener("click", () => {
              if (!window.confirm(this.st("closePlazaConfirm", { title: p.title }))) return;
              void whileBusy(end, async () => {
                if (await this.#call(() => api("POST", `/plaza/${p.id}/close`, {}, Ok))) {
                  setText(this.#status, this.st("plazaClosed", { title: p.title }));
                  await this.load();
                }
              });
            });
            return h(
              "li",
              {},
              h("strong", {}, p.title),
              ` ${clock(p.startsAt)}–${clock(p.endsAt)} · ${p.orgs.map((o) => o.name).join("、")} · ${this.st(p.open ? "plazaStaffIn" : "plazaNoStaff")} `,
              go,
              end,
            );
          })),
    );
  }

  #call<T>(request: () => Promise<T>): Promise<T | null> {
    return showingErrors(this.st, this.#error, request);
  }
}
