import type { ChatLine } from "../../shared/protocol/events.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";

/** The recent lines of each channel (the space, and each zone), bounded, oldest dropped first. */
export class ChatHistory {
  readonly #limit: number;
  readonly #space: ChatLine[] = [];
  readonly #zones = new Map<ZoneId, ChatLine[]>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(line: ChatLine): void {
    const list = line.channel === "space" ? this.#space : this.#zoneList(line.zone);
    list.push(line);
    if (list.length > this.#limit) list.shift();
  }

  /** What someone standing in `zone` may read: the space channel plus that zone's channel, in time order. */
  visibleFrom(zone: ZoneId): ChatLine[] {
    return [...this.#space, ...(this.#zones.get(zone) ?? [])].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  }

  /** A line still kept, by its id. */
  find(id: string): ChatLine | undefined {
    return this.#space.find((l) => l.id === id) ?? [...this.#zones.values()].flat().find((l) => l.id === id);
  }

  #zoneList(zone: ZoneId): ChatLine[] {
    let list = this.#zones.get(zone);
    if (!list) this.#zones.set(zone, (list = []));
    return list;
  }
}
