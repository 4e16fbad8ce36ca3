/**
 * Talking to a school's LRS over xAPI 1.0.3: POST a batch of statements (an array) to
 * <endpoint>/statements, GET one back by id, and its /about. Every request has its own timeout,
 * and every answer is sorted into what the sender does next.
 */
export interface LrsAddress {
  url: string;
  key: string;
  secret: string;
}

export type PostOutcome =
  /** The LRS holds every statement of the batch. */
  | { kind: "sent" }
  /** Try again later: no answer, a timeout, 5xx, 408 or 429 (with the LRS's Retry-After, when it gave one). */
  | { kind: "transient"; error: string; retryAfterMs: number | null }
  /** The LRS will take nothing from us as we are (401, 403, 404, 405…): a matter of the endpoint, not of a statement. */
  | { kind: "endpoint"; error: string }
  /** 409: an id the LRS already holds. */
  | { kind: "conflict"; reason: string }
  /** Any other 4xx: the LRS refused what was sent (for a batch: one of them, or more). */
  | { kind: "refused"; reason: string };

/** Answers that say nothing about any one statement: every statement would get the same. */
const ENDPOINT_STATUSES = new Set([401, 403, 404, 405, 406, 407, 410, 411, 415]);
const TRANSIENT_STATUSES = new Set([408, 425, 429]);
/** What of an LRS's answer is kept as its reason: the start, on one line. */
const REASON_CHARS = 400;

export const XAPI_VERSION = "1.0.3";

function headers(lrs: LrsAddress, json: boolean): Record<string, string> {
  return {
    "X-Experience-API-Version": XAPI_VERSION,
    Authorization: `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString("base64")}`,
    ...(json ? { "Content-Type": "application/json" } : {}),
  };
}

/** A request that gives up after `timeoutMs` (an LRS that hangs holds nothing but this request). */
async function call(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; statusText: string; text: string; retryAfter: string | null } | { error: string }> {
  try {
    const res = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, statusText: res.statusText, text, retryAfter: res.headers.get("retry-after") };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError") return { error: `no answer within ${Math.round(timeoutMs / 1000)} s` };
    return { error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, REASON_CHARS);
const said = (r: { status: number; statusText: string; text: string }) => `${r.status} ${r.statusText}${r.text ? `: ${oneLine(r.text)}` : ""}`;

/** Retry-After in ms (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function postStatements(lrs: LrsAddress, statements: unknown[], timeoutMs: number, now: number): Promise<PostOutcome> {
  const r = await call(`${lrs.url}/statements`, { method: "POST", headers: headers(lrs, true), body: JSON.stringify(statements) }, timeoutMs);
  if ("error" in r) return { kind: "transient", error: r.error, retryAfterMs: null };
  if (r.status >= 200 && r.status < 300) return { kind: "sent" };
  if (r.status >= 500 || TRANSIENT_STATUSES.has(r.status)) return { kind: "transient", error: said(r), retryAfterMs: retryAfterMs(r.retryAfter, now) };
  if (ENDPOINT_STATUSES.has(r.status) || r.status < 400) return { kind: "endpoint", error: said(r) };
  if (r.status === 409) return { kind: "conflict", reason: said(r) };
  return { kind: "refused", reason: said(r) };
}

/** One statement as the LRS holds it: found, not there, or no answer to tell. */
export async function getStatement(lrs: LrsAddress, id: string, timeoutMs: number): Promise<{ kind: "found"; statement: Record<string, unknown> } | { kind: "missing" } | { kind: "transient"; error: string }> {
  const r = await call(`${lrs.url}/statements?statementId=${encodeURIComponent(id)}`, { method: "GET", headers: headers(lrs, false) }, timeoutMs);
  if ("error" in r) return { kind: "transient", error: r.error };
  if (r.status === 404) return { kind: "missing" };
  if (r.status !== 200) return { kind: "transient", error: said(r) };
  try {
    return { kind: "found", statement: JSON.parse(r.text) as Record<string, unknown> };
  } catch {
    return { kind: "transient", error: "the LRS's answer was not JSON" };
  }
}

/**
 * Whether the statement the LRS holds under an id is the one we sent: the same after taking
 * away what an LRS adds (`stored`, `authority`, `version`) and reading both times as instants
 * (an LRS may write 2026-01-01T00:00:00.000Z as +00:00). Keys in any order.
 */
export function sameStatement(held: Record<string, unknown>, sent: Record<string, unknown>): boolean {
  const norm = ({ stored: _s, authority: _a, version: _v, timestamp, ...rest }: Record<string, unknown>) => canonical({ ...rest, timestamp: Date.parse(String(timestamp)) });
  return norm(held) === norm(sent);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The admin's "test connection": the LRS's /about (which needs no key), then one statement asked
 * for with the key and secret (limit=1), to tell an address that is not an LRS from credentials
 * it refuses.
 */
export async function testConnection(lrs: LrsAddress, timeoutMs: number): Promise<{ outcome: "ok" | "unreachable" | "credentials_refused" | "not_an_lrs"; status: number | null; versions: string[]; detail: string }> {
  const about = await call(`${lrs.url}/about`, { method: "GET", headers: headers(lrs, false) }, timeoutMs);
  if ("error" in about) return { outcome: "unreachable", status: null, versions: [], detail: about.error };
  let versions: string[] = [];
  try {
    const parsed = JSON.parse(about.text) as { version?: unknown };
    if (Array.isArray(parsed.version)) versions = parsed.version.filter((v): v is string => typeof v === "string").slice(0, 10);
  } catch {
    // not JSON: not an LRS's /about
  }
  if (about.status !== 200 || versions.length === 0) return { outcome: "not_an_lrs", status: about.status, versions, detail: said(about) };
  const probe = await call(`${lrs.url}/statements?limit=1`, { method: "GET", headers: headers(lrs, false) }, timeoutMs);
  if ("error" in probe) return { outcome: "unreachable", status: null, versions, detail: probe.error };
  if (probe.status === 401 || probe.status === 403) return { outcome: "credentials_refused", status: probe.status, versions, detail: said(probe) };
  if (probe.status !== 200) return { outcome: "not_an_lrs", status: probe.status, versions, detail: said(probe) };
  return { outcome: "ok", status: 200, versions, detail: "" };
}
