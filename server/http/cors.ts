import { matchMaker } from "@colyseus/core";

/**
 * Who may read this server's answers from another origin. Colyseus answers every request with
 * `Access-Control-Allow-Credentials: true` and echoes whatever Origin asked, so any site could
 * read signed-in answers if a cookie ever travelled with the request (SameSite=Strict stops it
 * today; this is the second lock). Pages and API share one origin, so same-origin requests need
 * no CORS at all; the one cross-origin caller is `npm run dev`'s page on another port of the same
 * host. Everyone else gets no Access-Control-Allow-Origin, and the browser keeps the answer.
 */
export function allowedOrigin(origin: string | null, host: string | null): string | null {
  if (!origin || !host) return null;
  try {
    const from = new URL(origin);
    const here = new URL(`http://${host}`);
    return (from.protocol === "http:" || from.protocol === "https:") && from.hostname === here.hostname ? from.origin : null;
  } catch {
    return null;
  }
}

/** Installs the policy into Colyseus's matchmaker (which writes CORS headers on every route). */
export function restrictCors(): void {
  // Its defaults hold a wildcard origin with credentials: the two are decided per request below.
  const defaults: Record<string, string> = matchMaker.controller.DEFAULT_CORS_HEADERS;
  delete defaults["Access-Control-Allow-Origin"];
  delete defaults["Access-Control-Allow-Credentials"];
  matchMaker.controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = allowedOrigin(headers.get("origin"), headers.get("host"));
    return origin ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" } : {};
  };
}
