import { randomBytes } from "node:crypto";
import { z } from "zod/mini";
import { Timetable, emptyTimetable } from "../../shared/domain/timetable.ts";
import type { Sql } from "./sql.ts";

/** A timetable as kept: the plan, its version (when it was last written) and the family feed's key. */
export interface KeptTimetable {
  timetable: Timetable;
  /** 0 until first written; then the time of the last write, which the next write must name. */
  version: number;
  feedKey: string;
}

interface Row {
  plan: string;
  feed_key: string;
  version: number;
}

/** The feed key is the only thing between the public and a feed: 128 random bits, URL-safe. */
const newFeedKey = () => randomBytes(16).toString("base64url");

/**
 * Each organisation's timetable, one row each in the shared store (SQLite or PostgreSQL alike).
 * The plan is kept as JSON and checked against its schema when read back, so a row written by
 * an older version that no longer fits shows as a clear error rather than a wrong door.
 */
export class Timetables {
  readonly #sql: Sql;
  readonly #defaultTimeZone: string;

  constructor(sql: Sql, defaultTimeZone: string) {
    this.#sql = sql;
    this.#defaultTimeZone = defaultTimeZone;
  }

  /** The organisation's timetable; an empty one (version 0) until staff write it. */
  async of(orgId: string): Promise<KeptTimetable> {
    const row = await this.#sql.get<Row>("SELECT plan, feed_key, version FROM timetables WHERE org_id = ?", [orgId]);
    if (!row) return { timetable: emptyTimetable(this.#defaultTimeZone), version: 0, feedKey: await this.#ensureRow(orgId) };
    return { timetable: z.parse(Timetable, JSON.parse(row.plan)), version: Number(row.version), feedKey: row.feed_key };
  }

  /** The organisation's time zone: its timetable's, the installation's until one is written. */
  async timeZoneOf(orgId: string): Promise<string> {
    return (await this.of(orgId)).timetable.timeZone;
  }

  /**
   * Writes the timetable if it is still at `base`; false if someone else wrote it meanwhile
   * (the caller says so and nothing is overwritten). The version only ever grows.
   */
  async write(orgId: string, timetable: Timetable, base: number, by: string): Promise<number | false> {
    const kept = await this.of(orgId);
    if (kept.version !== base) return false;
    const version = Math.max(Date.now(), base + 1);
    const changed = await this.#sql.run("UPDATE timetables SET plan = ?, version = ?, updated_by = ? WHERE org_id = ? AND version = ?", [JSON.stringify(timetable), version, by, orgId, base]);
    return changed === 1 ? version : false;
  }

  /** A new key for the family feed: the old address stops working at once. */
  async renewFeedKey(orgId: string): Promise<string> {
    await this.of(orgId);
    const key = newFeedKey();
    await this.#sql.run("UPDATE timetables SET feed_key = ? WHERE org_id = ?", [key, orgId]);
    return key;
  }

  /** Whose feed a key opens, or null. */
  async orgOfFeed(key: string): Promise<string | null> {
    return (await this.#sql.get<{ org_id: string }>("SELECT org_id FROM timetables WHERE feed_key = ?", [key]))?.org_id ?? null;
  }

  /** An empty row on first read, so the feed has a key before anything is written. Two at once: one wins, both read it. */
  async #ensureRow(orgId: string): Promise<string> {
    await this.#sql.run("INSERT INTO timetables (org_id, plan, feed_key, version, updated_by) VALUES (?, ?, ?, 0, '') ON CONFLICT (org_id) DO NOTHING", [
      orgId,
      JSON.stringify(emptyTimetable(this.#defaultTimeZone)),
      newFeedKey(),
    ]);
    const row = await this.#sql.get<Row>("SELECT feed_key FROM timetables WHERE org_id = ?", [orgId]);
    return row?.feed_key ?? "";
  }
}
