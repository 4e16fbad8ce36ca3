import { randomUUID } from "node:crypto";
import { type Sql, creationStamps } from "./sql.ts";

/** Told to every process when an event closes: its plaza space, wherever it runs, closes too. */
export const PLAZA_CLOSED_TOPIC = "hidamari:plaza-closed";
/** Told to every process when a student's own staff keep them out: a plaza they are in lets them go. */
export const PLAZA_KEPT_OUT_TOPIC = "hidamari:plaza-kept-out";

/** A joint event in the shared plaza: which organisations take part, and when it is planned for. */
export interface PlazaEvent {
  id: string;
  title: string;
  /** The organisation of whoever opened it (the federation admin's own, if it was them). */
  hostOrg: string;
  openedBy: string;
  /** Every participating organisation, the host's first. */
  orgs: string[];
  /** The planned times the doors show (epoch ms); the event is open until it is closed. */
  startsAt: number;
  endsAt: number;
  openedAt: number;
  closedAt: number | null;
}

interface Row {
  id: string;
  title: string;
  host_org: string;
  opened_by: string;
  orgs: string;
  starts_at: number;
  ends_at: number;
  opened_at: number;
  closed_at: number | null;
}

/**
 * The plaza's events, kept in the shared store so that every process lists the same ones on
 * the doors. An event opens when staff open it and stays open until staff close it; while it is
 * open, children of its organisations may go there whenever a staff member is present in it.
 */
export class PlazaEvents {
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async open(input: { title: string; hostOrg: string; openedBy: string; orgs: string[]; startsAt: number; endsAt: number }): Promise<PlazaEvent> {
    const orgs = [input.hostOrg, ...new Set(input.orgs.filter((o) => o !== input.hostOrg))];
    const event: PlazaEvent = { id: randomUUID(), ...input, orgs, openedAt: this.#stamp(), closedAt: null };
    await this.#sql.run("INSERT INTO plaza_events (id, title, host_org, opened_by, orgs, starts_at, ends_at, opened_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", [
      event.id,
      event.title,
      event.hostOrg,
      event.openedBy,
      JSON.stringify(orgs),
      event.startsAt,
      event.endsAt,
      event.openedAt,
    ]);
    return event;
  }

  /** Closes an open event; false if there is none (already closed, or never was). */
  async close(id: string): Promise<boolean> {
    return (await this.#sql.run("UPDATE plaza_events SET closed_at = ? WHERE id = ? AND closed_at IS NULL", [Date.now(), id])) === 1;
  }

  async get(id: string): Promise<PlazaEvent | null> {
    const row = await this.#sql.get<Row>("SELECT * FROM plaza_events WHERE id = ?", [id]);
    return row ? eventFrom(row) : null;
  }

  /** Every event an organisation has taken part in, open or closed (its study reads their plazas). */
  async eventsOf(orgId: string): Promise<PlazaEvent[]> {
    return (await this.#events("")).filter((e) => e.orgs.includes(orgId));
  }

  /** Open events, oldest first; only those an organisation takes part in, if one is named. */
  async openNow(orgId?: string): Promise<PlazaEvent[]> {
    const events = await this.#events("WHERE closed_at IS NULL");
    return orgId === undefined ? events : events.filter((e) => e.orgs.includes(orgId));
  }

  async #events(where: string): Promise<PlazaEvent[]> {
    return (await this.#sql.all<Row>(`SELECT * FROM plaza_events ${where} ORDER BY opened_at, id`)).map(eventFrom);
  }
}

const eventFrom = (r: Row): PlazaEvent => ({
  id: r.id,
  title: r.title,
  hostOrg: r.host_org,
  openedBy: r.opened_by,
  orgs: JSON.parse(r.orgs) as string[],
  startsAt: Number(r.starts_at),
  endsAt: Number(r.ends_at),
  openedAt: Number(r.opened_at),
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
});
