import { z } from "zod/mini";

/**
 * Records to the school's LRS (issue 19): the xAPI 1.0.3 endpoints an organisation's admin sets,
 * each for one study (its pseudonyms), and what the admin page shows of each: how many
 * statements were sent, are waiting, were refused (with the LRS's reason), and when the next try
 * is. The secret is sent only when typed and never shown again.
 */
const loopback = (u: URL) => ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);

/**
 * The LRS's xAPI endpoint (statements go to <url>/statements): https, or http on this machine
 * only (a local store for trials and tests). No user or password in it (they have fields of their
 * own, and an address is shown back and audited), no query or fragment.
 */
export const LrsUrl = z.string().check(
  z.trim(),
  z.maxLength(300),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || (u.protocol === "http:" && loopback(u))) && !u.username && !u.password && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, "an https address of the LRS's xAPI endpoint (for example https://lrs.example.jp/xAPI)"),
);

/** The endpoint's address as kept: without a trailing slash, so <url>/statements is one slash. */
export const lrsBase = (url: string) => url.trim().replace(/\/+$/, "");

const Key = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const Secret = z.string().check(z.minLength(1), z.maxLength(500));

export const LrsEndpointBody = z.strictObject({
  /** The study whose pseudonyms the statements carry (its key stays on the server). */
  study: z.string().check(z.minLength(1), z.maxLength(80)),
  url: LrsUrl,
  /** Basic auth: the LRS's key (user) and secret (password). */
  key: Key,
  secret: Secret,
  enabled: z.boolean(),
});

export const LrsEndpointUpdate = z.strictObject({
  url: LrsUrl,
  key: Key,
  /** Kept when omitted (the page never shows it again). */
  secret: z.optional(Secret),
  enabled: z.boolean(),
});

export const LrsCounts = z.object({ sent: z.number(), waiting: z.number(), refused: z.number(), withheld: z.number() });

export const LrsRefusal = z.object({
  statementId: z.string(),
  /** The statement's verb id and time, so the admin can tell which kind of record it was. */
  verb: z.string(),
  timestamp: z.string(),
  /** What the LRS answered: its status and words, as it sent them (shortened). */
  reason: z.string(),
  at: z.number(),
});

export const LrsEndpointView = z.object({
  id: z.string(),
  study: z.object({ id: z.string(), name: z.string() }),
  url: z.string(),
  key: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  /** Statements of sessions open at or after this time are sent. */
  since: z.number(),
  counts: LrsCounts,
  lastError: z.nullable(z.string()),
  lastErrorAt: z.nullable(z.number()),
  lastSentAt: z.nullable(z.number()),
  /** When the LRS will be tried again after a failure (null: it is not held back). */
  nextRetryAt: z.nullable(z.number()),
  refused: z.array(LrsRefusal),
});
export type LrsEndpointView = z.infer<typeof LrsEndpointView>;

export const LrsView = z.object({
  studies: z.array(z.object({ id: z.string(), name: z.string() })),
  endpoints: z.array(LrsEndpointView),
});
export type LrsView = z.infer<typeof LrsView>;

/** A "test connection": whether the LRS answered, and whether it took the key and secret. */
export const LRS_TEST_OUTCOMES = ["ok", "unreachable", "credentials_refused", "not_an_lrs"] as const;
export const LrsTestResult = z.object({
  outcome: z.enum(LRS_TEST_OUTCOMES),
  status: z.nullable(z.number()),
  /** The xAPI versions its /about names, when it answered. */
  versions: z.array(z.string()),
  detail: z.string(),
});
export type LrsTestResult = z.infer<typeof LrsTestResult>;

/** A statement as the outbox keeps and sends it: checked again when read back from the store. */
export const OutboxStatement = z.looseObject({
  id: z.string(),
  verb: z.looseObject({ id: z.string() }),
  timestamp: z.string(),
});
