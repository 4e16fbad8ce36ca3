import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Presence } from "@colyseus/core";
import type { Sql } from "./sql.ts";

export interface Board {
  file: string;
  title: string;
}

export class BoardError extends Error {}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
/** Told to every process when a board changes: the space showing it may run on another. */
const BOARD_TOPIC = "hidamari:board";

type Listener = (orgId: string, board: Board | null) => void;

/**
 * The lesson board of each organisation: one picture (PNG or JPEG, checked by its first bytes,
 * not by what the uploader claims) and its title, kept in the store every process shares, so
 * whichever process an upload reaches, the space (wherever it runs) shows it and any process
 * serves it. A change is told to every process through the presence (memory, or Redis).
 */
export class Boards {
  readonly #sql: Sql;
  readonly #presence: Presence;
  /** Where pictures were kept as files before they moved into the store: still read if there. */
  readonly #legacyDir: string;
  readonly #listeners = new Set<Listener>();
  #subscribed: Promise<void> = Promise.resolve();
  readonly #heard = (message: { orgId: string; board: Board | null }) => {
    for (const listener of this.#listeners) listener(message.orgId, message.board);
  };

  constructor(sql: Sql, dataDir: string, presence: Presence) {
    this.#sql = sql;
    this.#presence = presence;
    this.#legacyDir = path.join(dataDir, "board");
  }

  current(orgId: string): Promise<Board | null> {
    return this.#sql.get<Board>("SELECT file, title FROM boards WHERE org_id = ?", [orgId]);
  }

  /** Stores a new picture in place of the last one and tells the open space. */
  async put(orgId: string, bytes: Buffer, title: string): Promise<Board> {
    const ext = startsWith(bytes, PNG) ? "png" : startsWith(bytes, JPEG) ? "jpg" : null;
    if (!ext) throw new BoardError("not a PNG or JPEG picture");
    // A new name each time, so no browser shows a cached older picture.
    const board = { file: `${randomBytes(12).toString("base64url")}.${ext}`, title };
    await this.#sql.run(
      "INSERT INTO boards (org_id, file, title, updated_at, image) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET file = excluded.file, title = excluded.title, updated_at = excluded.updated_at, image = excluded.image",
      [orgId, board.file, title, Date.now(), bytes],
    );
    await this.#tell(orgId, board);
    return board;
  }

  async clear(orgId: string): Promise<void> {
    await this.#sql.run("DELETE FROM boards WHERE org_id = ?", [orgId]);
    await this.#tell(orgId, null);
  }

  /** The picture for a name from a URL, only if it is this organisation's current one. */
  async picture(orgId: string, file: string): Promise<{ bytes: Buffer; type: string } | null> {
    const row = await this.#sql.get<Board & { image: Buffer | null }>("SELECT file, title, image FROM boards WHERE org_id = ?", [orgId]);
    if (!row || row.file !== file) return null;
    const bytes = row.image ?? readIfThere(path.join(this.#legacyDir, orgId, row.file));
    return bytes ? { bytes, type: row.file.endsWith(".png") ? "image/png" : "image/jpeg" } : null;
  }

  /** Hears every change, made through any process, once listening has begun; resolves with how to stop. */
  async onChange(listener: Listener): Promise<() => void> {
    if (this.#listeners.size === 0) this.#subscribed = this.#presence.subscribe(BOARD_TOPIC, this.#heard).then(() => undefined);
    this.#listeners.add(listener);
    await this.#subscribed;
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#presence.unsubscribe(BOARD_TOPIC, this.#heard);
    };
  }

  async #tell(orgId: string, board: Board | null): Promise<void> {
    await this.#presence.publish(BOARD_TOPIC, { orgId, board });
  }
}

function readIfThere(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);
}

export function boardUrl(board: Board | null): string {
  return board ? `/api/board/${board.file}` : "";
}
