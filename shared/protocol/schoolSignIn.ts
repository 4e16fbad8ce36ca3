import { z } from "zod/mini";

/**
 * Signing in with the school's account (issue 18): an organisation's OpenID Connect provider
 * (Google Workspace, Microsoft Entra ID) as its admin sets it, and which Hidamari accounts a
 * school identity may open (by a verified e-mail the admin records). Read by the admin page only.
 */
const loopback = (u: URL) => ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
/** An issuer: https, or http on this machine only (a local provider for tests and trials). */
export const Issuer = z.string().check(
  z.maxLength(300),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === "https:" || (u.protocol === "http:" && loopback(u));
    } catch {
      return false;
    }
  }, "an https address (for example https://accounts.google.com)"),
);
const Email = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(200), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an e-mail address"));

export const SchoolSignInBody = z
  .strictObject({
    issuer: Issuer,
    clientId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    /** Kept when omitted (the page never shows it again). */
    clientSecret: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
    /** Google Workspace: the `hd` claim every identity must carry. */
    domain: z.nullable(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "a domain such as school.example.jp"))),
    /** Microsoft Entra ID: the `tid` claim every identity must carry. */
    tenant: z.nullable(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[0-9a-f-]{36}$/, "a tenant id (a GUID)"))),
    /** Whether children may sign in this way too (staff always may, once set). */
    students: z.boolean(),
  })
  .check(z.refine((b) => b.domain !== null || b.tenant !== null, { message: "a domain or a tenant: which school's accounts are accepted", path: ["domain"] }));

export const SchoolLinkBody = z.strictObject({ kind: z.enum(["staff", "student"]), accountId: z.string().check(z.minLength(1), z.maxLength(64)), email: Email });

export const SchoolSignInView = z.object({
  configured: z.boolean(),
  issuer: z.string(),
  clientId: z.string(),
  hasSecret: z.boolean(),
  domain: z.nullable(z.string()),
  tenant: z.nullable(z.string()),
  students: z.boolean(),
  /** Where the provider sends people back: what the admin registers with Google or Microsoft. */
  redirectUri: z.string(),
  links: z.array(z.object({ kind: z.enum(["staff", "student"]), accountId: z.string(), name: z.string(), email: z.string() })),
});
export type SchoolSignInView = z.infer<typeof SchoolSignInView>;

/** Why a school sign-in came back without a session: the page says it in words (?signin=…). */
export const SCHOOL_SIGN_IN_PROBLEMS = ["not_set_up", "expired", "refused", "wrong_school", "unknown_account", "provider_error"] as const;
export type SchoolSignInProblem = (typeof SCHOOL_SIGN_IN_PROBLEMS)[number];
