import type express from "express";
import type { z } from "zod";
import type { Ok } from "../../shared/protocol/http.ts";
import { type StudyMine, StudySiteBody, type StudySiteList } from "../../shared/protocol/study.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import { type GuardDeps, body, fail, staffDid, staffWith, studentWith } from "./guard.ts";

export interface StudyDeps extends GuardDeps {
  selfStudy: SelfStudyStore;
}

/**
 * The self-study corner over HTTP (shared/domain/study.ts). A child signed in reads their own
 * history and their organisation's learning sites, and nobody else's history: there is no id in
 * the address to change. Staff who host the space keep the list of sites (a name and an https
 * address each; editing one is taking it off and adding it again), each change audited.
 */
export function studyRoutes(api: express.Router, deps: StudyDeps): void {
  api.get("/study/mine", async (req, res) => {
    const student = await studentWith(deps, "selfStudy", req, res);
    if (!student) return;
    const [sites, history] = await Promise.all([deps.selfStudy.sites(student.orgId), deps.selfStudy.history(student.id)]);
    res.setHeader("Cache-Control", "no-store");
    res.json({ sites, history } satisfies z.input<typeof StudyMine>);
  });

  api.get("/staff/study-sites", async (req, res) => {
    const staff = await staffWith(deps, "manageStudySites", req, res);
    if (staff) res.json({ sites: await deps.selfStudy.sites(staff.orgId) } satisfies z.input<typeof StudySiteList>);
  });

  api.post("/staff/study-sites", async (req, res) => {
    const staff = await staffWith(deps, "manageStudySites", req, res);
    if (!staff) return;
    const input = body(StudySiteBody, req, res);
    if (!input) return;
    const site = await deps.selfStudy.addSite(staff.orgId, input.name, input.url);
    if (!site) return fail(res, 409, "too_many_sites");
    // The address, not only the id: an admin reading the log sees where children were sent.
    await staffDid(deps, staff, "add_study_site", null, { site: site.id, url: site.url });
    res.status(201).json(site);
  });

  api.delete("/staff/study-sites/:id", async (req, res) => {
    const staff = await staffWith(deps, "manageStudySites", req, res);
    if (!staff) return;
    const id = String(req.params.id);
    if (!(await deps.selfStudy.removeSite(staff.orgId, id))) return fail(res, 404, "not_found");
    await staffDid(deps, staff, "remove_study_site", null, { site: id });
    res.json({ ok: true } satisfies z.input<typeof Ok>);
  });
}
