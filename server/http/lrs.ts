import type express from "express";
import type { z } from "zod";
import { EmptyBody } from "../../shared/protocol/http.ts";
import { LrsEndpointBody, LrsEndpointUpdate, type LrsTestResult, LrsView, lrsBase } from "../../shared/protocol/lrs.ts";
import { testConnection } from "../lrs/client.ts";
import type { LrsRunner } from "../lrs/runner.ts";
import type { Studies } from "../research/studies.ts";
import type { LrsEndpoint, LrsOutbox } from "../store/lrsOutbox.ts";
import type { StaffAccount } from "../store/directory.ts";
import { type GuardDeps, body, fail, staffDid, staffWith } from "./guard.ts";

export interface LrsDeps extends GuardDeps {
  lrs: LrsOutbox;
  lrsRunner: LrsRunner;
  studies: Studies;
  research: { publicUrl: string | undefined };
}

/** How many refused statements the page lists per endpoint (the count says how many in all). */
const REFUSED_SHOWN = 20;
/** A "test connection" waits no longer than this for each answer. */
const TEST_TIMEOUT_MS = 8_000;

/**
 * Records to the school's LRS (issue 19), as an organisation's admin sets them: an xAPI endpoint
 * per study, its key and secret (never shown back, never in the audit), and what the page shows
 * of each. Every change is audited; studies are the admin's (manageStudies), and so are these.
 */
export function lrsRoutes(api: express.Router, deps: LrsDeps): void {
  const admin = (req: express.Request, res: express.Response) => staffWith(deps, "manageStudies", req, res);
  const own = async (who: StaffAccount, req: express.Request, res: express.Response) => {
    const endpoint = await deps.lrs.endpoint(who.orgId, String(req.params.id));
    if (!endpoint) fail(res, 404, "not_found");
    return endpoint;
  };

  api.get("/admin/lrs", async (req, res) => {
    const who = await admin(req, res);
    if (who) res.json(await view(deps, who.orgId));
  });

  api.post("/admin/lrs", async (req, res) => {
    const who = await admin(req, res);
    if (!who) return;
    const input = body(LrsEndpointBody, req, res);
    if (!input) return;
    const study = await deps.studies.open(who.orgId, input.study);
    if (!study) return fail(res, 404, "not_found");
    // The statements' IRIs are made as the research export's are, so an export and the LRS name things alike.
    const baseIri = deps.research.publicUrl ?? `${req.protocol}://${req.get("host")}`;
    const endpoint = await deps.lrs.addEndpoint({ orgId: who.orgId, studyId: study.id, url: lrsBase(input.url), key: input.key, secret: input.secret, baseIri, enabled: input.enabled }, who.id, Date.now());
    await staffDid(deps, who, "add_lrs", endpoint.id, { study: study.id, url: endpoint.url, key: endpoint.key, enabled: endpoint.enabled });
    deps.lrsRunner.wake({ everything: true });
    res.status(201).json(await view(deps, who.orgId));
  });

  api.put("/admin/lrs/:id", async (req, res) => {
    const who = await admin(req, res);
    if (!who) return;
    const input = body(LrsEndpointUpdate, req, res);
    if (!input) return;
    const endpoint = await deps.lrs.updateEndpoint(who.orgId, String(req.params.id), { ...input, url: lrsBase(input.url) }, who.id);
    if (!endpoint) return fail(res, 404, "not_found");
    // Never the secret: whether a new one was given.
    await staffDid(deps, who, "set_lrs", endpoint.id, { url: endpoint.url, key: endpoint.key, enabled: endpoint.enabled, newSecret: input.secret !== undefined });
    deps.lrsRunner.wake({ everything: true });
    res.json(await view(deps, who.orgId));
  });

  api.delete("/admin/lrs/:id", async (req, res) => {
    const who = await admin(req, res);
    if (!who) return;
    const endpoint = await own(who, req, res);
    if (!endpoint) return;
    const counts = await deps.lrs.counts(endpoint.id);
    await deps.lrs.removeEndpoint(who.orgId, endpoint.id, Date.now());
    await staffDid(deps, who, "remove_lrs", endpoint.id, { url: endpoint.url, dropped: counts.waiting + counts.refused, sent: counts.sent });
    res.json(await view(deps, who.orgId));
  });

  /** The refused statements wait again, after the admin fixed what the LRS said. */
  api.post("/admin/lrs/:id/resend", async (req, res) => {
    const who = await admin(req, res);
    if (!who) return;
    // Done only on an empty request (a body with anything in it is a mistake, not a yes).
    if (!body(EmptyBody, req, res)) return;
    const endpoint = await own(who, req, res);
    if (!endpoint) return;
    const statements = await deps.lrs.resendRefused(who.orgId, endpoint.id);
    await staffDid(deps, who, "resend_lrs", endpoint.id, { statements });
    deps.lrsRunner.wake();
    res.json(await view(deps, who.orgId));
  });

  api.post("/admin/lrs/:id/test", async (req, res) => {
    const who = await admin(req, res);
    if (!who) return;
    // Done only on an empty request (a body with anything in it is a mistake, not a yes).
    if (!body(EmptyBody, req, res)) return;
    const endpoint = await own(who, req, res);
    if (!endpoint) return;
    const result = await testConnection(endpoint, TEST_TIMEOUT_MS);
    await staffDid(deps, who, "test_lrs", endpoint.id, { outcome: result.outcome, status: result.status });
    res.json(result satisfies LrsTestResult);
  });
}

async function view(deps: LrsDeps, orgId: string): Promise<z.input<typeof LrsView>> {
  const studies = (await deps.studies.of(orgId)).map((s) => ({ id: s.id, name: s.name }));
  const names = new Map(studies.map((s) => [s.id, s.name]));
  const now = Date.now();
  const endpoints = [];
  for (const e of await deps.lrs.endpointsOf(orgId)) endpoints.push(await endpointView(deps, e, names.get(e.studyId) ?? "", now));
  return { studies, endpoints };
}

async function endpointView(deps: LrsDeps, e: LrsEndpoint, studyName: string, now: number) {
  const counts = await deps.lrs.counts(e.id);
  return {
    id: e.id,
    study: { id: e.studyId, name: studyName },
    url: e.url,
    key: e.key,
    hasSecret: e.secret !== "",
    enabled: e.enabled,
    since: e.since,
    counts: { ...counts, withheld: e.withheld },
    lastError: e.lastError,
    lastErrorAt: e.lastErrorAt,
    lastSentAt: e.lastSentAt,
    nextRetryAt: e.retryAt !== null && e.retryAt > now ? e.retryAt : null,
    refused: await deps.lrs.refused(e.id, REFUSED_SHOWN),
  };
}
