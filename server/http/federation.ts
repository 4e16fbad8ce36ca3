import express from "express";
import { NewOrganisationBody, type OrganisationList } from "../../shared/protocol/http.ts";
import { DirectoryError } from "../store/directory.ts";
import { type GuardDeps, body, fail, federationWith } from "./guard.ts";

/**
 * The federation admin's routes (/api/federation): every organisation of the installation with
 * its admins and head counts, and a new organisation with its first admin. Nothing here reads a
 * child's nickname, note, code or consent; each organisation's own admin runs the rest.
 */
export function federationRouter(deps: GuardDeps): express.Router {
  const router = express.Router();

  router.get("/organisations", async (req, res) => {
    const federation = await federationWith(deps, "manageOrganisations", req, res);
    if (federation) res.json({ organisations: await deps.directory.organisationSummaries() } satisfies OrganisationList);
  });

  router.post("/organisations", async (req, res) => {
    const federation = await federationWith(deps, "manageOrganisations", req, res);
    if (!federation) return;
    const input = body(NewOrganisationBody, req, res);
    if (!input) return;
    try {
      const { org, admin } = await deps.directory.createOrganisationWithAdmin(input);
      // Written in both organisations: the federation's own log, and the new one's first line,
      // so its admin can see who made it and them.
      await deps.audit.recordIn([federation.orgId, org.id], { actorId: federation.id, actorRole: federation.role, action: "create_org", target: admin.id, outcome: "done", detail: { org: org.id } });
      res.status(201).json({ id: org.id, name: org.name, admin: { id: admin.id, username: admin.username, displayName: admin.displayName } });
    } catch (error) {
      if (error instanceof DirectoryError && error.code === "username_taken") return fail(res, 409, "username_taken");
      throw error;
    }
  });

  return router;
}
