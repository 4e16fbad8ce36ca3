/**
 * Roles and what each may do: one table, read by the server for every socket message and every
 * HTTP route. A capability not listed for a role is refused and audited.
 */
export const ROLES = ["student", "counsellor", "researcher", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["counsellor", "researcher", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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
  // Hosting the space (counsellors; admins can step in)
  openSpace: host,
  closeSpace: host,
  greet: host,
  invite: host,
  lockCounselling: host,
  announce: host,
  mute: host,
  remove: host,
  block: host,
  answerHelp: host,
  seeConsole: host,
  registerStudent: host,
  setBoard: host,
  manageCodes: host,
  recordConsent: host,
  // Research (pseudonymised, consent-filtered, organisation-scoped)
  readResearch: ["researcher"],
  // Running the organisation
  manageStaff: ["admin"],
  readAudit: ["admin"],
  editWords: ["admin"],
  manageStudies: ["admin"],
  purgeLogs: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | null | undefined, capability: Capability): boolean {
  return !!role && (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

export function isStaff(role: Role): boolean {
  return role !== "student";
}
