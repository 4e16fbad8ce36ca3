import { createHash, randomBytes } from "node:crypto";
import type { Presence } from "@colyseus/core";
import * as oidc from "openid-client";
import { z } from "zod";
import type { SchoolSignInProblem } from "../../shared/protocol/schoolSignIn.ts";
import type { AccountKind, SchoolProvider, SchoolSignIn } from "../store/schoolSignIn.ts";

/** A sign-in under way: what the callback must find, for ten minutes, once. */
const Pending = z.object({ orgId: z.string(), who: z.enum(["staff", "student"]), nonce: z.string(), verifier: z.string(), browser: z.string(), expires: z.number() });
type Pending = z.infer<typeof Pending>;
const PENDING_KEY = "hidamari:school-sign-in";
const PENDING_MS = 10 * 60 * 1000;

export type SignedIn = { ok: true; orgId: string; kind: AccountKind; accountId: string };
export type NotSignedIn = { ok: false; problem: SchoolSignInProblem; orgId: string | null; who?: AccountKind; detail?: string };

/**
 * Signing in with the school's account over OpenID Connect (issue 18), with openid-client as the
 * relying party: authorization code with PKCE, a state and a nonce that each work once, the ID
 * token's issuer and audience checked by the library, and the school's own claim checked here
 * (`hd` for Google Workspace, `tid` for Microsoft Entra ID). The state is bound to the browser
 * that started (a random value in a cookie whose hash the pending sign-in keeps). Tokens are
 * used within the callback and never kept. No password of a school account reaches Hidamari.
 */
export class SchoolSignInFlow {
  readonly #store: SchoolSignIn;
  readonly #presence: Presence;
  /** Discovery per provider setting (issuer, client, secret), so a changed setting is read afresh. */
  readonly #configs = new Map<string, Promise<oidc.Configuration>>();

  constructor(store: SchoolSignIn, presence: Presence) {
    this.#store = store;
    this.#presence = presence;
  }

  /** Where to send the browser, and the value to keep in its cookie; or why not. */
  async start(orgId: string, who: AccountKind, redirectUri: string): Promise<{ ok: true; url: URL; browser: string } | NotSignedIn> {
    const provider = await this.#store.provider(orgId);
    if (!provider || (who === "student" && !provider.students)) return { ok: false, problem: "not_set_up", orgId };
    let config: oidc.Configuration;
    try {
      config = await this.#config(provider);
    } catch (error) {
      return { ok: false, problem: "provider_error", orgId, detail: String(error) };
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const browser = randomBytes(16).toString("base64url");
    await this.#prune();
    const pending: Pending = { orgId, who, nonce, verifier, browser: digest(browser), expires: Date.now() + PENDING_MS };
    await this.#presence.hset(PENDING_KEY, state, JSON.stringify(pending));
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: "openid email profile",
      response_type: "code",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    };
    // On a family's shared device, let the person choose whose account (where the provider can).
    if (offersAccountChoice(config)) params.prompt = "select_account";
    // A hint only (Google shows that school's accounts first): the claim is what is checked.
    if (provider.domain) params.hd = provider.domain;
    return { ok: true, url: oidc.buildAuthorizationUrl(config, params), browser };
  }

  /** The provider sent the browser back: the account it opens, or why not. */
  async finish(currentUrl: URL, browser: string | undefined): Promise<SignedIn | NotSignedIn> {
    const state = currentUrl.searchParams.get("state") ?? "";
    const pending = await this.#take(state);
    if (!pending || !browser || digest(browser) !== pending.browser) return { ok: false, problem: "expired", orgId: pending?.orgId ?? null, ...(pending ? { who: pending.who } : {}) };
    const { orgId } = pending;
    const failed = (problem: SchoolSignInProblem, detail?: string): NotSignedIn => ({ ok: false, problem, orgId, who: pending.who, ...(detail === undefined ? {} : { detail }) });
    const provider = await this.#store.provider(orgId);
    if (!provider) return failed("not_set_up");
    if (currentUrl.searchParams.has("error")) return failed("refused", currentUrl.searchParams.get("error") ?? "");
    let claims: oidc.IDToken;
    let email: string | null;
    try {
      const config = await this.#config(provider);
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) return failed("provider_error", "no ID token");
      claims = idClaims;
      email = verifiedEmail(claims, provider);
      // Google and others may give the e-mail only at userinfo: asked with the access token, then forgotten.
      if (email === null && tokens.access_token) email = verifiedEmail({ ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), iss: claims.iss, sub: claims.sub, aud: claims.aud, exp: claims.exp, iat: claims.iat }, provider);
    } catch (error) {
      // A replayed or stolen code, a wrong audience, a bad signature: the library refused the answer.
      return failed("provider_error", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    if (provider.tenant && claims.tid !== provider.tenant) return failed("wrong_school", `tid ${String(claims.tid)}`);
    if (provider.domain && claims.hd !== provider.domain) return failed("wrong_school", `hd ${String(claims.hd)}`);
    const accountId = await this.#store.accountFor(orgId, pending.who, claims.iss, claims.sub, email);
    if (!accountId) return failed("unknown_account");
    return { ok: true, orgId, kind: pending.who, accountId };
  }

  #config(provider: SchoolProvider): Promise<oidc.Configuration> {
    const key = `${provider.issuer}\n${provider.clientId}\n${digest(provider.clientSecret)}`;
    let config = this.#configs.get(key);
    if (!config) {
      const issuer = new URL(provider.issuer);
      // Plain http only for a provider on this machine (Issuer in shared/ refuses any other).
      const local = issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined;
      config = oidc.discovery(issuer, provider.clientId, undefined, oidc.ClientSecretPost(provider.clientSecret), local);
      config.catch(() => this.#configs.delete(key)); // a provider down now may be up on the next try
      this.#configs.set(key, config);
    }
    return config;
  }

  /** The pending sign-in for a state, exactly once (of two callbacks with one state, one gets it). */
  async #take(state: string): Promise<Pending | null> {
    if (!state) return null;
    const raw = await this.#presence.hget(PENDING_KEY, state);
    if (!raw || !(await this.#presence.hdel(PENDING_KEY, state))) return null;
    const parsed = Pending.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.expires > Date.now() ? parsed.data : null;
  }

  /** Sign-ins started and never finished are forgotten after their ten minutes. */
  async #prune(): Promise<void> {
    const all = ((await this.#presence.hgetall(PENDING_KEY)) ?? {}) as Record<string, string>;
    for (const [state, raw] of Object.entries(all)) {
      const expires = Pending.safeParse(JSON.parse(raw)).data?.expires ?? 0;
      if (expires <= Date.now()) await this.#presence.hdel(PENDING_KEY, state);
    }
  }
}

/**
 * The e-mail a school identity proves: a verified `email`; in an Entra tenant (where `email` is
 * not verified by Microsoft) the tenant's own sign-in name. Null when there is none.
 */
function verifiedEmail(claims: Record<string, unknown>, provider: SchoolProvider): string | null {
  if (typeof claims.email === "string" && claims.email_verified === true) return claims.email.toLowerCase();
  if (provider.tenant && claims.tid === provider.tenant && typeof claims.preferred_username === "string" && claims.preferred_username.includes("@")) return claims.preferred_username.toLowerCase();
  return null;
}

/** Google and Microsoft both let a person choose an account; others say so in their metadata, or are not asked. */
function offersAccountChoice(config: oidc.Configuration): boolean {
  const metadata = config.serverMetadata();
  const host = new URL(metadata.issuer).hostname;
  return host === "accounts.google.com" || host === "login.microsoftonline.com" || (metadata.prompt_values_supported as string[] | undefined)?.includes("select_account") === true;
}

const digest = (value: string) => createHash("sha256").update(value).digest("base64url");
