import { describe, expect, it } from "vitest";
import { CAPABILITIES, type Capability, FEDERATION_CAPABILITIES, ROLES, type Role, STAFF_ROLES, can, canFederate, isStaff } from "../../shared/domain/roles.ts";

/**
 * Who may do what, written out by person rather than by capability, so a change to the table in
 * shared/domain/roles.ts (which the server checks for every socket message and HTTP route) has to
 * be made here too, on purpose. Every capability is listed for exactly the people who may use it.
 */
const BEING_THERE: Capability[] = ["enterSpace", "move", "chat", "setStatus", "emote", "takeSeat", "unpin", "talk"];
const ASKING: Capability[] = ["requestHelp", "askToTalk", "answerKnock", "report", "askQuestion", "answerConsent", "answerPoll"];
/** The self-study corner: a desk, a goal, a listed site, what was done, one's own history. A child's, never staff's. */
// A child's own: the self-study desk and their history; booking a talk for themselves (issue 18).
// The daily check-in: how I feel today, and my own days (issue 19).
const STUDYING: Capability[] = ["selfStudy", "bookSlot", "checkIn"];
const HOSTING: Capability[] = [
  "openSpace",
  "closeSpace",
  "greet",
  "invite",
  "lockCounselling",
  "announce",
  "mute",
  "remove",
  "block",
  "answerHelp",
  "seeConsole",
  "registerStudent",
  "setBoard",
  "manageCodes",
  "recordConsent",
  "emcee",
  // The shared plaza: open a joint event; keep one's own student out of plazas.
  "openPlaza",
  "keepOutOfPlaza",
  // The lesson: start and end it, take hands in order, answer questions, ask quick checks; decks on the board.
  "runLesson",
  "showDeck",
  "exhibitWork",
  // The learning sites a child may open from a self-study desk.
  "manageStudySites",
  // Voice: offer a child a voice talk, mute a voice, end or lock a talk spot, the lesson's voice and turn.
  "runVoice",
  // The timetable and its family feed; bookings: offer slots, see them, book or cancel for a child (issue 18).
  "planTimetable",
  "runBookings",
  // The daily check-in: each child's trend and quiet flag; offer it or not, off for one child (issue 19).
  "readCheckIns",
  "manageCheckIns",
];
const RUNNING: Capability[] = ["manageStaff", "readAudit", "editWords", "manageStudies", "purgeLogs", "exerciseRights"];

const MAY: Record<Role, Capability[]> = {
  // A child in the space: be there (and sit at a desk), react, ask for help or to talk, answer a knock, report, ask the teacher, answer a quick check, study.
  student: [...BEING_THERE, ...ASKING, ...STUDYING],
  // Counsellors host the space; they never ask staff for help nor answer their own knocks.
  counsellor: [...BEING_THERE, ...HOSTING],
  // Researchers read pseudonymised data and nothing else: they never enter the space.
  researcher: ["readResearch"],
  // Admins can step into the space and host it, and run the organisation; they do not read research data.
  admin: [...BEING_THERE, ...HOSTING, ...RUNNING],
};

describe("who may do what", () => {
  it("lists every capability the server checks, each for someone", () => {
    const listed = new Set(Object.values(MAY).flat());
    expect([...listed].sort()).toEqual(Object.keys(CAPABILITIES).sort());
  });

  for (const role of ROLES) {
    it(`a ${role} may do exactly what the table says`, () => {
      const allowed = new Set(MAY[role]);
      const refused = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => !allowed.has(c));
      for (const capability of allowed) expect(can(role, capability), `${role} may ${capability}`).toBe(true);
      for (const capability of refused) expect(can(role, capability), `${role} may not ${capability}`).toBe(false);
    });
  }

  it("a student can do nothing that hosts the space, runs the organisation or reads research", () => {
    for (const capability of [...HOSTING, ...RUNNING, "readResearch"] as Capability[]) expect(can("student", capability), capability).toBe(false);
  });

  it("only admins manage staff, read the audit log, edit the word lists, manage studies and purge logs", () => {
    for (const capability of RUNNING) {
      expect(ROLES.filter((role) => can(role, capability)), capability).toEqual(["admin"]);
    }
  });

  it("only researchers read research data", () => {
    expect(ROLES.filter((role) => can(role, "readResearch"))).toEqual(["researcher"]);
  });

  it("someone who is not signed in may do nothing at all", () => {
    for (const capability of Object.keys(CAPABILITIES) as Capability[]) {
      expect(can(null, capability), capability).toBe(false);
      expect(can(undefined, capability), capability).toBe(false);
    }
  });

  it("a role the table does not know may do nothing", () => {
    for (const capability of Object.keys(CAPABILITIES) as Capability[]) {
      expect(can("superuser" as Role, capability), capability).toBe(false);
      expect(can("" as Role, capability), capability).toBe(false);
    }
  });
});

describe("staff", () => {
  it("are counsellors, researchers and admins; students are not staff", () => {
    expect(STAFF_ROLES).toEqual(["counsellor", "researcher", "admin"]);
    for (const role of STAFF_ROLES) expect(isStaff(role), role).toBe(true);
    expect(isStaff("student")).toBe(false);
  });
});

describe("the federation admin's duty", () => {
  it("is held by the account that has it, on top of any role, and by nobody else", () => {
    expect([...FEDERATION_CAPABILITIES].sort()).toEqual(["manageOrganisations", "openPlaza"]);
    for (const capability of FEDERATION_CAPABILITIES) {
      expect(canFederate({ federation: true }, capability), capability).toBe(true);
      expect(canFederate({ federation: false }, capability), capability).toBe(false);
      expect(canFederate(null, capability), capability).toBe(false);
      expect(canFederate(undefined, capability), capability).toBe(false);
      // Truthy is not enough: only the store's own `true`.
      expect(canFederate({ federation: 1 as unknown as boolean }, capability), capability).toBe(false);
    }
    expect(canFederate({ federation: true }, "manageStaff" as never)).toBe(false);
  });
});
