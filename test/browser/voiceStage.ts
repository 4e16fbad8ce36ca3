import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { planRoute } from "../../client/input/routes.ts";
import type { Point } from "../../shared/domain/geometry.ts";
import type { Talk } from "../../shared/protocol/voice.ts";
import { organisation, staffMember } from "../support/people.ts";
import type { SpaceRoom } from "../support/clients.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { SHOTS } from "./stage.ts";
import { type VoiceNetwork, openVoiceNetwork } from "./netns.ts";
import type { IceConfig } from "../../server/voice/iceServers.ts";

/** What the voice part shows tests (client/voice/voice.ts): its talk, and each link's audio. */
export interface VoiceHandle {
  talk(): Talk | null;
  stats(): Promise<Record<string, { level: number; bytes: number; sent: number; route: string; streams?: number; video?: { bytes: number; frames: number; sent: number; framesSent: number } }>>;
  speaking(id: string): boolean;
  send(type: string, payload: unknown): boolean;
}
interface PageHandle {
  inspect(): { me: Point; myId: string | null; setBacks: number };
  walkRoute(points: Point[]): Promise<boolean>;
  voice?: VoiceHandle;
}

export interface StudentOptions {
  lang?: "ja" | "en";
  /** Runs on the new page before it opens anything. */
  watch?: (page: Page) => unknown;
  /** For axe (an injected script): the page's CSP is otherwise kept, as audio must play under it. */
  bypassCSP?: boolean;
  /** Wait for the voice part before answering (default yes). */
  wait?: boolean;
  /** The microphone talks at this pitch (talkingMic) instead of Chromium's beep. */
  voice?: number;
}

/**
 * A microphone that talks: a tone at `hz`, on for 1.6 s and off for 0.6 s, from Web Audio in
 * place of Chromium's fake device. Its beep is too short for Janus's talking detection (a
 * second's average level), and it is the same sound in every page, so one page's echo canceller
 * can take another child's voice, played back, for its own echo. Different pitches, no echo.
 */
export function talkingMic(hz: number): string {
  return `(() => {
  const media = navigator.mediaDevices;
  if (!media) return;
  media.getUserMedia = async () => {
    const ctx = new AudioContext({ sampleRate: 48000 });
    await ctx.resume();
    const tone = ctx.createOscillator();
    tone.frequency.value = ${hz};
    const gain = ctx.createGain();
    const out = ctx.createMediaStreamDestination();
    tone.connect(gain).connect(out);
    tone.start();
    for (let t = ctx.currentTime; t < ctx.currentTime + 600; t += 2.2) {
      gain.gain.setValueAtTime(0.4, t);
      gain.gain.setValueAtTime(0, t + 1.6);
    }
    const [track] = out.stream.getAudioTracks();
    const stop = track.stop.bind(track);
    track.stop = () => { stop(); void ctx.close(); };
    return out.stream;
  };
})();`;
}

/** The voice tests' world: the real server on the built client, Chromium with a fake microphone, an organisation. */
export interface VoiceStage {
  readonly server: TestServer;
  readonly org: { id: string };
  /** The counsellor who keeps the space open, over a socket: staff's voice messages (voiceMute) come from here. */
  readonly staff: SpaceRoom;
  /** A registered student in the space, Japanese unless told. */
  student(nickname: string, options?: StudentOptions): Promise<Page>;
  counsellor(username: string, displayName: string): Promise<Page>;
}

export function useVoiceStage(
  options: { ice?: (network: VoiceNetwork) => Promise<IceConfig>; janus?: (network: VoiceNetwork) => Promise<{ url: string; publicUrl: string; adminKey?: string }> } = {},
): VoiceStage {
  let server: TestServer | undefined;
  let network: VoiceNetwork | undefined;
  let browser: Browser | undefined;
  let org: { id: string } | undefined;
  let staff: SpaceRoom | undefined;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Chromium in a network namespace of its own (netns.ts), reaching the server on the host's end of its link.
    network = await openVoiceNetwork();
    const ice = options.ice ? await options.ice(network) : undefined;
    const janus = options.janus ? await options.janus(network) : undefined;
    server = await startTestServer({ clientDir: path.resolve("dist"), host: network.hostAddress, ...(ice ? { ice } : {}), ...(janus ? { janus } : {}) });
    browser = await network.launch({ secureOrigins: [server.url] });
    org = await organisation(server);
    staff = await (await staffMember(server, org.id)).join();
  });
  afterAll(async () => {
    await network?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the voice stage is not up yet");
    return value;
  };
  const url = () => ready(server).url;
  const newPage = async (lang: "ja" | "en", bypassCSP = false) => {
    const context = await ready(browser).newContext({ viewport: { width: 1280, height: 800 }, locale: lang === "ja" ? "ja-JP" : "en-GB", bypassCSP });
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning" || process.env.VOICE_DEBUG) && console.error(`page ${m.type()}: ${m.text()}`));
    return page;
  };
  return {
    get server() {
      return ready(server);
    },
    get org() {
      return ready(org);
    },
    get staff() {
      return ready(staff);
    },
    async student(nickname, { lang = "ja", watch, bypassCSP = false, wait = true, voice } = {}) {
      const { code } = await ready(server).services.directory.registerStudent({ orgId: ready(org).id, nickname });
      const page = await newPage(lang, bypassCSP);
      if (voice) await page.addInitScript(talkingMic(voice));
      await watch?.(page);
      const en = lang === "en";
      await page.goto(`${url()}/${en ? "?lang=en" : ""}`);
      await page.getByRole("textbox", { name: en ? "Access code" : "あいことば" }).fill(code);
      await page.getByRole("button", { name: en ? "Enter" : "はいる", exact: true }).click();
      await page.getByRole("dialog", { name: en ? "Welcome" : "ようこそ" }).getByRole("button", { name: en ? "Skip" : "とばす" }).click();
      if (wait) await voiceReady(page);
      return page;
    },
    async counsellor(username, displayName) {
      const password = "correct horse battery";
      await ready(server).services.directory.addStaff({ orgId: ready(org).id, username, displayName, role: "counsellor", password });
      const page = await newPage("ja", true);
      await page.goto(`${url()}/staff`);
      await page.getByRole("textbox", { name: "ユーザー名" }).fill(username);
      await page.getByLabel("パスワード").fill(password);
      await page.getByRole("button", { name: "サインイン" }).click();
      await page.getByRole("button", { name: "スペースを ひらく" }).click();
      await page.locator(".console").waitFor();
      await voiceReady(page);
      return page;
    },
  };
}

/** The voice part is fetched when the page is idle after entering. */
export async function voiceReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { hidamari?: PageHandle }).hidamari?.voice !== undefined, undefined, { timeout: 20_000 });
}

export const me = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: PageHandle }).hidamari.inspect());
export const talkOf = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: Required<PageHandle> }).hidamari.voice.talk());
export const statsOf = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: Required<PageHandle> }).hidamari.voice.stats());
export const sendVoice = (page: Page, type: string, payload: unknown) =>
  page.evaluate(([t, p]) => (window as unknown as { hidamari: Required<PageHandle> }).hidamari.voice.send(t as string, p), [type, payload] as const);

/**
 * A counsellor who walks to the front of the classroom and starts a lesson called `title` from the
 * console; the console's lesson region comes back too.
 */
export async function teach(stage: VoiceStage, username: string, displayName: string, title: string): Promise<{ teacher: Page; lesson: Locator }> {
  const teacher = await stage.counsellor(username, displayName);
  await walkPage(teacher, { x: -10, z: -10 });
  const st = staffTranslator("ja");
  const lesson = teacher.getByRole("region", { name: `📖 ${st("lessonConsole")}` });
  await lesson.getByRole("textbox", { name: st("lessonTitleLabel") }).fill(title);
  await lesson.getByRole("button", { name: st("lessonStart") }).click();
  await expect.poll(() => lesson.locator(".lesson-what").textContent()).toContain(title);
  return { teacher, lesson };
}

/** Turns data saver on in the settings (or off), as a child would. */
export async function dataSaver(page: Page, lang: "ja" | "en", on = true): Promise<void> {
  const t = translator("ja");
  const words = lang === "ja" ? { settings: t("settings"), close: t("close"), saver: /データ セーバー/ } : { settings: "Settings", close: "Close", saver: /Data saver/ };
  await page.getByRole("button", { name: words.settings }).click();
  const dialog = page.getByRole("dialog", { name: words.settings });
  await dialog.getByRole("checkbox", { name: words.saver }).setChecked(on);
  await dialog.getByRole("button", { name: words.close }).first().click();
}

/** Walks the way the page's "go to" would (through the doorways) and waits to be there. */
export async function walkPage(page: Page, to: Point): Promise<void> {
  // A page stalled by a loaded machine can have a step refused and be put back on the way: then it walks again.
  for (let attempt = 1; ; attempt++) {
    const { me: from, setBacks } = await me(page);
    const route = planRoute(from, to);
    if (!route) throw new Error(`no way from ${from.x}, ${from.z} to ${to.x}, ${to.z}`);
    await page.evaluate((points) => (window as unknown as { hidamari: PageHandle }).hidamari.walkRoute(points), route);
    await expect.poll(async () => {
      const at = await me(page);
      return at.setBacks > setBacks ? 0 : Math.hypot(at.me.x - to.x, at.me.z - to.z);
    }, { timeout: 30_000 }).toBeLessThan(0.3);
    if ((await me(page)).setBacks === setBacks) return;
    if (attempt === 3) throw new Error(`a step was refused on each of 3 walks to ${to.x}, ${to.z}`);
  }
}

/** The talk panel's buttons, by their names in Japanese. */
export const TALK_JA = { join: "🎧 さんかして きく", leave: "ぬける", speak: "🎙 はなす（マイク オン）", stop: "マイクを オフにする", permGo: "わかった、はなす" };

/** Joins the talk where the page stands (listening), by its button. */
export async function joinTalk(page: Page): Promise<void> {
  const join = page.getByRole("button", { name: TALK_JA.join });
  // The button shows once the server has the page in a talk spot: if it never does, say where the page is.
  await join.waitFor({ timeout: 30_000 }).catch(async () => {
    const { me: at, setBacks } = await me(page);
    throw new Error(`no "join the talk" button: the page stands at ${at.x}, ${at.z} (${setBacks} steps refused); its talk: ${JSON.stringify(await talkOf(page))}`);
  });
  await join.click();
  await expect.poll(async () => (await talkOf(page))?.joined, { timeout: 10_000 }).toBe(true);
}

/** Presses "speak", says yes to the note before the browser's prompt (the fake UI grants it), and waits for the microphone to be on. */
export async function speak(page: Page): Promise<void> {
  await page.getByRole("button", { name: TALK_JA.speak }).click();
  const note = page.getByRole("dialog", { name: "🎙 マイクを つかう まえに" });
  if (await note.isVisible().catch(() => false)) await note.getByRole("button", { name: TALK_JA.permGo }).click();
  else {
    await note.waitFor({ timeout: 5000 }).catch(() => {});
    if (await note.isVisible()) await note.getByRole("button", { name: TALK_JA.permGo }).click();
  }
  await expect.poll(async () => (await talkOf(page))?.mic, { timeout: 10_000 }).toBe(true);
}

/** Leaves: each page's context closed, so the next test runs on a quiet machine (two cores, many peer links). */
export async function closeAll(...pages: Page[]): Promise<void> {
  await Promise.all(pages.map((page) => page.context().close()));
}
