import express from "express";
import type { z } from "zod";
import { EmptyBody, NewOrganisationBody, type OrganisationCreated, type OrganisationList } from "../../shared/protocol/http.ts";
import { DirectoryError } from "../store/directory.ts";
import { body, fail, federationWith } from "./guard.ts";
import { type StaffAccountDeps, issueWelcomeLink } from "./staffAccounts.ts";

/**
 * The federation admin's routes (/api/federation): every organisation of the installation with
 * its admins and head counts, and a new organisation with its first admin, who gets a one-time
 * welcome link (never a password the federation admin chose). Nothing here reads a child's
 * nickname, note, code or consent; each organisation's own admin runs the rest.
 */
export function federationRouter(deps: StaffAccountDeps): express.Router {
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
      const welcome = await issueWelcomeLink(deps, req, admin, federation);
      res.status(201).json({ id: org.id, name: org.name, admin: { id: admin.id, username: admin.username, displayName: admin.displayName }, welcome } satisfies z.input<typeof OrganisationCreated>);
    } catch (error) {
      if (error instanceof DirectoryError && error.code === "username_taken") return fail(res, 409, "username_taken");
      throw error;
    }
  });

  /**
   * A new welcome link for an organisation's admin: a first admin whose link was lost or grew
   * old, or an admin who forgot their password (the only way back for an organisation whose one
   * admin did). Never for an account holding the federation duty: that is the command line's.
   */
  router.post("/admins/:id/welcome", async (req, res) => {
    const federation = await federationWith(deps, "manageOrganisations", req, res);
    if (!federation) return;
    if (!body(EmptyBody, req, res)) return;
    const account = await deps.directory.staff(String(req.params.id));
    if (!account) return fail(res, 404, "not_found");
    if (account.role !== "admin" || account.federation) {
      await deps.audit.record({ orgId: federation.orgId, actorId: federation.id, actorRole: federation.role, action: "issue_welcome_link", target: account.id, outcome: "denied" });
      return account.federation ? fail(res, 403, "not_allowed") : fail(res, 404, "not_found");
    }
    res.json(await issueWelcomeLink(deps, req, account, federation));
  });

  return router;
}
