import type express from "express";
import type { Request, Response } from "express";
import type { z } from "zod";
import { AddStaffBody, EmptyBody, type Me, type StaffAdded, type StaffList, type WelcomeInfo, WelcomeBody, type WelcomeLink, WelcomeLookBody } from "../../shared/protocol/http.ts";
import type { Sessions } from "../auth/sessions.ts";
import { DirectoryError, type StaffAccount } from "../store/directory.ts";
import { type WelcomeLinkProblem, WelcomeLinkError, type WelcomeLinks } from "../store/welcomeLinks.ts";
import { sessionCookie } from "./cookies.ts";
import { type GuardDeps, body, fail, staffDid, staffWith } from "./guard.ts";

export interface StaffAccountDeps extends GuardDeps {
  sessions: Sessions;
  welcomeLinks: WelcomeLinks;
  /** HIDAMARI_PUBLIC_URL: the address welcome links carry; without it, the address the issuer's request came to. */
  research: { publicUrl: string | undefined };
}

/**
 * Staff accounts on the web: an admin lists and adds their organisation's staff, and issues a new
 * welcome link for one; the person who holds a link opens it and chooses their own password.
 * Nobody who makes an account ever knows its password, so nobody can act, or be audited, as
 * someone else. (The federation admin's first admins come through server/http/federation.ts,
 * with the same links.)
 */
export function staffAccountRoutes(api: express.Router, deps: StaffAccountDeps): void {
  api.get("/admin/staff", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (admin) res.json({ staff: await deps.directory.staffOf(admin.orgId) } satisfies z.input<typeof StaffList>);
  });

  api.post("/admin/staff", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    const input = body(AddStaffBody, req, res);
    if (!input) return;
    try {
      const staff = await deps.directory.addStaff({ ...input, orgId: admin.orgId });
      await staffDid(deps, admin, "add_staff", staff.id, { role: staff.role });
      const welcome = await issueWelcomeLink(deps, req, staff, admin);
      res.status(201).json({ staff: { ...staff, claimed: false }, welcome } satisfies z.input<typeof StaffAdded>);
    } catch (error) {
      if (error instanceof DirectoryError && error.code === "username_taken") return fail(res, 409, "username_taken");
      throw error;
    }
  });

  /**
   * A new link for one of the admin's own staff: one who has not used theirs (lost, or too old),
   * or one who forgot their password. The old link stops working; an existing password keeps
   * working until the new link is used. Accounts holding the federation duty only at the command line.
   */
  api.post("/admin/staff/:id/welcome", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    if (!body(EmptyBody, req, res)) return;
    const account = await deps.directory.staff(String(req.params.id));
    if (!account) return fail(res, 404, "not_found");
    if (account.orgId !== admin.orgId || account.federation) {
      // Another organisation's account answers as one that does not exist; the attempt is kept.
      await deps.audit.record({ orgId: admin.orgId, actorId: admin.id, actorRole: admin.role, action: "issue_welcome_link", target: account.id, outcome: "denied" });
      return account.federation && account.orgId === admin.orgId ? fail(res, 403, "not_allowed") : fail(res, 404, "not_found");
    }
    res.json(await issueWelcomeLink(deps, req, account, admin));
  });

  // Open to anyone who holds a link. No throttle: a token is 192 random bits, not guessable.
  /** Whose link it is, for the welcome page to show before the person chooses a password. */
  api.post("/welcome/look", async (req, res) => {
    const input = body(WelcomeLookBody, req, res);
    if (!input) return;
    try {
      const link = await deps.welcomeLinks.open(input.token);
      const account = await deps.directory.staff(link.staffId);
      if (!account) return refuse(res, "welcome_unknown");
      const org = await deps.directory.organisation(account.orgId);
      res.json({
        orgName: org?.name ?? "",
        username: account.username,
        displayName: account.displayName,
        expiresAt: link.expiresAt,
        reset: await deps.directory.hasPassword(account.id),
      } satisfies WelcomeInfo);
    } catch (error) {
      if (error instanceof WelcomeLinkError) return refuse(res, error.code);
      throw error;
    }
  });

  /** The person chooses their password with the link (once), and is signed in. */
  api.post("/welcome", async (req, res) => {
    const input = body(WelcomeBody, req, res);
    if (!input) return;
    const staffId = await deps.welcomeLinks.staffOf(input.token);
    const reset = staffId !== null && (await deps.directory.hasPassword(staffId));
    let link;
    try {
      link = await deps.welcomeLinks.claim(input.token, input.password);
    } catch (error) {
      if (!(error instanceof WelcomeLinkError)) throw error;
      // A used, expired or replaced link tried again is the account's organisation's to know of.
      const account = staffId ? await deps.directory.staff(staffId) : null;
      await deps.audit.record({ orgId: account?.orgId ?? null, actorId: null, actorRole: "anonymous", action: "use_welcome_link", target: account?.id ?? null, outcome: "denied", detail: { reason: error.code } });
      return refuse(res, error.code);
    }
    const account = await deps.directory.staff(link.staffId);
    if (!account) return refuse(res, "welcome_unknown");
    // A new password ends every earlier sign-in of the account, wherever it was.
    await deps.sessions.revokeAll({ kind: "staff", staffId: account.id });
    const issuer = link.issuedBy === "cli" ? null : await deps.directory.staff(link.issuedBy);
    await deps.audit.recordIn([account.orgId, ...(issuer ? [issuer.orgId] : [])], {
      actorId: account.id,
      actorRole: account.role,
      action: reset ? "use_reset_link" : "use_welcome_link",
      target: null,
      outcome: "done",
      detail: { issuedBy: link.issuedBy },
    });
    res.setHeader("Set-Cookie", sessionCookie(await deps.sessions.create({ kind: "staff", staffId: account.id }), req.secure));
    const org = await deps.directory.organisation(account.orgId);
    res.json(staffMe(account, org?.name ?? ""));
  });
}

/**
 * Issues a welcome link for `account` (a new one replaces any still open), audits it in the
 * account's organisation and the issuer's, and gives the absolute address to pass on. For an
 * account that has a password already it is a reset link, audited as such.
 */
export async function issueWelcomeLink(deps: StaffAccountDeps, req: Request, account: StaffAccount, issuer: StaffAccount): Promise<WelcomeLink> {
  const reset = await deps.directory.hasPassword(account.id);
  const { token, expiresAt } = await deps.welcomeLinks.issue(account.id, issuer.id);
  await deps.audit.recordIn([account.orgId, issuer.orgId], {
    actorId: issuer.id,
    actorRole: issuer.role,
    action: reset ? "issue_reset_link" : "issue_welcome_link",
    target: account.id,
    outcome: "done",
    detail: { expiresAt },
  });
  const base = deps.research.publicUrl ?? `${req.protocol}://${req.get("host")}`;
  return { url: `${base}/staff?welcome=${token}`, expiresAt };
}

/** What /me and the sign-ins answer for a staff member. */
export function staffMe(staff: StaffAccount, orgName: string): Me {
  return { kind: "staff", displayName: staff.displayName, role: staff.role, org: staff.orgId, orgName, federation: staff.federation };
}

const refuse = (res: Response, problem: WelcomeLinkProblem) => fail(res, problem === "welcome_unknown" ? 404 : 410, problem);
