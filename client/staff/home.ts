import type { StaffRole } from "../../shared/domain/roles.ts";
import type { Me } from "../../shared/protocol/http.ts";
import { signOut } from "../net/api.ts";
import { forgetInSpace } from "./inSpace.ts";
import { h, setText } from "../ui/dom.ts";
import type { Lang } from "../i18n/index.ts";
import type { StaffKey } from "./dictionary.ts";
import type { StaffTranslate } from "./i18n.ts";
import { AdminPanel } from "./admin/adminPanel.ts";
import { RosterPanel } from "./admin/rosterPanel.ts";
import { FederationPanel } from "./admin/federationPanel.ts";
import { PlazaPanel } from "./plazaPanel.ts";
import { can, canFederate } from "../../shared/domain/roles.ts";
import { StudentsRegistry } from "./registry/students.ts";
import { StudySitesPanel } from "./studySites.ts";
import { TimetablePanel } from "./timetablePanel.ts";
import { BookingsPanel } from "./bookingsPanel.ts";
import { SchoolSignInPanel } from "./admin/schoolSignInPanel.ts";
import { CheckInsPanel } from "./checkInsPanel.ts";
import { LrsPanel } from "./admin/lrsPanel.ts";

export type StaffMe = Extract<Me, { kind: "staff" }>;

const ROLE_TEXT: Record<StaffRole, StaffKey> = {
  counsellor: "roleCounsellor",
  researcher: "roleResearcher",
  admin: "roleAdmin",
};

/** The address the space's "students (new tab)" link opens: the home with its registry first. */
const FROM_SPACE = "#students";

/**
 * The signed-in page: a top bar (organisation, who I am, sign out) that stays while the space is
 * open, and below it the door to the space and the students registry.
 */
export class StaffHome {
  readonly element: HTMLElement;
  readonly header: HTMLElement;
  readonly #body: HTMLElement;
  readonly #open: HTMLButtonElement | null;
  /** Opened by the space's "students (new tab)" link. */
  readonly #fromSpace: boolean;
  readonly #error: HTMLElement;
  readonly #registry: StudentsRegistry | null;
  readonly #admin: AdminPanel | null;
  readonly #roster: RosterPanel | null;
  readonly #federation: FederationPanel | null;
  readonly #plaza: PlazaPanel | null;
  readonly #studySites: StudySitesPanel | null;
  readonly #timetable: TimetablePanel | null;
  readonly #bookings: BookingsPanel | null;
  readonly #school: SchoolSignInPanel | null;
  readonly #checkIns: CheckInsPanel | null;
  /** Records to the school's LRS, an endpoint per study: whoever manages studies (issue 19). */
  readonly #lrs: LrsPanel | null;

  /** `onOpen` opens my organisation's space, or the plaza of an event when given its id. */
  constructor(st: StaffTranslate, lang: Lang, me: StaffMe, onOpen: (plazaId?: string) => void) {
    const out = h("button", { type: "button", class: "small" }, st("signOut"));
    out.addEventListener("click", () => {
      out.disabled = true;
      forgetInSpace();
      // Whatever the answer, reloading shows the sign-in form if the session is gone.
      void signOut()
        .catch(() => undefined)
        .finally(() => location.reload());
    });
    this.header = h(
      "header",
      { class: "staff-bar" },
      h("p", { class: "staff-org" }, me.orgName),
      h("p", { class: "staff-who" }, st("signedInAs", { name: me.displayName, role: st(ROLE_TEXT[me.role]) })),
      // In the space the registry is out of sight, and leaving the page would leave the children
      // alone: a second tab of this page registers students without leaving (shown in the space only).
      me.role === "researcher" ? null : h("a", { class: "small registry-link", href: `/staff${FROM_SPACE}`, target: "_blank", rel: "noopener" }, st("studentsInNewTab")),
      out,
    );

    this.#error = h("p", { class: "form-error", role: "alert" });
    const researcher = me.role === "researcher";
    // Opened from the space to register students: the space is open in the other tab, and going
    // in here would take this person out of it there. The registry comes first; going in is not.
    const fromSpace = (this.#fromSpace = location.hash === FROM_SPACE);
    // Said once: a reload of this tab later (back from the space, say) is the ordinary home.
    if (fromSpace) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
    this.#open = researcher ? null : h("button", { type: "button", class: fromSpace ? "open-space" : "primary open-space" }, st(fromSpace ? "openSpaceHere" : "openSpace"));
    this.#open?.addEventListener("click", () => onOpen());
    const door = h(
      "section",
      { class: "open-door", "aria-labelledby": "open-title" },
      h("h1", { id: "open-title" }, me.orgName),
      h("p", { class: "lead" }, st(researcher ? "researcherNote" : fromSpace ? "spaceInOtherTab" : "openSpaceLead")),
      // A researcher's work is on the research page (which remembers the language chosen here).
      researcher ? h("p", {}, h("a", { class: "button-link to-research", href: "/research" }, st("toResearch"))) : null,
      this.#open,
      this.#error,
    );
    this.#registry = researcher ? null : new StudentsRegistry(st, me.orgName, can(me.role, "exerciseRights"));
    this.#admin = me.role === "admin" ? new AdminPanel(st) : null;
    this.#school = me.role === "admin" ? new SchoolSignInPanel(st, me.org) : null;
    this.#lrs = can(me.role, "manageStudies") ? new LrsPanel(st) : null;
    // Importing a roster makes staff accounts: the same capability as adding one by hand.
    this.#roster = can(me.role, "manageStaff") ? new RosterPanel(st) : null;
    this.#federation = me.federation ? new FederationPanel(st) : null;
    this.#plaza = can(me.role, "openPlaza") || canFederate(me, "openPlaza") ? new PlazaPanel(st, me.org, (id) => onOpen(id)) : null;
    this.#studySites = can(me.role, "manageStudySites") ? new StudySitesPanel(st) : null;
    this.#timetable = can(me.role, "planTimetable") ? new TimetablePanel(st, lang) : null;
    this.#bookings = can(me.role, "runBookings") ? new BookingsPanel(st) : null;
    this.#checkIns = can(me.role, "readCheckIns") ? new CheckInsPanel(st, lang) : null;
    this.#body = h("main", { class: "staff-home" }, door, this.#plaza?.element, this.#timetable?.element, this.#bookings?.element, this.#registry?.element, this.#checkIns?.element, this.#studySites?.element, this.#roster?.element, this.#admin?.element, this.#lrs?.element, this.#school?.element, this.#federation?.element);
    this.element = h("div", { class: "staff-page" }, this.header, this.#body);
  }

  /** Loads what the page shows without the space (the registry). */
  async start(): Promise<void> {
    const registry = this.#fromSpace ? this.#registry?.element.querySelector<HTMLElement>("#student-nickname") : null;
    registry?.scrollIntoView({ block: "center" });
    (registry ?? this.#open ?? this.#body.querySelector<HTMLElement>(".to-research"))?.focus();
    await Promise.all([this.#registry?.load(), this.#studySites?.load(), this.#timetable?.load(), this.#bookings?.load(), this.#admin?.load(), this.#lrs?.load(), this.#school?.load(), this.#federation?.load(), this.#plaza?.load(), this.#checkIns?.load()]);
  }

  busy(on: boolean, label: string): void {
    if (!this.#open) return;
    this.#open.disabled = on;
    if (on) {
      this.#open.dataset.label = this.#open.textContent ?? "";
      setText(this.#open, label);
    } else if (this.#open.dataset.label) setText(this.#open, this.#open.dataset.label);
    setText(this.#error, "");
  }

  showError(text: string): void {
    this.#body.hidden = false;
    setText(this.#error, text);
    this.#open?.focus();
  }

  /** While the space is open only the top bar stays; the 3D view and console take the rest. */
  hideBody(hidden: boolean): void {
    this.#body.hidden = hidden;
  }
}
