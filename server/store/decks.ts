import { randomBytes } from "node:crypto";
import { DECK, MARKS, type PageSize } from "../../shared/domain/deck.ts";
import { Mark } from "../../shared/protocol/lessonEvents.ts";
import type { DeckSummary } from "../../shared/protocol/http.ts";
import { imageInfo } from "./imageInfo.ts";
import { type Sql, creationStamps } from "./sql.ts";

export type DeckProblem = "bad_image" | "image_too_large" | "too_many_decks" | "not_found";
export class DeckError extends Error {
  constructor(readonly problem: DeckProblem) {
    super(problem);
  }
}

export interface DeckMeta {
  id: string;
  title: string;
  pages: number;
  ready: boolean;
}

interface DeckRow {
  id: string;
  title: string;
  pages: number;
  ready: number;
  created_at: number;
}

/**
 * Decks for the lesson board (shared/domain/deck.ts), in the store every process shares: each
 * organisation's own, never another's. A deck is announced with its page count and is ready
 * once every page has arrived; each page keeps two images (checked by their bytes, their pixel
 * size and their byte size) and its words for screen readers.
 */
export class Decks {
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(orgId: string, createdBy: string, title: string, pages: number): Promise<string> {
    const kept = await this.#sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM decks WHERE org_id = ?", [orgId]);
    if (Number(kept?.n ?? 0) >= DECK.perOrganisation) throw new DeckError("too_many_decks");
    const id = randomBytes(12).toString("base64url");
    await this.#sql.run("INSERT INTO decks (id, org_id, title, pages, ready, created_by, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)", [id, orgId, title, pages, createdBy, this.#stamp()]);
    return id;
  }

  /** Stores one page (again, if sent twice); resolves with whether the deck now has every page. */
  async putPage(orgId: string, deckId: string, page: number, text: string, small: Buffer, large: Buffer): Promise<boolean> {
    const deck = await this.get(orgId, deckId);
    if (!deck || page > deck.pages) throw new DeckError("not_found");
    const smallType = checked(small, "small");
    const largeType = checked(large, "large");
    await this.#sql.run(
      "INSERT INTO deck_pages (deck_id, page, text, small, small_type, large, large_type) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deck_id, page) DO UPDATE SET text = excluded.text, small = excluded.small, small_type = excluded.small_type, large = excluded.large, large_type = excluded.large_type",
      [deckId, page, text, small, smallType, large, largeType],
    );
    const stored = await this.#sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM deck_pages WHERE deck_id = ?", [deckId]);
    const ready = Number(stored?.n ?? 0) >= deck.pages;
    if (ready && !deck.ready) await this.#sql.run("UPDATE decks SET ready = 1 WHERE id = ?", [deckId]);
    return ready;
  }

  async list(orgId: string): Promise<DeckSummary[]> {
    const rows = await this.#sql.all<DeckRow>("SELECT id, title, pages, ready, created_at FROM decks WHERE org_id = ? ORDER BY created_at DESC", [orgId]);
    return rows.map((r) => ({ id: r.id, title: r.title, pages: r.pages, ready: r.ready === 1, createdAt: r.created_at }));
  }

  /** The deck if it is this organisation's. */
  async get(orgId: string, deckId: string): Promise<DeckMeta | null> {
    const row = await this.#sql.get<DeckRow>("SELECT id, title, pages, ready, created_at FROM decks WHERE id = ? AND org_id = ?", [deckId, orgId]);
    return row ? { id: row.id, title: row.title, pages: row.pages, ready: row.ready === 1 } : null;
  }

  async remove(orgId: string, deckId: string): Promise<boolean> {
    const deck = await this.get(orgId, deckId);
    if (!deck) return false;
    await this.#sql.batch([
      ["DELETE FROM deck_marks WHERE deck_id = ?", [deckId]],
      ["DELETE FROM deck_pages WHERE deck_id = ?", [deckId]],
      ["DELETE FROM decks WHERE id = ?", [deckId]],
    ]);
    return true;
  }

  /** What is written on a page, oldest first (the deck is taken to be this organisation's: the space checked it). */
  async marks(deckId: string, page: number): Promise<Mark[]> {
    const rows = await this.#sql.all<{ mark: string }>("SELECT mark FROM deck_marks WHERE deck_id = ? AND page = ? ORDER BY seq", [deckId, page]);
    return rows.flatMap((r) => {
      const parsed = Mark.safeParse(JSON.parse(r.mark));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Keeps one more mark with the page; false if the page already holds as many as it may. */
  async addMark(deckId: string, page: number, mark: Mark): Promise<boolean> {
    const kept = await this.#sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM deck_marks WHERE deck_id = ? AND page = ?", [deckId, page]);
    if (Number(kept?.n ?? 0) >= MARKS.perPage) return false;
    await this.#sql.run("INSERT INTO deck_marks (deck_id, page, seq, mark) VALUES (?, ?, ?, ?)", [deckId, page, this.#stamp(), JSON.stringify(mark)]);
    return true;
  }

  async clearMarks(deckId: string, page: number): Promise<void> {
    await this.#sql.run("DELETE FROM deck_marks WHERE deck_id = ? AND page = ?", [deckId, page]);
  }

  /** A page's words for screen readers, or null if the deck is not this organisation's. */
  async pageText(orgId: string, deckId: string, page: number): Promise<string | null> {
    const row = await this.#sql.get<{ text: string }>("SELECT p.text FROM deck_pages p JOIN decks d ON d.id = p.deck_id WHERE p.deck_id = ? AND p.page = ? AND d.org_id = ?", [deckId, page, orgId]);
    return row?.text ?? null;
  }

  /** One size of a page's image, only for the deck's own organisation. */
  async image(orgId: string, deckId: string, page: number, size: PageSize): Promise<{ bytes: Buffer; type: string } | null> {
    const column = size === "large" ? "large" : "small";
    const row = await this.#sql.get<{ bytes: Buffer; type: string }>(
      `SELECT p.${column} AS bytes, p.${column}_type AS type FROM deck_pages p JOIN decks d ON d.id = p.deck_id WHERE p.deck_id = ? AND p.page = ? AND d.org_id = ?`,
      [deckId, page, orgId],
    );
    return row ? { bytes: Buffer.from(row.bytes), type: row.type } : null;
  }
}

/** The picture's type, if it is a picture within the size's pixels and bytes. */
function checked(bytes: Buffer, size: PageSize): string {
  const info = imageInfo(bytes);
  if (!info) throw new DeckError("bad_image");
  const limit = DECK[size];
  if (bytes.length > limit.maxBytes || Math.max(info.width, info.height) > limit.maxSide) throw new DeckError("image_too_large");
  return info.type;
}
