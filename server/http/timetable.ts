import express from "express";
import type { z } from "zod";
import type { Timetable } from "../../shared/domain/timetable.ts";
import { DoorPlan, TimetableAnswer, TimetableBody } from "../../shared/protocol/timetable.ts";
import { EmptyBody } from "../../shared/protocol/http.ts";
import type { Timetables } from "../store/timetables.ts";
import { doorPlan, plazaEntry, todayIn } from "../timetable/plan.ts";
import type { PlazaEvents } from "../store/plazas.ts";
import { timetableFeed } from "../timetable/ical.ts";
import { type GuardDeps, body, fail, principalOf, staffDid, staffWith } from "./guard.ts";

export interface TimetableDeps extends GuardDeps {
  timetables: Timetables;
  plazas: PlazaEvents;
  plazaName: string;
}

/** The family feed's address; the key is the only secret in it. */
export const feedPath = (key: string) => `/api/timetable/feed/${key}.ics`;

/**
 * The timetable (issue 18): the plan a door and the space show to anyone signed in to the
 * organisation; the timetable itself, which staff who host the space write (audited); and the
 * family feed, public to whoever has its address and renewable by staff when it spreads too far.
 */
export function timetableRoutes(api: express.Router, deps: TimetableDeps): void {
  /** The feed needs no session: a family's calendar app has none. */
  api.get("/timetable/feed/:file", async (req, res) => {
    const key = /^([A-Za-z0-9_-]{16,64})\.ics$/.exec(String(req.params.file))?.[1];
    const orgId = key ? await deps.timetables.orgOfFeed(key) : null;
    if (!orgId) return fail(res, 404, "not_found");
    const org = await deps.directory.organisation(orgId);
    const { timetable } = await deps.timetables.of(orgId);
    res.setHeader("Cache-Control", "private, max-age=900");
    const plaza = { name: deps.plazaName, events: await deps.plazas.openNow(orgId) };
    res.type("text/calendar; charset=utf-8").send(timetableFeed(orgId, org?.name ?? "", timetable, Date.now(), plaza));
  });

  /** Today, the week and the next opening, for whoever is signed in (a child on the door, staff). */
  api.get("/timetable/plan", async (req, res) => {
    const { staff, student } = await principalOf(deps, req);
    const orgId = staff?.orgId ?? student?.orgId;
    if (!orgId) return fail(res, 401, "not_signed_in");
    const { timetable } = await deps.timetables.of(orgId);
    // The organisation's joint events in the plaza too; not for a child their staff keep out of plazas.
    const events = student?.keptOutOfPlazas ? [] : await deps.plazas.openNow(orgId);
    const extra = events.map((e) => plazaEntry(e, deps.plazaName, timetable.timeZone));
    res.setHeader("Cache-Control", "no-store");
    res.json(doorPlan(timetable, Date.now(), 7, extra) satisfies z.input<typeof DoorPlan>);
  });

  api.get("/timetable", async (req, res) => {
    const staff = await staffWith(deps, "planTimetable", req, res);
    if (!staff) return;
    res.json(await answer(deps.timetables, staff.orgId));
  });

  // A full timetable is larger than the API's other bodies (60 entries, 120 days off).
  api.put("/timetable", express.json({ limit: "64kb" }), async (req, res) => {
    const staff = await staffWith(deps, "planTimetable", req, res);
    if (!staff) return;
    const input = body(TimetableBody, req, res);
    if (!input) return;
    const timetable = withoutPastDaysOff(input.timetable, Date.now());
    const version = await deps.timetables.write(staff.orgId, timetable, input.base, staff.id);
    // Someone else saved first: say so, keep theirs, and let this person see it before trying again.
    if (version === false) return fail(res, 409, "timetable_changed");
    await staffDid(deps, staff, "edit_timetable", null, { hours: timetable.hours.length, items: timetable.items.length, daysOff: timetable.daysOff.length, timeZone: timetable.timeZone });
    res.json(await answer(deps.timetables, staff.orgId));
  });

  // Registered before the API's own JSON parser (for the PUT's larger limit): it parses its body itself.
  api.post("/timetable/feed-key", express.json({ limit: "1kb" }), async (req, res) => {
    const staff = await staffWith(deps, "planTimetable", req, res);
    if (!staff || !body(EmptyBody, req, res)) return;
    await deps.timetables.renewFeedKey(staff.orgId);
    await staffDid(deps, staff, "renew_timetable_feed", null, {});
    res.json(await answer(deps.timetables, staff.orgId));
  });
}

async function answer(timetables: Timetables, orgId: string): Promise<z.input<typeof TimetableAnswer>> {
  const kept = await timetables.of(orgId);
  return { timetable: kept.timetable, version: kept.version, feedPath: feedPath(kept.feedKey), plan: doorPlan(kept.timetable, Date.now()) };
}

/** Days off that are over stay out of the list, so it never fills up with the past. */
function withoutPastDaysOff(timetable: Timetable, now: number): Timetable {
  const today = todayIn(timetable.timeZone, now).toString();
  return { ...timetable, daysOff: timetable.daysOff.filter((d) => d.date >= today).sort((a, b) => a.date.localeCompare(b.date)) };
}
