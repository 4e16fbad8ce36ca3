import { plazaSpace } from "../../shared/domain/plaza.ts";
import type { Directory } from "../store/directory.ts";
import type { PlazaEvents } from "../store/plazas.ts";
import type { SessionLog, SessionRecord } from "../store/SessionLog.ts";
import type { ExportAdmission } from "./pseudonymise.ts";

/**
 * What an organisation's research reads, written once for every reader of it: the researcher's
 * views and exports (routes.ts) and the statements sent to the school's LRS (server/lrs/).
 */
export interface ScopeDeps {
  log: SessionLog;
  plazas: PlazaEvents;
}

/**
 * The spaces an organisation's studies read: its own floor, and the plaza of every joint event
 * it took part in. There, as anywhere, only its own consenting students appear as pseudonyms
 * (admission() below); everyone else from the other organisations is in the anonymous counts.
 */
export async function spacesOf(deps: ScopeDeps, orgId: string): Promise<string[]> {
  return [orgId, ...(await deps.plazas.eventsOf(orgId)).map((e) => plazaSpace(e.id))];
}

/** The organisation's sessions (its floor's and its plazas') that opened in [from, to), oldest first. */
export async function sessionsOf(deps: ScopeDeps, orgId: string, from: number, to: number): Promise<SessionRecord[]> {
  return (await Promise.all((await spacesOf(deps, orgId)).map((space) => deps.log.sessions(space, from, to)))).flat().sort((a, b) => a.openedAt - b.openedAt);
}

/**
 * Who may appear: staff of this organisation, and students who consent to their activity being
 * studied, right now (a withdrawal applies to every later view, export and statement sent).
 */
export async function admission(directory: Directory, orgId: string, pseudonym: (account: string) => string): Promise<ExportAdmission> {
  // The organisation's people, read once per request: anyone not among them (another
  // organisation's child met in a shared space, say) is not admitted.
  const consent = new Map((await directory.studentsOf(orgId)).map((s) => [s.id, s.consent]));
  const staff = new Set((await directory.staffOf(orgId)).map((s) => s.id));
  const levelOf = (account: string) => consent.get(account) ?? "none";
  return {
    include: (account, role) => (role === "staff" ? staff.has(account) : levelOf(account) !== "none"),
    pseudonym,
    chatConsented: (account) => levelOf(account) === "activity_chat",
  };
}
