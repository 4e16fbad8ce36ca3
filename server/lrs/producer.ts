import type { LoggedEvent } from "../../shared/log/events.ts";
import type { Logger } from "../log.ts";
import { type ScopeDeps, admission, sessionsOf } from "../research/scope.ts";
import { type StatementSource, xapiStatements } from "../research/statements.ts";
import type { Studies } from "../research/studies.ts";
import type { Directory } from "../store/directory.ts";
import type { LrsEndpoint, LrsOutbox, OutboxEntry } from "../store/lrsOutbox.ts";
import type { SessionRecord } from "../store/SessionLog.ts";

export interface ProducerDeps extends ScopeDeps {
  outbox: LrsOutbox;
  directory: Directory;
  studies: Studies;
  logger: Logger;
  now(): number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Puts statements in the outbox as they happen. Every few seconds (and at once when a session
 * closes) the sessions that had new events since the last pass are made into statements by the
 * research export's own generator (statements.ts: the same consent, suppression, organisation
 * scope, pseudonyms and stable ids), and every statement id not queued before goes in. A visit
 * or a lesson still under way has no statement yet; it comes in a later pass, once it has one.
 *
 * Which sessions had new events is heard from the session log (saw()), in this process: its own
 * rooms. After a start, the first pass reads every recent session instead (`lookbackMs`), so what
 * happened while Hidamari was stopping, or on a process that is gone, is queued too; the
 * outbox's insert-or-ignore makes that harmless.
 *
 * A student who withdrew consent is left out by the generator from then on; what was queued
 * before and not sent is dropped by the sender. A statement queued is queued once: what the
 * generator says of it later (it says the same) changes nothing.
 */
export class LrsProducer {
  readonly #deps: ProducerDeps;
  readonly #lookbackMs: number;
  #dirty = new Set<string>();
  #everything = true;
  /** Ids this process has queued, per endpoint and open session: a pass inserts only new ones. */
  #queued = new Map<string, Set<string>>();

  constructor(deps: ProducerDeps, lookbackMs = 3 * DAY) {
    this.#deps = deps;
    this.#lookbackMs = lookbackMs;
  }

  /** An event was logged (cheap: this is on the rooms' path). */
  saw(event: LoggedEvent): void {
    this.#dirty.add(event.space);
  }

  /** The next pass reads every recent session (an endpoint was set up or changed). */
  everything(): void {
    this.#everything = true;
  }

  async pass(): Promise<void> {
    const everything = this.#everything;
    const dirty = this.#dirty;
    if (!everything && dirty.size === 0) return;
    this.#everything = false;
    this.#dirty = new Set();
    try {
      if (everything) this.#queued.clear();
      await this.#produce(everything ? null : dirty);
    } catch (error) {
      // Nothing is lost: the same sessions are read again next time.
      if (everything) this.#everything = true;
      for (const space of dirty) this.#dirty.add(space);
      throw error;
    }
  }

  async #produce(dirty: Set<string> | null): Promise<void> {
    const { outbox, now } = this.#deps;
    const byOrg = new Map<string, LrsEndpoint[]>();
    for (const e of await outbox.sending()) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e]);
    const at = now();
    for (const [orgId, endpoints] of byOrg) {
      const sessions = (await sessionsOf(this.#deps, orgId, at - this.#lookbackMs, at + DAY)).filter((s) => !dirty || dirty.has(s.space));
      if (sessions.length === 0) continue;
      const sources = await this.#sources(orgId, endpoints);
      for (const session of sessions) {
        const targets = sources.filter((s) => session.closedAt === null || session.closedAt >= s.endpoint.since);
        if (targets.length === 0) continue;
        const events = await this.#deps.log.events(session.space);
        for (const target of targets) await this.#queue(target, session, events);
        // A turn for the rooms between sessions.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Each endpoint's study, opened with its key, and who is admitted now. */
  async #sources(orgId: string, endpoints: LrsEndpoint[]): Promise<Array<{ endpoint: LrsEndpoint; source: StatementSource }>> {
    const out = [];
    for (const endpoint of endpoints) {
      const study = await this.#deps.studies.open(orgId, endpoint.studyId);
      if (!study) continue;
      const admitted = await admission(this.#deps.directory, orgId, study.pseudonym);
      out.push({ endpoint, source: { admission: admitted, studyIri: `${endpoint.baseIri}/studies/${study.id}`, baseIri: endpoint.baseIri } });
    }
    return out;
  }

  async #queue(target: { endpoint: LrsEndpoint; source: StatementSource }, session: SessionRecord, events: LoggedEvent[]): Promise<void> {
    const key = `${target.endpoint.id}|${session.registration}`;
    const queued = this.#queued.get(key) ?? new Set<string>();
    const fresh = xapiStatements(session, events, target.source).filter((s) => !queued.has(s.id));
    if (fresh.length > 0) {
      // Whom each pseudonym stands for, kept beside the row on the server (erasure, "what was sent about me").
      const people = new Map<string, { account: string; role: "student" | "staff" }>();
      for (const e of events) if (e.type === "entered" && e.account) people.set(target.source.admission.pseudonym(e.account), { account: e.account, role: e.role ?? "student" });
      const entries: OutboxEntry[] = [];
      for (const s of fresh) {
        const who = people.get(s.actor.account.name);
        if (!who) continue; // every actor entered; a statement about no one known is never sent
        entries.push({ statementId: s.id, orgId: target.endpoint.orgId, personId: who.account, personRole: who.role, registration: session.registration, statement: s, content: s.result?.response !== undefined });
      }
      await this.#deps.outbox.enqueue(target.endpoint.id, entries);
      for (const s of fresh) queued.add(s.id);
    }
    if (session.closedAt === null) this.#queued.set(key, queued);
    else this.#queued.delete(key);
  }
}
