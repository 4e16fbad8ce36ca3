import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { accessCodeKey, formatAccessCode, newAccessCode, normaliseAccessCode } from "../../server/auth/accessCodes.ts";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../server/auth/passwords.ts";
import { loadSecret } from "../../server/auth/secret.ts";
import { LocalPresence } from "@colyseus/core";
import { Sessions } from "../../server/auth/sessions.ts";
import { SetupToken } from "../../server/auth/setupToken.ts";
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from "../../server/http/cookies.ts";
import { allowedOrigin } from "../../server/http/cors.ts";
import { Throttle } from "../../server/http/throttle.ts";

/**
 * The pieces the doors are made of, each alone: sign-in sessions and their expiry, passwords,
 * access codes as a child types them, the server's secret, the one-time setup token, cookies, the
 * throttle's window and which origins may read answers. Time is set, never waited for.
 */
afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in sessions", () => {
  // In this process's presence here; test/integration/scale.test.ts runs them through Redis.
  it("know who a token belongs to until it expires, and nobody after", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const sessions = new Sessions(new LocalPresence(), 60_000);
    const token = await sessions.create({ kind: "student", studentId: "s-1" });
    expect(await sessions.get(token)).toEqual({ kind: "student", studentId: "s-1" });
    vi.advanceTimersByTime(59_999);
    expect(await sessions.get(token)).toEqual({ kind: "student", studentId: "s-1" }); // the last millisecond still counts
    vi.advanceTimersByTime(1);
    expect(await sessions.get(token)).toBeNull();
  });

  it("last twelve hours by default: a school day, not a week", async () => {
    vi.useFakeTimers({ now: 0 });
    const sessions = new Sessions(new LocalPresence());
    const token = await sessions.create({ kind: "staff", staffId: "t-1" });
    vi.advanceTimersByTime(12 * 60 * 60 * 1000 - 1);
    expect(await sessions.get(token)).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(await sessions.get(token)).toBeNull();
  });

  it("recognise no token but their own: empty, unknown, revoked", async () => {
    const sessions = new Sessions(new LocalPresence());
    const token = await sessions.create({ kind: "staff", staffId: "t-1" });
    const other = await sessions.create({ kind: "staff", staffId: "t-2" });
    expect(await sessions.get(undefined)).toBeNull();
    expect(await sessions.get("")).toBeNull();
    expect(await sessions.get(`${token}x`)).toBeNull();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    await sessions.revoke(token);
    expect(await sessions.get(token)).toBeNull();
    expect(await sessions.get(other)).toEqual({ kind: "staff", staffId: "t-2" });
    await sessions.revoke(undefined); // signing out without a cookie is fine
  });

  it("end every session of one person, and only theirs", async () => {
    const sessions = new Sessions(new LocalPresence());
    const phone = await sessions.create({ kind: "student", studentId: "s-1" });
    const tablet = await sessions.create({ kind: "student", studentId: "s-1" });
    const friend = await sessions.create({ kind: "student", studentId: "s-2" });
    const teacher = await sessions.create({ kind: "staff", staffId: "s-1" }); // the same id, another kind of account
    await sessions.revokeAll({ kind: "student", studentId: "s-1" });
    expect([await sessions.get(phone), await sessions.get(tablet)]).toEqual([null, null]);
    expect(await sessions.get(friend)).toEqual({ kind: "student", studentId: "s-2" });
    expect(await sessions.get(teacher)).toEqual({ kind: "staff", staffId: "s-1" });
    // Signed in again afterwards: a new session works.
    expect(await sessions.get(await sessions.create({ kind: "student", studentId: "s-1" }))).toEqual({ kind: "student", studentId: "s-1" });
  });
});

describe("staff passwords", () => {
  it("are stored as salted scrypt, never in clear, and verify only the right password", async () => {
    const stored = await hashPassword("correct horse battery");
    const again = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$16384\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toBe(again); // a salt of its own
    expect(stored).not.toContain("horse");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batter", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("compare in the same Unicode form however the keyboard composed it", async () => {
    const stored = await hashPassword("ﾊﾟｽﾜｰﾄﾞ です 2026");
    expect(await verifyPassword("パスワード です 2026", stored)).toBe(true);
  });

  it("refuse a stored hash of another kind or strength, or a broken one", async () => {
    const stored = await hashPassword("correct horse battery");
    const [, n, salt, hash] = stored.split("$");
    expect(await verifyPassword("correct horse battery", `bcrypt$${n}$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("correct horse battery", `scrypt$1024$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("correct horse battery", `scrypt$${n}$$${hash}`)).toBe(false);
    expect(await verifyPassword("correct horse battery", `scrypt$${n}$${salt}$`)).toBe(false);
    expect(await verifyPassword("correct horse battery", `scrypt$${n}$${salt}$${hash?.slice(0, 20)}`)).toBe(false);
    expect(await verifyPassword("correct horse battery", DUMMY_HASH)).toBe(false);
  });

  it("check an unknown user name against a stand-in of the same kind and strength, so it takes as long as a wrong password", async () => {
    // A stand-in that verification refused early (another scheme, cost or length) would answer
    // unknown names at once, and so tell a stranger which names exist.
    const real = (await hashPassword("anything")).split("$");
    const dummy = DUMMY_HASH.split("$");
    expect(dummy.map((part) => part.length)).toEqual(real.map((part) => part.length));
    expect(dummy.slice(0, 2)).toEqual(real.slice(0, 2));
  });
});

describe("access codes", () => {
  it("are eight characters a child can read, shown as abcd-2345, without look-alikes", () => {
    const codes = Array.from({ length: 200 }, newAccessCode);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
    expect(new Set(codes).size).toBe(200);
    expect(formatAccessCode("abcd2345")).toBe("abcd-2345");
  });

  it("are read however a child types them: case, spaces, dashes, full-width, the long vowel mark", () => {
    for (const typed of ["abcd-2345", "ABCD2345", " abcd 2345 ", "ａｂｃｄ－２３４５", "abcd_2345", "abcdー2345", "a-b-c-d-2-3-4-5"]) {
      expect(normaliseAccessCode(typed), typed).toBe("abcd2345");
    }
  });

  it("refuse what no code can be: too short, too long, look-alike letters, other scripts", () => {
    for (const typed of ["abcd-234", "abcd-23456", "abcd-2340", "abcd-234l", "abcd-234i", "abcd-234o", "abcd-2341", "あいうえ-かきくけ", ""]) {
      expect(normaliseAccessCode(typed), typed).toBeNull();
    }
  });

  it("are kept as an HMAC under the server's secret: the same code under another secret is another key", () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    const key = accessCodeKey(a, "abcd2345");
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain("abcd");
    expect(accessCodeKey(a, "abcd2345")).toBe(key);
    expect(accessCodeKey(b, "abcd2345")).not.toBe(key);
    expect(accessCodeKey(a, "abcd2346")).not.toBe(key);
  });
});

describe("the server's secret", () => {
  it("is made at first start, owner-only, and the same at every later start", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-secret-"));
    try {
      const dataDir = path.join(dir, "data", "nested");
      const first = loadSecret(dataDir);
      expect(first).toHaveLength(32);
      const file = path.join(dataDir, "secret.key");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, "utf8")).toBe(`${first.toString("hex")}\n`);
      expect(loadSecret(dataDir).equals(first)).toBe(true);
      // HIDAMARI_SECRET wins over the file.
      const fromEnv = "ab".repeat(32);
      expect(loadSecret(dataDir, fromEnv).toString("hex")).toBe(fromEnv);
      expect(loadSecret(path.join(dir, "other")).equals(first)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the one-time setup token", () => {
  it("works once, only the one issued, and not before one is issued", async () => {
    const setup = new SetupToken(new LocalPresence());
    expect(await setup.consume("anything-at-all")).toBe(false);
    const token = await setup.issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await setup.consume(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(await setup.consume(token.slice(1))).toBe(false);
    expect(await setup.consume(token)).toBe(true);
    expect(await setup.consume(token)).toBe(false);
  });

  it("works from any process's link, and once for all of them", async () => {
    // Two processes starting on an empty installation each print a link; the first used ends both.
    const presence = new LocalPresence();
    const first = await new SetupToken(presence).issue();
    const second = await new SetupToken(presence).issue();
    const elsewhere = new SetupToken(presence);
    const answers = await Promise.all([elsewhere.consume(second), elsewhere.consume(second)]);
    expect(answers.sort()).toEqual([false, true]);
    expect(await elsewhere.consume(first)).toBe(false);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Strict, for the whole site, twelve hours; Secure over HTTPS only", () => {
    expect(sessionCookie("tok/en", false)).toBe(`${SESSION_COOKIE}=tok%2Fen; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200`);
    expect(sessionCookie("t", true)).toBe(`${SESSION_COOKIE}=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure`);
    expect(clearedSessionCookie(false)).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    expect(clearedSessionCookie(true)).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`);
  });

  it("is read from a Cookie header by its exact name, decoded, and nothing breaks on garbage", () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=tok%2Fen; b=2`, SESSION_COOKIE)).toBe("tok/en");
    expect(readCookie(`${SESSION_COOKIE}=x`, SESSION_COOKIE)).toBe("x");
    expect(readCookie(`  ${SESSION_COOKIE} = y `, SESSION_COOKIE)).toBe("y");
    expect(readCookie(`x${SESSION_COOKIE}=no; ${SESSION_COOKIE}x=no`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`${SESSION_COOKIE}x`, SESSION_COOKIE)).toBeUndefined(); // a part with no = at all
    expect(readCookie(`=${SESSION_COOKIE}; ${SESSION_COOKIE}`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`${SESSION_COOKIE}=%E0%A4%A`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie("", SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
  });
});

describe("the throttle", () => {
  it("counts failures per key within its window, and forgets them after it or on success", async () => {
    vi.useFakeTimers({ now: 0 });
    const throttle = new Throttle(new LocalPresence(), 3, 1000);
    for (let i = 0; i < 2; i++) await throttle.failed("a");
    expect(await throttle.blocked("a")).toBe(false);
    await throttle.failed("a");
    expect(await throttle.blocked("a")).toBe(true);
    expect(await throttle.blocked("b")).toBe(false);
    vi.setSystemTime(999);
    expect(await throttle.blocked("a")).toBe(true);
    vi.setSystemTime(1000);
    expect(await throttle.blocked("a")).toBe(false); // the window slides past the first failures
    await throttle.failed("a");
    await throttle.failed("a");
    await throttle.failed("a");
    await throttle.succeeded("a");
    expect(await throttle.blocked("a")).toBe(false);
  });

  it("slides in tenths of its window: a failure counts until its tenth has left the window", async () => {
    vi.useFakeTimers({ now: 0 });
    const throttle = new Throttle(new LocalPresence(), 2, 1000);
    vi.setSystemTime(50);
    await throttle.failed("a");
    vi.setSystemTime(550);
    await throttle.failed("a");
    vi.setSystemTime(999);
    expect(await throttle.blocked("a")).toBe(true);
    vi.setSystemTime(1000); // the tenth [0, 100) has left: forgotten 50 ms before a strict window would
    expect(await throttle.blocked("a")).toBe(false);
    await throttle.failed("a");
    expect(await throttle.blocked("a")).toBe(true); // the one at 550 still counts
  });

  it("counts failures that arrive together, each one", async () => {
    const throttle = new Throttle(new LocalPresence(), 5, 60_000);
    await Promise.all(Array.from({ length: 5 }, () => throttle.failed("door")));
    expect(await throttle.blocked("door")).toBe(true);
  });

  it("defaults to 10 failures in 10 minutes", async () => {
    vi.useFakeTimers({ now: 0 });
    const throttle = new Throttle(new LocalPresence());
    for (let i = 0; i < 9; i++) await throttle.failed("k");
    expect(await throttle.blocked("k")).toBe(false);
    await throttle.failed("k");
    expect(await throttle.blocked("k")).toBe(true);
    vi.setSystemTime(10 * 60 * 1000 - 1);
    expect(await throttle.blocked("k")).toBe(true);
    vi.setSystemTime(10 * 60 * 1000);
    expect(await throttle.blocked("k")).toBe(false);
  });
});

describe("reading answers from another origin", () => {
  it("is allowed only to pages of the same host name, over http or https, whatever the port", () => {
    expect(allowedOrigin("http://localhost:5173", "localhost:2567")).toBe("http://localhost:5173");
    expect(allowedOrigin("https://school.example:8443", "school.example")).toBe("https://school.example:8443");
    expect(allowedOrigin("http://evil.example", "localhost:2567")).toBeNull();
    expect(allowedOrigin("http://localhost.evil.example", "localhost:2567")).toBeNull();
    expect(allowedOrigin("file://localhost", "localhost:2567")).toBeNull();
    // Other schemes with the same host name: not a page of this site.
    expect(allowedOrigin("ws://localhost:5173", "localhost:2567")).toBeNull();
    expect(allowedOrigin("ftp://localhost", "localhost:2567")).toBeNull();
    expect(allowedOrigin("null", "localhost:2567")).toBeNull();
    expect(allowedOrigin(null, "localhost:2567")).toBeNull();
    expect(allowedOrigin("http://localhost:5173", null)).toBeNull();
    expect(allowedOrigin("http://localhost:5173", "bad host name")).toBeNull();
  });
});
