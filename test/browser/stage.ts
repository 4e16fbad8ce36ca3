import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { StaffRole } from "../../shared/domain/roles.ts";
import { organisation, staffMember } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { launchChromium } from "./chromium.ts";

/** Where browser tests put their screenshots, to be looked at. */
export const SHOTS = path.resolve("test-results");

export interface StageOptions {
  /** The organisation's name (default: the one test/support gives). */
  orgName?: string;
  /** A counsellor joins over a socket first, so the space is open (default: yes). */
  open?: boolean;
  /** Where the server listens (default 127.0.0.1); a function is asked when the stage starts (netns.ts's useVoiceNetwork). */
  host?: string | (() => string);
  /** Starts the browser once the server listens (default: Chromium on this machine's network). */
  launch?: (server: TestServer) => Promise<Browser>;
}

export interface StudentOptions {
  lang?: "ja" | "en";
  context?: BrowserContextOptions;
  /** Called with the new page before it opens anything (to listen to its requests, or add a script). */
  watch?: (page: Page) => unknown;
}

/** One file's world: the real server on the built client, one Chromium, an organisation. */
export interface Stage {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly org: { id: string };
  /** A fresh browser context's page (its own cookies and storage), Japanese unless told. */
  page(options?: StudentOptions): Promise<Page>;
  /** A registered student who typed their code on the door, closed the first-visit guide and is in the space. */
  student(nickname: string, options?: StudentOptions): Promise<Page>;
  /**
   * A counsellor (an account made here) who signed in on the staff page and opened the space:
   * in it, with the console beside it. A wide screen, and no CSP (axe is added as a script).
   */
  teacher(username: string, displayName: string): Promise<Page>;
  /** A staff member (an account made here) signed in on the staff page, not (yet) in the space. */
  staffHome(username: string, displayName: string, role?: StaffRole): Promise<Page>;
}

/**
 * Starts the stage before a file's tests and stops it after them (beforeAll/afterAll of the
 * calling file). A file's own beforeAll, registered after this call, runs after the stage is up.
 */
export function useStage(options: StageOptions = {}): Stage {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let org: { id: string } | undefined;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const host = typeof options.host === "function" ? options.host() : options.host;
    server = await startTestServer({ clientDir: path.resolve("dist"), ...(host ? { host } : {}) });
    browser = await (options.launch ? options.launch(server) : launchChromium());
    org = await organisation(server, options.orgName);
    if (options.open ?? true) await (await staffMember(server, org.id)).join();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the stage has no ${what} yet (use it inside a test or a later beforeAll)`);
    return value;
  };

  const stage: Stage = {
    get server() {
      return ready(server, "server");
    },
    get browser() {
      return ready(browser, "browser");
    },
    get org() {
      return ready(org, "organisation");
    },
    async page({ lang = "ja", context = {}, watch } = {}) {
      const ctx = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang === "ja" ? "ja-JP" : "en-GB", ...context });
      const page = await ctx.newPage();
      await watch?.(page);
      return page;
    },
    async staffHome(username, displayName, role = "counsellor") {
      const password = "correct horse battery";
      await stage.server.services.directory.addStaff({ orgId: stage.org.id, username, displayName, role, password });
      const page = await stage.page({ context: { viewport: { width: 1366, height: 900 }, bypassCSP: true } });
      const seen = watchPage(page);
      await page.goto(`${stage.server.url}/staff`);
      await page
        .getByRole("textbox", { name: "ユーザー名" })
        .fill(username)
        .catch(async (error: unknown) => {
          throw new Error(`${username}'s staff page showed no sign-in form: ${await seen.describe(`staff-${username}`)}`, { cause: error });
        });
      await page.getByLabel("パスワード").fill(password);
      await page.getByRole("button", { name: "サインイン" }).click();
      return page;
    },
    async teacher(username, displayName) {
      const page = await stage.staffHome(username, displayName);
      await page.getByRole("button", { name: "スペースを ひらく" }).click();
      await page.locator(".console").waitFor();
      // The console shows before the 3D view has loaded: a test that reads or waits on the view
      // (frameDrawn) needs its handle (CI stop 35 failed there on a loaded machine).
      await inSpace(page);
      return page;
    },
    async student(nickname, options = {}) {
      const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname });
      const page = await stage.page(options);
      const seen = watchPage(page);
      const en = options.lang === "en";
      await page.goto(`${stage.server.url}/${en ? "?lang=en" : ""}`);
      await page
        .getByRole("textbox", { name: en ? "Access code" : "あいことば" })
        .fill(code)
        .catch(async (error: unknown) => {
          throw new Error(`${nickname}'s door showed no access code field: ${await seen.describe(`door-${nickname}`)}`, { cause: error });
        });
      await page.getByRole("button", { name: en ? "Enter" : "はいる", exact: true }).click();
      await page.getByRole("dialog", { name: en ? "Welcome" : "ようこそ" }).getByRole("button", { name: en ? "Skip" : "とばす" }).click();
      await inSpace(page);
      return page;
    },
  };
  return stage;
}

/** Resolves once the page is in the space (its test handle, `window.hidamari`, is there). */
export function inSpace(page: Page): Promise<unknown> {
  return page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
}

/**
 * What a page went through, for a failure's message: its crash, console errors, failed or refused
 * requests, requests still waiting for an answer, what it shows (and a screenshot in
 * test-results/). A door (CI stop 32) and a staff page (a clean-clone run, session 16) that never
 * showed in the second lane left nothing to go on; this is what the next one leaves.
 */
function watchPage(page: Page): { describe(shot: string): Promise<string> } {
  const events: string[] = [];
  const waiting = new Map<object, string>();
  page.on("request", (r) => waiting.set(r, `${r.method()} ${r.url()} (asked ${new Date().toISOString().slice(11, 23)})`));
  page.on("requestfinished", (r) => waiting.delete(r));
  page.on("requestfailed", (r) => waiting.delete(r));
  page.on("crash", () => events.push("the page crashed"));
  page.on("pageerror", (e) => events.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") events.push(`console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => events.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? "?"})`));
  page.on("response", (r) => {
    if (r.status() >= 400) events.push(`answered ${r.status()}: ${r.url()}`);
  });
  return {
    async describe(shot) {
      const file = path.join(SHOTS, `failed-${shot}.png`);
      // A page whose main thread is stuck (waiting on the GPU process, say) answers nothing: 5 s, then say so.
      const stuck = new Promise<string>((resolve) => setTimeout(() => resolve("the page did not answer in 5 s (its main thread is busy or stuck)"), 5_000).unref());
      const shown = await Promise.race([
        page.evaluate(() => `readyState ${document.readyState}, text: ${document.body?.innerText.slice(0, 300) ?? "(no body)"}`),
        stuck,
      ]).catch((e: unknown) => `page not readable (${String(e)})`);
      const pictured = await page.screenshot({ path: file, timeout: 5_000 }).then(() => `screenshot ${file}`, () => "no screenshot");
      const unanswered = [...waiting.values()].map((r) => `still waiting: ${r}`);
      return [`url ${page.url()}`, shown, pictured, ...(events.length ? events : ["no errors, crashes or failed requests seen"]), ...unanswered].join("; ");
    },
  };
}
