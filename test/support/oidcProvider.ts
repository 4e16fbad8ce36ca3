import type { Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./ports.ts";

/** What a school account says of itself in its tokens. */
export interface SchoolAccount {
  email: string;
  email_verified?: boolean;
  /** Google Workspace's domain claim. */
  hd?: string;
  /** Microsoft Entra ID's tenant claim. */
  tid?: string;
}

export interface SchoolProvider {
  issuer: string;
  /** The account the next sign-in logs in as (the provider's login page, answered for the test). */
  signInAs(sub: string, account: SchoolAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider, the certified implementation) on a loopback port:
 * authorization code with PKCE required, signed ID tokens, userinfo, one-time codes. Its login
 * and consent pages are answered at once for the account the test chose, as a person clicking
 * through them would. `clients` are the applications registered with it.
 */
export async function startSchoolProvider(clients: Array<{ clientId: string; clientSecret: string; redirectUri: string }>): Promise<SchoolProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, SchoolAccount>();
  let next: string | null = null;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    })),
    pkce: { required: () => true },
    claims: { openid: ["sub", "hd", "tid"], email: ["email", "email_verified"] },
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ["a test provider's key, nothing else"] },
  });
  // The login and consent pages: answered for the chosen account, as a click would.
  provider.use(async (ctx, nextMiddleware) => {
    if (!ctx.path.startsWith("/interaction/")) return nextMiddleware();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.respond = false;
    if (details.prompt.name === "login") {
      if (!next) throw new Error("the test chose no account to sign in as");
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider.Grant({ accountId: String(details.session?.accountId), clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    signInAs(sub, account) {
      accounts.set(sub, account);
      next = sub;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser's part, by hand: follows redirects across the two sites, keeping each site's cookies,
 * until it lands on a page of Hidamari's (or gives up after 20 steps). Returns every step.
 */
export async function followSignIn(start: string, hidamari: string, jar = new Map<string, Map<string, string>>()): Promise<{ landed: URL; steps: URL[]; jar: Map<string, Map<string, string>>; seen: Map<string, string> }> {
  const steps: URL[] = [];
  /** Every cookie value a site set on the way, even those it cleared later (to replay a step). */
  const seen = new Map<string, string>();
  let url = new URL(start);
  for (let i = 0; i < 20; i++) {
    steps.push(url);
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    const response = await fetch(url, { redirect: "manual", headers: cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {} });
    for (const set of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = set.split(";");
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      const gone = value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) cookies.delete(name);
      else {
        cookies.set(name, value);
        seen.set(name, value);
      }
    }
    jar.set(url.host, cookies);
    const location = response.headers.get("location");
    if (!location) throw new Error(`stopped at ${url.href} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer().catch(() => {});
    url = new URL(location, url);
    if (url.origin === new URL(hidamari).origin && !url.pathname.startsWith("/api/")) return { landed: url, steps: [...steps, url], jar, seen };
  }
  throw new Error(`no landing after 20 steps: ${steps.map((s) => s.href).join(" → ")}`);
}
