import path from "node:path";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { planRoute } from "../../client/input/routes.ts";
import { fromWire } from "../../shared/domain/limits.ts";
import { zoneById } from "../../shared/domain/zones.ts";
import { type SpaceRoom, me as position, until, walk } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { animationFrames } from "./events.ts";
import { setHidden } from "./hidden.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The calm features that are more than a class on the page, in real Chromium: sound that
 * downloads nothing until it is turned on, then plays the zone's loop at the chosen volume;
 * low graphics chosen for a weak device (this machine draws WebGL in software); a hidden page
 * that draws nothing; "follow <person>" by keyboard; and a reduced-motion "go to" whose camera
 * does not glide.
 */
const stage = useStage();
/** Where the classroom's name is written on the floor: clear of desks. */
const GOAL = zoneById("classroom").label;

interface Inspect {
  me: { x: number; z: number };
  drawn: Record<string, { x: number; z: number }>;
  look: { x: number; z: number };
  camera: { x: number; z: number };
  framesDrawn: number;
  drawCalls: number;
  lowGraphics: boolean;
  pixelRatio: number;
  running: boolean;
}
interface SoundState {
  on: boolean;
  volume: number;
  ambient: boolean;
  loaded: boolean;
  playing: string | null;
}
type Hidamari = { hidamari: { inspect(): Inspect; sound(): SoundState; following(): string | null } };
/** A bot's position in metres (the state carries centimetres). */
const where = (room: SpaceRoom) => ({ x: fromWire(position(room).x), z: fromWire(position(room).z) });
const inspect = (page: Page) => page.evaluate(() => (window as unknown as Hidamari).hidamari.inspect());
const sound = (page: Page) => page.evaluate(() => (window as unknown as Hidamari).hidamari.sound());
const notices = (page: Page) => page.locator(".notice").allInnerTexts();

async function enterAs(nickname: string, context: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const requests: string[] = [];
  const page = await stage.student(nickname, { context, watch: (p) => p.on("request", (r) => requests.push(new URL(r.url()).pathname)) });
  return { context: page.context(), page, requests };
}


describe("sound and low graphics", () => {
  it("should download no sound until it is on, then play the zone's loop at the chosen volume, and remember it all", async () => {
    const { context, page, requests } = await enterAs("おと");
    const soundFiles = () => requests.filter((r) => /\/assets\/engine-/.test(r));

    expect(await sound(page)).toMatchObject({ on: false, loaded: false, playing: null });
    expect(soundFiles()).toEqual([]);

    // This machine has no GPU (and two cores): the page chose low graphics by itself, and says so.
    expect(await inspect(page)).toMatchObject({ lowGraphics: true, pixelRatio: 1 });
    await page.getByRole("button", { name: "せってい" }).click();
    const settings = page.getByRole("dialog", { name: "せってい" });
    const graphics = settings.getByRole("checkbox", { name: /かるい がめん/ });
    expect(await graphics.isChecked()).toBe(true);
    expect(await settings.textContent()).toContain("じどうで えらびました");

    await settings.getByRole("slider", { name: "おとの おおきさ" }).fill("30");
    await settings.getByRole("checkbox", { name: /ばしょの おと/ }).check();
    // Setting ambient while sound is off still loads nothing.
    expect(await sound(page)).toMatchObject({ on: false, volume: 0.3, ambient: true, loaded: false, playing: null });
    const lowCalls = (await inspect(page)).drawCalls;
    await graphics.uncheck();
    expect(await inspect(page)).toMatchObject({ lowGraphics: false });
    // Full graphics draws the soft shadows under people again: one more draw call.
    await expect.poll(async () => (await inspect(page)).drawCalls).toBe(lowCalls + 1);
    await page.screenshot({ path: path.join(SHOTS, "calm-sound-settings-ja.png") });
    await settings.getByRole("button", { name: "とじる" }).click();

    await page.getByRole("button", { name: "おと", exact: true }).click();
    await expect.poll(() => sound(page)).toMatchObject({ on: true, loaded: true, playing: "social" });
    expect(soundFiles()).toHaveLength(1);

    // Walking into the quiet corner changes the loop.
    await page.locator('button.go-to[data-zone="quiet"]').click();
    await expect.poll(() => sound(page), { timeout: 20_000 }).toMatchObject({ playing: "quiet" });

    // All remembered after a reload; the explicit "not low graphics" holds over the device's guess.
    await page.reload();
    await page.getByRole("button", { name: "はいる", exact: true }).click();
    await page.waitForFunction(() => (window as unknown as Partial<Hidamari>).hidamari !== undefined);
    expect(await sound(page)).toMatchObject({ on: true, volume: 0.3, ambient: true });
    expect(await inspect(page)).toMatchObject({ lowGraphics: false });
    await context.close();
  });
});

describe("a hidden page", () => {
  it("should draw nothing while hidden, even with others walking, and catch up when shown", async () => {
    const { context, page } = await enterAs("かくれる");
    const walker = await (await student(stage.server, stage.org.id, "あるく")).join();
    await expect.poll(() => page.getByRole("list", { name: "いる ひと" }).textContent()).toContain("あるく");

    await setHidden(page, true);
    expect(await inspect(page)).toMatchObject({ running: false });
    const before = (await inspect(page)).framesDrawn;
    const from = where(walker);
    await walk(walker, from, [{ x: from.x + 2, z: from.z }]);
    // Then they say something: its bubble asks for a frame the moment the line arrives (the walk,
    // drawn a little in the past, might not yet). Once the line is in the log, after the walk,
    // and a few animation frames have gone by, a view still running would have drawn.
    walker.send("chat", { channel: "space", text: "ここだよ" });
    await expect.poll(() => page.getByRole("log", { name: "チャット" }).textContent()).toContain("ここだよ");
    await animationFrames(page);
    expect((await inspect(page)).framesDrawn).toBe(before);

    await setHidden(page, false);
    await expect.poll(async () => (await inspect(page)).framesDrawn).toBeGreaterThan(before);
    expect(await inspect(page)).toMatchObject({ running: true });
    walker.leave();
    await context.close();
  });
});

describe("follow", () => {
  it("should walk after a person chosen by keyboard, stay beside them, and stop kindly when they leave", async () => {
    const { context, page } = await enterAs("ついていく");
    const friend: SpaceRoom = await (await student(stage.server, stage.org.id, "ゆうき")).join();
    const follow = page.getByRole("button", { name: "ゆうきさんに ついていく" });
    await follow.focus();
    await page.keyboard.press("Enter");
    expect(await follow.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => notices(page)).toContain("ゆうきさんに ついていきます");

    // The friend walks to the middle of the classroom, through its doorway, as an honest client would.
    const from = where(friend);
    const route = planRoute(from, GOAL);
    expect(route).not.toBeNull();
    await walk(friend, from, route ?? []);
    await until(() => Math.hypot(where(friend).x - GOAL.x, where(friend).z - GOAL.z) < 0.2, "the friend reaches the classroom", 10_000);
    // Far away, the poll says where I stand, where the page draws the friend, whether it still
    // follows, and every notice it showed (why a follow ended, say: notices fade after 5 s).
    const shown: string[] = [];
    await expect
      .poll(async () => {
        const { me, drawn } = await inspect(page);
        for (const n of await notices(page)) if (!shown.includes(n)) shown.push(n);
        const away = Math.hypot(me.x - GOAL.x, me.z - GOAL.z);
        if (away < 2.3) return "beside";
        const them = drawn[friend.sessionId];
        const following = await page.evaluate(() => (window as unknown as Hidamari).hidamari.following());
        return `${away.toFixed(2)} m away at (${me.x.toFixed(2)}, ${me.z.toFixed(2)}); friend drawn at ${them ? `(${them.x.toFixed(2)}, ${them.z.toFixed(2)})` : "nowhere"}; following: ${following}; notices: ${shown.join(" / ")}`;
      }, { timeout: 30_000 })
      .toBe("beside");
    expect(await page.locator("#where").textContent()).toContain("教室");
    // "Near you" says who I am standing with, in words (it is updated once a second).
    await expect.poll(() => page.locator("#nearby").textContent(), { timeout: 5000 }).toContain("ゆうきさん（");
    await page.screenshot({ path: path.join(SHOTS, "calm-follow-ja.png") });

    friend.leave();
    await expect.poll(() => notices(page), { timeout: 10_000 }).toContain("ゆうきさんが いなくなったので、ついていくのを やめました");
    expect(await page.evaluate(() => (window as unknown as Hidamari).hidamari.following())).toBeNull();
    await context.close();
  });

  it("should stop following when the student steers by themselves", async () => {
    const { context, page } = await enterAs("じぶんで");
    const friend = await (await student(stage.server, stage.org.id, "はると")).join();
    await page.getByRole("button", { name: "はるとさんに ついていく" }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as Hidamari).hidamari.following())).not.toBeNull();
    await page.locator("canvas").focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => page.evaluate(() => (window as unknown as Hidamari).hidamari.following())).toBeNull();
    expect(await page.getByRole("button", { name: "はるとさんに ついていく" }).getAttribute("aria-pressed")).toBe("false");
    // Steering oneself is no failure: the notice gives no reason.
    expect(await notices(page)).toContain("ついていくのを やめました");
    friend.leave();
    await context.close();
  });
});

describe("reduced motion", () => {
  it("should keep the camera still during a 'go to' and cut to the place on arrival", async () => {
    const { context, page } = await enterAs("しずかに", { reducedMotion: "reduce" });
    const start = await inspect(page);
    await page.locator('button.go-to[data-zone="classroom"]').click();
    await expect.poll(async () => (await inspect(page)).me.x, { timeout: 5000 }).toBeLessThan(start.me.x - 1);
    // Walking, yet the camera has not moved.
    expect((await inspect(page)).camera).toEqual(start.camera);
    await expect.poll(() => notices(page), { timeout: 20_000 }).toContain("教室に つきました");
    const end = await inspect(page);
    expect(end.camera.x).toBeCloseTo(end.me.x, 5);
    await context.close();
  });
});

describe("drag to look", () => {
  it("should slide the view over the floor with a drag, without walking, and come back when I walk", async () => {
    const { context, page } = await enterAs("みまわす");
    const start = await inspect(page);
    const box = await page.locator("canvas").boundingBox();
    if (!box) throw new Error("no canvas");
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // Drag the floor to the right and down: the view moves left (west) and up (north).
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx + i * 20, cy + i * 10);
    await page.mouse.up();
    const looked = await inspect(page);
    expect(looked.me).toEqual(start.me);
    expect(looked.look.x).toBeLessThan(-2);
    expect(looked.look.z).toBeLessThan(-1);
    expect(looked.camera.x).toBeLessThan(start.camera.x - 2);
    // A drag is not a tap: nobody walked anywhere. A tap walks from the next frame on; a few
    // frames later I am still where I was.
    await animationFrames(page);
    expect((await inspect(page)).me).toEqual(start.me);

    // Walking (a key held) brings the view back to me.
    await page.locator("canvas").focus();
    await page.keyboard.down("ArrowDown");
    await expect.poll(async () => Math.hypot((await inspect(page)).look.x, (await inspect(page)).look.z), { timeout: 5000 }).toBe(0);
    await page.keyboard.up("ArrowDown");
    await context.close();
  });
});

describe("choosing a status", () => {
  it("should keep the choice on screen until the server confirms it, whatever news about me arrives first", async () => {
    // The status is held on its way to the server for a second; a raised hand, sent after it,
    // overtakes it, so a patch about me still saying "none" reaches the page after the click.
    const page = await stage.student("えらぶ", {
      watch: (p) =>
        p.addInitScript(() => {
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (data) {
            const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
            if (!bytes || !new TextDecoder().decode(bytes).includes("status")) return send.call(this, data);
            const copy = bytes.slice(); // the SDK reuses its buffer for the next message
            setTimeout(() => send.call(this, copy), 1000);
          };
        }),
    });
    // From the moment "break" is checked, count every 5 ms whether it is still checked, until the
    // list of people shows the server's word (the patch with my break in it): after that no
    // patch can say otherwise. `sampled` resolves with the count when the sampler stops.
    await page.evaluate(() => {
      const w = window as unknown as { sampled?: Promise<number> };
      const input = document.querySelector<HTMLInputElement>("#status-break");
      w.sampled = new Promise((resolve) =>
        input?.addEventListener(
          "change",
          () => {
            let flips = 0;
            const watch = setInterval(() => {
              if (!input.checked) flips += 1;
              const confirmed = [...document.querySelectorAll(".participant.me .participant-state")].some((el) => el.textContent?.includes("休憩中"));
              if (!confirmed) return;
              clearInterval(watch);
              resolve(flips);
            }, 5);
          },
          { once: true },
        ),
      );
    });
    await page.locator("#status-break").check();
    await page.getByRole("button", { name: "てをあげる" }).click();
    await expect.poll(() => page.locator(".lower-hand").isVisible()).toBe(true); // the hand's patch has arrived
    await expect.poll(() => page.locator(".participant.me .participant-state").allInnerTexts(), { timeout: 5000 }).toEqual([expect.stringContaining("休憩中")]);
    expect(await page.evaluate(() => (window as unknown as { sampled: Promise<number> }).sampled)).toBe(0);
    expect(await page.locator("#status-break").isChecked()).toBe(true);
    await page.context().close();
  });
});

describe("furigana", () => {
  it("should give every kanji the page itself writes a reading, wherever it appears", async () => {
    const { context, page } = await enterAs("ふりがな");
    await page.getByRole("button", { name: "せってい" }).click();
    const settings = page.getByRole("dialog", { name: "せってい" });
    await settings.getByRole("checkbox", { name: "ふりがなを つける" }).check();
    await settings.getByRole("button", { name: "とじる" }).click();

    // Walk to the classroom (notices name it), and take a break (the list shows it).
    await page.locator('button.go-to[data-zone="classroom"]').click();
    await expect.poll(() => notices(page), { timeout: 20_000 }).toContain("教室きょうしつに つきました");
    await page.locator("#status-break").check();
    await expect.poll(() => page.locator(".participant.me .participant-state rt").allInnerTexts()).toEqual(["きゅうけいちゅう"]);
    await page.screenshot({ path: path.join(SHOTS, "calm-furigana-ja.png") });

    // Every visible kanji outside people's own words (names, chat) sits in a <ruby> with a reading.
    const bare = await page.evaluate(() => {
      const PEOPLES_WORDS = ".participant-name, .chat-line, .board-title, .queue-name";
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !/\p{Script=Han}/u.test(node.textContent ?? "")) continue;
        if (el.closest("ruby") || el.closest(PEOPLES_WORDS) || !el.checkVisibility()) continue;
        found.push(node.textContent ?? "");
      }
      return found;
    });
    expect(bare).toEqual([]);
    await context.close();
  });
});
