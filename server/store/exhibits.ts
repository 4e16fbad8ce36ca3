import { randomBytes } from "node:crypto";
import type { Presence } from "@colyseus/core";
import { EXHIBITS } from "../../shared/domain/exhibits.ts";
import type { ConsentChoice } from "../../shared/domain/lesson.ts";
import { imageInfo } from "./imageInfo.ts";
import { type Sql, creationStamps } from "./sql.ts";

/** A work on the wall, as the space shows it: `by` is "" when the child chose not to show their name. */
export interface Exhibit {
  id: string;
  title: string;
  by: string;
  /** The child's account: never sent to anyone; a child's own page is told which are theirs. */
  student: string;
  createdAt: number;
}

/** What a child agreed to, for one staff member to send the picture of. */
export interface ExhibitGrant {
  org: string;
  student: string;
  staff: string;
  title: string;
  nickname: string;
  choice: Exclude<ConsentChoice, "no">;
}

export type ExhibitProblem = "bad_grant" | "bad_image" | "image_too_large" | "wall_full";
export class ExhibitError extends Error {
  constructor(readonly problem: ExhibitProblem) {
    super(problem);
  }
}

/** Told to every process when an organisation's wall changes: its space may run on another. */
const EXHIBITS_TOPIC = "hidamari:exhibits";
const grantKey = (token: string) => `hidamari:exhibit-grant:${token}`;

/**
 * The exhibit wall of each organisation (shared/domain/exhibits.ts), in the store every process
 * shares. A work goes up only with a grant: made when the child said yes in the space (handlers/
 * exhibit.ts), kept in the presence for a few minutes, used once, by the staff member who asked.
 * The picture is checked by its bytes and sizes; the wall is shown to the organisation only.
 */
export class Exhibits {
  readonly #sql: Sql;
  readonly #presence: Presence;
  readonly #stamp = creationStamps();

  constructor(sql: Sql, presence: Presence) {
    this.#sql = sql;
    this.#presence = presence;
  }

  async grant(grant: ExhibitGrant): Promise<string> {
    const token = randomBytes(18).toString("base64url");
    await this.#presence.setex(grantKey(token), JSON.stringify(grant), EXHIBITS.grantMinutes * 60);
    return token;
  }

  /** Puts the work up with the grant the child gave, once; resolves with its id. */
  async add(orgId: string, staffId: string, token: string, bytes: Buffer): Promise<string> {
    const kept = await this.#presence.get(grantKey(token));
    const grant = typeof kept === "string" ? (JSON.parse(kept) as ExhibitGrant) : null;
    if (!grant || grant.org !== orgId || grant.staff !== staffId) throw new ExhibitError("bad_grant");
    const info = imageInfo(bytes);
    if (!info) throw new ExhibitError("bad_image");
    if (bytes.length > EXHIBITS.maxBytes || Math.max(info.width, info.height) > EXHIBITS.maxSide) throw new ExhibitError("image_too_large");
    const count = await this.#sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM exhibits WHERE org_id = ?", [orgId]);
    if (Number(count?.n ?? 0) >= EXHIBITS.perOrganisation) throw new ExhibitError("wall_full");
    await this.#presence.del(grantKey(token)); // used: a second send is refused
    const id = randomBytes(12).toString("base64url");
    await this.#sql.run("INSERT INTO exhibits (id, org_id, student_id, by_name, title, image, image_type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
      id,
      orgId,
      grant.student,
      grant.choice === "name" ? grant.nickname : "",
      grant.title,
      bytes,
      info.type,
      staffId,
      this.#stamp(),
    ]);
    await this.#tell(orgId);
    return id;
  }

  /** The wall, newest first. */
  async list(orgId: string): Promise<Exhibit[]> {
    const rows = await this.#sql.all<{ id: string; title: string; by_name: string; student_id: string; created_at: number }>(
      "SELECT id, title, by_name, student_id, created_at FROM exhibits WHERE org_id = ? ORDER BY created_at DESC",
      [orgId],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, by: r.by_name, student: r.student_id, createdAt: r.created_at }));
  }

  async image(orgId: string, id: string): Promise<{ bytes: Buffer; type: string } | null> {
    const row = await this.#sql.get<{ image: Buffer; image_type: string }>("SELECT image, image_type FROM exhibits WHERE id = ? AND org_id = ?", [id, orgId]);
    return row ? { bytes: Buffer.from(row.image), type: row.image_type } : null;
  }

  /** Takes a work down: any of the organisation's (staff), or only the child's own (`student`). */
  async remove(orgId: string, id: string, student?: string): Promise<boolean> {
    const removed = student
      ? await this.#sql.run("DELETE FROM exhibits WHERE id = ? AND org_id = ? AND student_id = ?", [id, orgId, student])
      : await this.#sql.run("DELETE FROM exhibits WHERE id = ? AND org_id = ?", [id, orgId]);
    if (removed > 0) await this.#tell(orgId);
    return removed > 0;
  }

  /** Hears every change of any organisation's wall, made through any process; resolves with how to stop. */
  async onChange(listener: (orgId: string) => void): Promise<() => void> {
    const heard = (orgId: unknown) => {
      if (typeof orgId === "string") listener(orgId);
    };
    await this.#presence.subscribe(EXHIBITS_TOPIC, heard);
    return () => this.#presence.unsubscribe(EXHIBITS_TOPIC, heard);
  }

  async #tell(orgId: string): Promise<void> {
    await this.#presence.publish(EXHIBITS_TOPIC, orgId);
  }
}
