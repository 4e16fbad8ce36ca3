import { HelpRequest } from "../../shared/protocol/events.ts";
import type { Sql } from "./sql.ts";

/** A request waiting for staff, with the account of whoever made it (their seat changes on return). */
export interface KeptRequest {
  item: HelpRequest;
  account: string | null;
}

/**
 * A copy of each space's queue (help, wishes to talk, reports, held lines) in the store, written
 * on every change, so that when the process holding a space dies, the space that opens in its
 * place (here after a restart, or on another process) finds what was waiting. A space closed on
 * purpose clears it.
 */
export class HelpQueueStore {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async save(space: string, kept: KeptRequest[]): Promise<void> {
    await this.#sql.batch([
      ["DELETE FROM help_queue WHERE space = ?", [space]],
      ...kept.map((k): [string, Array<string | number | null>] => ["INSERT INTO help_queue (space, id, account, item, at) VALUES (?, ?, ?, ?, ?)", [space, k.item.id, k.account, JSON.stringify(k.item), k.item.at]]),
    ]);
  }

  /** What was waiting, oldest first; a row that no longer reads as a request is left out. */
  async load(space: string): Promise<KeptRequest[]> {
    const rows = await this.#sql.all<{ account: string | null; item: string }>("SELECT account, item FROM help_queue WHERE space = ? ORDER BY at, id", [space]);
    const kept: KeptRequest[] = [];
    for (const row of rows) {
      const item = HelpRequest.safeParse(parseOrNull(row.item));
      if (item.success) kept.push({ item: item.data, account: row.account });
    }
    return kept;
  }

  async clear(space: string): Promise<void> {
    await this.#sql.run("DELETE FROM help_queue WHERE space = ?", [space]);
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
