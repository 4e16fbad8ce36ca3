import { randomBytes } from "node:crypto";
import { DID_PRESETS, type DidPreset, GOAL_PRESETS, type GoalPreset, STUDY } from "../../shared/domain/study.ts";
import type { StudyRecord, StudySite } from "../../shared/protocol/study.ts";
import { type Sql, creationStamps } from "./sql.ts";

/** Today's goal, or what was done: a preset, words, or both (shared/protocol/study.ts). */
export interface StudyGoal {
  preset?: GoalPreset;
  text?: string;
}
export interface StudyDid {
  preset?: DidPreset;
  text?: string;
}

interface RecordRow {
  started_at: number;
  ended_at: number | null;
  goal_preset: string | null;
  goal_text: string | null;
  did_preset: string | null;
  did_text: string | null;
}

/**
 * The self-study corner's store (shared/domain/study.ts), for SQLite and PostgreSQL alike: each
 * child's sessions at a self-study desk (when, today's goal, what they did: their own record,
 * which they read back and their organisation's staff keep), and each organisation's list of
 * learning sites. Minimal on purpose: no desk, no sites opened (the session log has those, as
 * pseudonymised research data), nothing a child did not write or choose themselves.
 */
export class SelfStudyStore {
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** A session begins (its id is the room's: it writes the rest as it happens). */
  async start(id: string, orgId: string, studentId: string, startedAt: number): Promise<void> {
    await this.#sql.run("INSERT INTO self_study (id, org_id, student_id, started_at) VALUES (?, ?, ?, ?)", [id, orgId, studentId, startedAt]);
  }

  async setGoal(id: string, goal: StudyGoal): Promise<void> {
    await this.#sql.run("UPDATE self_study SET goal_preset = ?, goal_text = ? WHERE id = ?", [goal.preset ?? null, goal.text ?? null, id]);
  }

  /** The session ends, with what was done if the child said it. */
  async end(id: string, endedAt: number, did: StudyDid | null): Promise<void> {
    await this.#sql.run("UPDATE self_study SET ended_at = ?, did_preset = ?, did_text = ? WHERE id = ?", [endedAt, did?.preset ?? null, did?.text ?? null, id]);
  }

  /** What was done, said after the session ended; never over what was said before. */
  async recordDid(id: string, did: StudyDid): Promise<void> {
    await this.#sql.run("UPDATE self_study SET did_preset = ?, did_text = ? WHERE id = ? AND did_preset IS NULL AND did_text IS NULL", [did.preset ?? null, did.text ?? null, id]);
  }

  /** A child's own last sessions, newest first. */
  async history(studentId: string, limit: number = STUDY.historyShown): Promise<StudyRecord[]> {
    const rows = await this.#sql.all<RecordRow>(
      "SELECT started_at, ended_at, goal_preset, goal_text, did_preset, did_text FROM self_study WHERE student_id = ? ORDER BY started_at DESC LIMIT ?",
      [studentId, limit],
    );
    return rows.map((r) => ({
      startedAt: Number(r.started_at),
      endedAt: r.ended_at === null ? null : Number(r.ended_at),
      goal: words(r.goal_preset, r.goal_text, GOAL_PRESETS),
      did: words(r.did_preset, r.did_text, DID_PRESETS),
    }));
  }

  /** A child's sessions that began in [from, to) (ms), oldest first, with what was said as it was kept: the attendance report's read. */
  async between(orgId: string, studentId: string, from: number, to: number): Promise<Array<{ startedAt: number; endedAt: number | null; goalPreset: string | null; goalText: string | null; didPreset: string | null; didText: string | null }>> {
    const rows = await this.#sql.all<RecordRow>(
      "SELECT started_at, ended_at, goal_preset, goal_text, did_preset, did_text FROM self_study WHERE org_id = ? AND student_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at",
      [orgId, studentId, from, to],
    );
    return rows.map((r) => ({ startedAt: Number(r.started_at), endedAt: r.ended_at === null ? null : Number(r.ended_at), goalPreset: r.goal_preset, goalText: r.goal_text, didPreset: r.did_preset, didText: r.did_text }));
  }

  /** Sessions that began before `before` (ms), of an organisation or every one: the retention purge, as the session log's. */
  async purgeBefore(before: number, orgId?: string): Promise<number> {
    if (orgId === undefined) return this.#sql.run("DELETE FROM self_study WHERE started_at < ?", [before]);
    return this.#sql.run("DELETE FROM self_study WHERE org_id = ? AND started_at < ?", [orgId, before]);
  }

  /** The organisation's learning sites, in the order they were added. */
  async sites(orgId: string): Promise<StudySite[]> {
    return this.#sql.all<StudySite>("SELECT id, name, url FROM study_sites WHERE org_id = ? ORDER BY created_at", [orgId]);
  }

  /** One of the organisation's sites, or null (another organisation's is not found). */
  async site(orgId: string, id: string): Promise<StudySite | null> {
    return this.#sql.get<StudySite>("SELECT id, name, url FROM study_sites WHERE org_id = ? AND id = ?", [orgId, id]);
  }

  /** Adds a site to the list; null when the list is full (STUDY.sitesPerOrganisation). */
  async addSite(orgId: string, name: string, url: string): Promise<StudySite | null> {
    const kept = await this.#sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM study_sites WHERE org_id = ?", [orgId]);
    if (Number(kept?.n ?? 0) >= STUDY.sitesPerOrganisation) return null;
    const site = { id: randomBytes(9).toString("base64url"), name, url };
    await this.#sql.run("INSERT INTO study_sites (id, org_id, name, url, created_at) VALUES (?, ?, ?, ?, ?)", [site.id, orgId, name, url, this.#stamp()]);
    return site;
  }

  /** Takes a site off the list; false if it was not the organisation's. */
  async removeSite(orgId: string, id: string): Promise<boolean> {
    return (await this.#sql.run("DELETE FROM study_sites WHERE org_id = ? AND id = ?", [orgId, id])) > 0;
  }
}

/** A goal or what was done, from its two columns; null when neither was said (a preset no longer known is left out). */
function words<P extends string>(preset: string | null, text: string | null, presets: readonly P[]): { preset?: P; text?: string } | null {
  const known = presets.find((p) => p === preset);
  if (!known && text === null) return null;
  return { ...(known ? { preset: known } : {}), ...(text !== null ? { text } : {}) };
}
