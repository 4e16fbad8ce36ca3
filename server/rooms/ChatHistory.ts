import type { ChatLine } from "../../shared/protocol/events.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";
import { TABLES } from "../../shared/domain/tables.ts";

/**
 * The recent lines of each channel (the space, each zone, each group table), bounded, oldest
 * dropped first. A line to every table (table 0, staff's) is kept with each table's.
 */
export class ChatHistory {
  readonly #limit: number;
  readonly #space: ChatLine[] = [];
  readonly #zones = new Map<ZoneId, ChatLine[]>();
  readonly #tables = new Map<number, ChatLine[]>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(line: ChatLine): void {
    const lists = line.channel === "space" ? [this.#space] : line.channel === "zone" ? [this.#zoneList(line.zone)] : (line.table ? [line.table] : TABLES).map((t) => this.#tableList(t));
    for (const list of lists) {
      list.push(line);
      if (list.length > this.#limit) list.shift();
    }
  }

  /**
   * What someone standing in `zone` may read: the space channel, that zone's channel and the
   * channels of `tables` (theirs, or every table for staff), in time order.
   */
  visibleFrom(zone: ZoneId, tables: readonly number[] = []): ChatLine[] {
    const lines = new Map<string, ChatLine>();
    for (const line of [...this.#space, ...(this.#zones.get(zone) ?? []), ...tables.flatMap((t) => this.#tables.get(t) ?? [])]) lines.set(line.id, line);
    return [...lines.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  }

  /** One table's lines, oldest first (for a child who sits down at it). */
  tableLines(table: number): ChatLine[] {
    return [...(this.#tables.get(table) ?? [])];
  }

  /**
   * A new table time starts with empty tables. The last one's lines are kept until then (not
   * shown to anyone arriving), so that a child can still report one just after it ended.
   */
  clearTables(): void {
    this.#tables.clear();
  }

  /** Takes a line out of every channel that keeps it; answers it, or undefined when none is kept. */
  remove(id: string): ChatLine | undefined {
    const line = this.find(id);
    for (const list of [this.#space, ...this.#zones.values(), ...this.#tables.values()]) {
      const index = list.findIndex((l) => l.id === id);
      if (index >= 0) list.splice(index, 1);
    }
    return line;
  }

  /** A line still kept, by its id. */
  find(id: string): ChatLine | undefined {
    return this.#space.find((l) => l.id === id) ?? [...this.#zones.values(), ...this.#tables.values()].flat().find((l) => l.id === id);
  }

  #zoneList(zone: ZoneId): ChatLine[] {
    let list = this.#zones.get(zone);
    if (!list) this.#zones.set(zone, (list = []));
    return list;
  }

  #tableList(table: number): ChatLine[] {
    let list = this.#tables.get(table);
    if (!list) this.#tables.set(table, (list = []));
    return list;
  }
}
