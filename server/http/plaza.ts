import type { Presence } from "@colyseus/core";
import express from "express";
import type { z } from "zod";
import { can, canFederate } from "../../shared/domain/roles.ts";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import { EmptyBody, OpenPlazaBody, type OrganisationNames, type PlazaList } from "../../shared/protocol/http.ts";
import type { SpaceRegistry } from "../rooms/registry.ts";
import { PLAZA_CLOSED_TOPIC, type PlazaEvent, type PlazaEvents } from "../store/plazas.ts";
import type { StaffAccount } from "../store/directory.ts";
import { type GuardDeps, body, fail, staffWho } from "./guard.ts";

export interface PlazaDeps extends GuardDeps {
  plazas: PlazaEvents;
  registry: SpaceRegistry;
  presence: Presence;
  plazaName: string;
}

const mayOpen = (staff: StaffAccount) => can(staff.role, "openPlaza") || canFederate(staff, "openPlaza");
/** The host organisation's staff close what they opened; the federation admin closes any. */
const mayClose = (staff: StaffAccount, event: PlazaEvent) => canFederate(staff, "openPlaza") || (can(staff.role, "openPlaza") && staff.orgId === event.hostOrg);

/**
 * The shared plaza's events (/api/plaza): staff of any organisation (and the federation admin)
 * open a joint event for several organisations, which every participating door then lists,
 * and close it again. Each act is audited in every participating organisation.
 */
export function plazaRouter(deps: PlazaDeps): express.Router {
  const router = express.Router();
  const audit = (staff: StaffAccount, action: string, event: PlazaEvent) =>
    deps.audit.recordIn([staff.orgId, ...event.orgs], { actorId: staff.id, actorRole: staff.role, action, target: null, outcome: "done", detail: { event: event.id, title: event.title } });

  /** Whom an event can bring together: every organisation's name (and nothing else about it). */
  router.get("/organisations", async (req, res) => {
    if (!(await staffWho(deps, mayOpen, req, res))) return;
    res.json({ organisations: await deps.directory.organisations() } satisfies z.input<typeof OrganisationNames>);
  });

  /** Open events my organisation takes part in (all of them, for the federation admin). */
  router.get("/", async (req, res) => {
    const staff = await staffWho(deps, mayOpen, req, res);
    if (!staff) return;
    const events = await deps.plazas.openNow(canFederate(staff, "openPlaza") ? undefined : staff.orgId);
    const names = new Map((await deps.directory.organisations()).map((o) => [o.id, o.name]));
    const plazas = [];
    for (const e of events) {
      plazas.push({
        id: e.id,
        name: deps.plazaName,
        title: e.title,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        open: await deps.registry.isOpen(plazaSpace(e.id)),
        orgs: e.orgs.map((id) => ({ id, name: names.get(id) ?? "" })),
        mine: mayClose(staff, e),
      });
    }
    res.json({ plazas } satisfies z.input<typeof PlazaList>);
  });

  router.post("/", async (req, res) => {
    const staff = await staffWho(deps, mayOpen, req, res);
    if (!staff) return;
    const input = body(OpenPlazaBody, req, res);
    if (!input) return;
    for (const orgId of input.orgs) if (!(await deps.directory.organisation(orgId))) return fail(res, 404, "not_found");
    const event = await deps.plazas.open({ ...input, hostOrg: staff.orgId, openedBy: staff.id });
    await audit(staff, "open_plaza", event);
    res.status(201).json({ id: event.id, orgs: event.orgs });
  });

  router.post("/:id/close", async (req, res) => {
    const staff = await staffWho(deps, mayOpen, req, res);
    if (!staff || !body(EmptyBody, req, res)) return;
    const event = await deps.plazas.get(String(req.params.id));
    // Another organisation's event is not there to close, as another's student is not.
    if (!event || event.closedAt !== null || !mayClose(staff, event)) return fail(res, 404, "not_found");
    if (!(await deps.plazas.close(event.id))) return fail(res, 404, "not_found");
    await audit(staff, "close_plaza", event);
    await deps.presence.publish(PLAZA_CLOSED_TOPIC, event.id);
    res.json({ ok: true });
  });

  return router;
}
