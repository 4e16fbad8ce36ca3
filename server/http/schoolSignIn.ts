import type express from "express";
import { z } from "zod";
import { SchoolLinkBody, SchoolSignInBody, SchoolSignInView } from "../../shared/protocol/schoolSignIn.ts";
import type { Sessions } from "../auth/sessions.ts";
import type { SchoolSignInFlow } from "../auth/schoolSignIn.ts";
import type { SchoolSignIn } from "../store/schoolSignIn.ts";
import { readCookie, sessionCookie } from "./cookies.ts";
import { type GuardDeps, body, fail, staffDid, staffWith } from "./guard.ts";

export interface SchoolSignInDeps extends GuardDeps {
  schoolSignIn: SchoolSignIn;
  schoolSignInFlow: SchoolSignInFlow;
  sessions: Sessions;
}

/** The browser's half of a sign-in under way: only this path sees it, for ten minutes; Lax, so the provider's redirect back carries it. */
const FLOW_COOKIE = "hidamari_school";
const flowCookie = (value: string, secure: boolean, maxAge: number) => `${FLOW_COOKIE}=${value}; Path=/api/school-sign-in; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
const StartQuery = z.object({ org: z.string().min(1).max(64), who: z.enum(["staff", "student"]) });

/**
 * Signing in with the school's account (issue 18): /start sends the browser to the school's
 * provider, /callback brings it back signed in (or to its page with ?signin=<why not>); admins
 * set the provider and which school e-mail opens which account. Every outcome is audited.
 */
export function schoolSignInRoutes(api: express.Router, deps: SchoolSignInDeps): void {
  const base = (req: express.Request) => `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const redirectUri = (req: express.Request) => `${base(req)}/api/school-sign-in/callback`;
  const pageOf = (who: "staff" | "student" | undefined) => (who === "student" ? "/" : "/staff");

  api.get("/school-sign-in/start", async (req, res) => {
    const query = StartQuery.safeParse(req.query);
    if (!query.success) return fail(res, 400, "invalid_request");
    const started = await deps.schoolSignInFlow.start(query.data.org, query.data.who, redirectUri(req));
    if (!started.ok) return res.redirect(303, `${pageOf(query.data.who)}?signin=${started.problem}`);
    res.setHeader("Set-Cookie", flowCookie(started.browser, req.secure, 600));
    res.redirect(303, started.url.href);
  });

  api.get("/school-sign-in/callback", async (req, res) => {
    const outcome = await deps.schoolSignInFlow.finish(new URL(req.originalUrl, base(req)), readCookie(req.get("cookie"), FLOW_COOKIE));
    const clear = flowCookie("", req.secure, 0);
    if (!outcome.ok) {
      await deps.audit.record({ orgId: outcome.orgId, actorId: null, actorRole: "anonymous", action: "school_sign_in", target: null, outcome: "denied", detail: { problem: outcome.problem, ...(outcome.detail ? { detail: outcome.detail.slice(0, 200) } : {}) } });
      res.setHeader("Set-Cookie", clear);
      return res.redirect(303, `${pageOf(outcome.who)}?signin=${outcome.problem}`);
    }
    const account = outcome.kind === "staff" ? await deps.directory.staff(outcome.accountId) : await deps.directory.student(outcome.accountId);
    // The account went (or, a child's, was blocked) since the admin linked it.
    if (!account || account.orgId !== outcome.orgId || ("blocked" in account && account.blocked)) {
      res.setHeader("Set-Cookie", clear);
      return res.redirect(303, `${pageOf(outcome.kind)}?signin=unknown_account`);
    }
    const token = await deps.sessions.create(outcome.kind === "staff" ? { kind: "staff", staffId: account.id } : { kind: "student", studentId: account.id });
    await deps.audit.record({ orgId: outcome.orgId, actorId: account.id, actorRole: "role" in account ? account.role : "student", action: "sign_in", target: null, outcome: "done", detail: { method: "school" } });
    res.setHeader("Set-Cookie", [clear, sessionCookie(token, req.secure)]);
    // A child's door then needs no code (client/main.ts reads ?signin=done).
    res.redirect(303, outcome.kind === "student" ? "/?signin=done" : "/staff");
  });

  api.get("/school-sign-in", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    res.json(await view(deps, admin.orgId, redirectUri(req)));
  });

  api.put("/school-sign-in", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    const input = body(SchoolSignInBody, req, res);
    if (!input) return;
    await deps.schoolSignIn.setProvider({ orgId: admin.orgId, ...input }, admin.id);
    // Never the secret: whether one was given, and which school is accepted.
    await staffDid(deps, admin, "set_school_sign_in", null, { issuer: input.issuer, domain: input.domain, tenant: input.tenant, students: input.students, newSecret: input.clientSecret !== undefined });
    res.json(await view(deps, admin.orgId, redirectUri(req)));
  });

  api.post("/school-sign-in/links", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    const input = body(SchoolLinkBody, req, res);
    if (!input) return;
    const account = input.kind === "staff" ? await deps.directory.staff(input.accountId) : await deps.directory.student(input.accountId);
    if (!account || account.orgId !== admin.orgId) return fail(res, 404, "not_found");
    await deps.schoolSignIn.link(admin.orgId, input.kind, input.accountId, input.email);
    await staffDid(deps, admin, "link_school_account", input.accountId, { kind: input.kind });
    res.json(await view(deps, admin.orgId, redirectUri(req)));
  });

  api.delete("/school-sign-in/links/:kind/:id", async (req, res) => {
    const admin = await staffWith(deps, "manageStaff", req, res);
    if (!admin) return;
    const kind = req.params.kind === "student" ? "student" : "staff";
    if (!(await deps.schoolSignIn.unlink(admin.orgId, kind, String(req.params.id)))) return fail(res, 404, "not_found");
    await staffDid(deps, admin, "unlink_school_account", String(req.params.id), { kind });
    res.json(await view(deps, admin.orgId, redirectUri(req)));
  });
}

async function view(deps: SchoolSignInDeps, orgId: string, redirectUri: string): Promise<z.input<typeof SchoolSignInView>> {
  const provider = await deps.schoolSignIn.provider(orgId);
  const [staff, students] = await Promise.all([deps.directory.staffOf(orgId), deps.directory.studentsOf(orgId)]);
  const names = new Map<string, string>([...staff.map((s) => [`staff:${s.id}`, s.displayName] as const), ...students.map((s) => [`student:${s.id}`, s.nickname] as const)]);
  const links = (await deps.schoolSignIn.links(orgId)).map((l) => ({ ...l, name: names.get(`${l.kind}:${l.accountId}`) ?? "" }));
  return {
    configured: provider !== null,
    issuer: provider?.issuer ?? "",
    clientId: provider?.clientId ?? "",
    hasSecret: (provider?.clientSecret ?? "") !== "",
    domain: provider?.domain ?? null,
    tenant: provider?.tenant ?? null,
    students: provider?.students ?? false,
    redirectUri,
    links,
  };
}
