/**
 * Roles and what each may do: one table, read by the server for every socket message and every
 * HTTP route. A capability not listed for a role is refused and audited.
 */
export const ROLES = ["student", "counsellor", "researcher", "admin"] as const;
export type Role = (typeof ROLES)[number];
import { STAFF_ROLES, type StaffRole } from "./staffRoles.ts";
export { STAFF_ROLES, type StaffRole };

const present = ["student", "counsellor", "admin"] as const;
const host = ["counsellor", "admin"] as const;

export const CAPABILITIES = {
  // Being in the space
  enterSpace: present,
  move: present,
  chat: present,
  setStatus: present,
  emote: present,
  requestHelp: ["student"],
  askToTalk: ["student"],
  answerKnock: ["student"],
  report: ["student"],
  takeSeat: present,
  /** Answer "may your answer go on the board?", and take one's own answer down again. */
  answerConsent: ["student"],
  unpin: present,
  askQuestion: ["student"],
  answerPoll: ["student"],
  /** A self-study desk, its goal, a listed learning site, what was done; and one's own history. Children's, not staff's. */
  selfStudy: ["student"],
  /** Book a counselling or tutoring slot for oneself, and cancel it (issue 18). */
  bookSlot: ["student"],
  /** Voice (issue 16): join a talk where one stands, speak when the rules allow, signal one's links, answer a voice offer. */
  talk: present,
  // Hosting the space (counsellors; admins can step in)
  openSpace: host,
  closeSpace: host,
  greet: host,
  invite: host,
  lockCounselling: host,
  announce: host,
  emcee: host,
  mute: host,
  remove: host,
  block: host,
  answerHelp: host,
  // The lesson: start and end it, take hands in order, answer questions, ask quick checks
  runLesson: host,
  seeConsole: host,
  registerStudent: host,
  setBoard: host,
  /** Decks for the board: upload, delete, show, turn pages, "look here". */
  showDeck: host,
  /** Ask a child to show a work of theirs on the exhibit wall, send its picture, take works down. */
  exhibitWork: host,
  /** The learning sites a child can open from a self-study desk. */
  manageStudySites: host,
  manageCodes: host,
  recordConsent: host,
  // The shared plaza: open and close a joint event, keep one's own student out of plazas
  openPlaza: host,
  /** The timetable: opening hours, lessons, clubs and events, days off; the family feed's address (issue 18). */
  planTimetable: host,
  /** Bookings: offer and remove slots, see every booking, book or cancel for a child (issue 18). */
  runBookings: host,
  keepOutOfPlaza: host,
  /** Voice: offer a child a voice talk, mute a voice, end or lock a talk spot, the lesson's voice and its turn. */
  runVoice: host,
  // Research (pseudonymised, consent-filtered, organisation-scoped)
  readResearch: ["researcher"],
  // Running the organisation
  manageStaff: ["admin"],
  readAudit: ["admin"],
  editWords: ["admin"],
  manageStudies: ["admin"],
  purgeLogs: ["admin"],
  /** A guardian's rights over their child's data: a copy of everything held, and erasure (issue 19). */
  exerciseRights: ["admin"],
  /** The daily check-in (issue 19): say how one feels today, and read one's own days. Children's only. */
  checkIn: ["student"],
  /** Their organisation's children's check-in trends and quiet flags. */
  readCheckIns: host,
  /** Offer the check-in in the organisation, or not; turn it off for one child. */
  manageCheckIns: host,
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | null | undefined, capability: Capability): boolean {
  return !!role && (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

export function isStaff(role: Role): boolean {
  return role !== "student";
}

/**
 * A federation admin runs one installation that serves many organisations: creates organisations
 * and their first admins, and opens plaza events for any of them. It is a duty an account holds on top of its role in its own
 * organisation, given to the person who set the installation up (or by `npm run admin --
 * federation`), never through the web, and it shows them no organisation's children.
 */
export const FEDERATION_CAPABILITIES = ["manageOrganisations", "openPlaza"] as const;
export type FederationCapability = (typeof FEDERATION_CAPABILITIES)[number];

export function canFederate(holder: { federation: boolean } | null | undefined, capability: FederationCapability): boolean {
  return holder?.federation === true && FEDERATION_CAPABILITIES.includes(capability);
}
