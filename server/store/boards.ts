import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "./sql.ts";

export interface Board {
  file: string;
  title: string;
}

export class BoardError extends Error {}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

/**
 * The lesson board of each organisation: one picture (PNG or JPEG, checked by its first bytes,
 * not by what the uploader claims) stored under data/board/, and its title.
 */
export class Boards {
  readonly #sql: Sql;
  readonly #dir: string;
  readonly #listeners = new Set<(orgId: string, board: Board | null) => void>();

  constructor(sql: Sql, dataDir: string) {
    this.#sql = sql;
    this.#dir = path.join(dataDir, "board");
  }

  current(orgId: string): Promise<Board | null> {
    return this.#sql.get<Board>("SELECT file, title FROM boards WHERE org_id = ?", [orgId]);
  }

  /** Stores a new picture and tells the open space; the previous picture is deleted. */
  async put(orgId: string, bytes: Buffer, title: string): Promise<Board> {
    const ext = startsWith(bytes, PNG) ? "png" : startsWith(bytes, JPEG) ? "jpg" : null;
    if (!ext) throw new BoardError("not a PNG or JPEG picture");
    const previous = await this.current(orgId);
    const file = `${randomBytes(12).toString("base64url")}.${ext}`;
    fs.mkdirSync(path.join(this.#dir, orgId), { recursive: true });
    fs.writeFileSync(path.join(this.#dir, orgId, file), bytes);
    await this.#sql.run(
      "INSERT INTO boards (org_id, file, title, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET file = excluded.file, title = excluded.title, updated_at = excluded.updated_at",
      [orgId, file, title, Date.now()],
    );
    if (previous) fs.rmSync(path.join(this.#dir, orgId, previous.file), { force: true });
    const board = { file, title };
    for (const listener of this.#listeners) listener(orgId, board);
    return board;
  }

  async clear(orgId: string): Promise<void> {
    const previous = await this.current(orgId);
    await this.#sql.run("DELETE FROM boards WHERE org_id = ?", [orgId]);
    if (previous) fs.rmSync(path.join(this.#dir, orgId, previous.file), { force: true });
    for (const listener of this.#listeners) listener(orgId, null);
  }

  /** The file on disk for a name from a URL, only if it is this organisation's current picture. */
  async pathOf(orgId: string, file: string): Promise<string | null> {
    const board = await this.current(orgId);
    return board && board.file === file ? path.join(this.#dir, orgId, board.file) : null;
  }

  onChange(listener: (orgId: string, board: Board | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);
}

export function boardUrl(board: Board | null): string {
  return board ? `/api/board/${board.file}` : "";
}
