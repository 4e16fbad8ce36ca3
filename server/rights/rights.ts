import type { Presence } from "@colyseus/core";
import type { Erased, SharedBefore } from "../../shared/protocol/rights.ts";
import type { Sessions } from "../auth/sessions.ts";
import { signOutStudent } from "../auth/signOut.ts";
import type { AuditLog } from "../store/audit.ts";
import type { Db } from "../store/database.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import type { HeldPart } from "./parts.ts";

/** Long enough for a space on another process to hear of an erasure and log the child leaving. */
const LEAVING_MS = 300;
/** For that process's write of what it logged, once its flush interval has come round. */
const WRITE_MS = 200;

/** The copy of everything held about one child, as a guardian may ask for it: machine-readable, every part named. */
export interface HeldCopy {
  format: "hidamari-held-about/1";
  madeAt: number;
  organisation: string;
  student: string;
  /** Each part's records (server/rights/parts.ts), as stored. */
  parts: Record<string, unknown>;
  /** Each research consent recorded, and by whom (the audit's record of it). */
  consentHistory: Array<{ at: number; level: unknown; recordedBy: string | null }>;
  /** What staff did about this child (registered, issued a code, wrote a letter…): actions, never the staff's notes. */
  staffActions: Array<{ at: number; action: string; byRole: string; outcome: string }>;
  /** Where records of them have already gone (research exports, an LRS). */
  alreadyShared: SharedBefore[];
}

/** What the rights need of the rest: the log, the audit, sign-ins, and the presence that reaches every space. */
export interface RightsDeps {
  log: SessionLog;
  audit: AuditLog;
  sessions: Sessions;
  presence: Presence;
  sqlite: Db | null;
  clock: { now(): number };
  /** How often every process writes what it logged (HIDAMARI_FLUSH_MS; one configuration for all). */
  flushMs: number;
}

/** A guardian's rights over one child's data, carried out by an admin: a copy of everything, and erasure. */
export class Rights {
  constructor(
    private readonly deps: RightsDeps,
    /** Every part that holds something about a child (server/rights/parts.ts). */
    private readonly parts: HeldPart[],
  ) {}

  async heldAbout(orgId: string, studentId: string): Promise<HeldCopy> {
    const entries: Array<[string, unknown]> = [];
    for (const part of this.parts) entries.push([part.name, await part.about(orgId, studentId)]);
    const audit = await this.deps.audit.find(orgId, { target: studentId });
    return {
      format: "hidamari-held-about/1",
      madeAt: this.deps.clock.now(),
      organisation: orgId,
      student: studentId,
      parts: Object.fromEntries(entries),
      consentHistory: audit.filter((e) => e.action === "record_consent" && e.outcome === "done").map((e) => ({ at: e.at, level: e.detail.level, recordedBy: e.actorId })),
      staffActions: audit.map((e) => ({ at: e.at, action: e.action, byRole: e.actorRole, outcome: e.outcome })),
      alreadyShared: await this.#sharedBefore(orgId, studentId),
    };
  }

  /**
   * Erases a child: their sign-ins end and any space they are in lets them go, then each part
   * forgets what it holds, the account last (so an erasure cut short can be asked for again).
   * What staff did about them stays in the audit (the staff's accountability; an opaque id, no
   * name), with the erasure itself. What had already left Hidamari is listed from what is known
   * before anything goes.
   */
  async erase(orgId: string, studentId: string): Promise<Erased> {
    const alreadyShared = await this.#sharedBefore(orgId, studentId);
    await signOutStudent(this.deps, studentId);
    // A space letting them go logs their leaving: that must be in the log before the log is
    // erased, or it is written after, an orphan of the erased child. With SQLite the space is in
    // this process, and this flush writes it. With PostgreSQL it may be on another process, which
    // writes its log when its own flush interval comes round: that is waited for too.
    const elsewhere = this.deps.sqlite ? 0 : this.deps.flushMs + WRITE_MS;
    await new Promise((resolve) => setTimeout(resolve, LEAVING_MS + elsewhere));
    await this.deps.log.flush();
    const erased: Record<string, number> = {};
    for (const part of this.parts) erased[part.name] = await part.erase(orgId, studentId);
    // Deleted rows are overwritten (secure_delete) and the write-ahead log emptied: erased means gone from the file.
    this.deps.sqlite?.pragma("wal_checkpoint(TRUNCATE)");
    return { erased, alreadyShared };
  }

  /**
   * Research exports that may have carried pseudonymised records of the child: those of their
   * organisation made after a consent other than "none" was recorded for them (exports leave out
   * anyone without it) whose period overlapped their visits. Parts add their own (an LRS's).
   */
  async #sharedBefore(orgId: string, studentId: string): Promise<SharedBefore[]> {
    const events = await this.deps.log.eventsOfAccount(orgId, studentId);
    const consents = await this.deps.audit.find(orgId, { action: "record_consent", target: studentId });
    const consentedSince = consents.find((e) => e.outcome === "done" && e.detail.level !== "none")?.at;
    const shared: SharedBefore[] = [];
    if (events.length > 0 && consentedSince !== undefined) {
      const first = events[0]?.at ?? 0;
      const last = events.at(-1)?.at ?? 0;
      for (const e of await this.deps.audit.find(orgId, { action: "export" })) {
        const { from, to, format } = e.detail as { from?: number; to?: number; format?: string };
        if (e.outcome !== "done" || e.at < consentedSince || (from ?? 0) > last || (to ?? Number.MAX_SAFE_INTEGER) < first) continue;
        shared.push({ kind: "research_export", at: e.at, where: e.target ?? "", what: format ?? "csv" });
      }
    }
    for (const part of this.parts) if (part.sharedBefore) shared.push(...(await part.sharedBefore(orgId, studentId)));
    return shared.sort((a, b) => a.at - b.at);
  }
}
