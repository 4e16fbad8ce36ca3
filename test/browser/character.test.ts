import fs from "node:fs";
import type { Page } from "playwright-core";
import { PerspectiveCamera, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import { type SpaceRoom, until } from "../support/clients.ts";
import { sampleLook } from "../../shared/domain/avatar.ts";
import { student } from "../support/people.ts";
import { walkTo } from "../support/walking.ts";
import { FAR_METRES } from "../../client/scene/crowd.ts";
import { frameDrawn } from "./events.ts";
import { type Box, changes, stillPicture } from "./pixels.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Issue 17: a child chooses a look on the door and another child sees that look; a reaction, a
 * raised hand and a break show on the face and body; sitting at a desk seats the figure. Read
 * from the other child's page (what its figures are drawn with), screenshots saved to look at.
 */
const stage = useStage();

type Figure = { look: string; face: string; gesture: string; sitting: false | "chair" | "cushion"; walking: number };
const figures = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { figures: Record<string, Figure> | null } } }).hidamari.inspect().figures ?? {});
const myId = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { myId: string } } }).hidamari.inspect().myId);

/** Five children of five looks over sockets, standing around where newcomers appear, all seen by the server. */
async function fiveOthers(prefix: string) {
  const others = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await student(stage.server, stage.org.id, `${prefix}${n}`)).join({ look: sampleLook(n * 7) })));
  await expect.poll(() => others.every((room) => others[0]?.state.avatars.has(room.sessionId)), { timeout: 10_000 }).toBe(true);
  return others;
}

/** How many pixels differ between two pictures of the same size in each box. */
async function changedPixels(a: Buffer, b: Buffer, boxes: Box[]): Promise<number[]> {
  return (await changes(await stage.page(), a, b, boxes)).map((change) => change.pixels);
}

/** Where a point of the floor plan, `y` metres up, is on the page's canvas, as client/scene/camera.ts looks (from behind and above). */
async function screenOf(page: Page, from: { x: number; z: number }): Promise<(at: { x: number; z: number }, y: number) => { x: number; y: number }> {
  const box = await page.locator("canvas").first().boundingBox();
  const camera = new PerspectiveCamera(45, (box?.width ?? 1) / (box?.height ?? 1), 0.1, 200);
  camera.position.set(from.x, 10.5, from.z);
  camera.lookAt(from.x, 0.8, from.z - 11);
  camera.updateMatrixWorld();
  return (at, y) => {
    const p = new Vector3(at.x, y, at.z).project(camera);
    return { x: Math.round(((p.x + 1) / 2) * (box?.width ?? 0)), y: Math.round(((1 - p.y) / 2) * (box?.height ?? 0)) };
  };
}

type Facts = { myId: string; drawn: Record<string, { x: number; z: number }>; camera: { x: number; z: number } };
/** Where the page draws each person, and where its camera is. */
const facts = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): Facts } }).hidamari.inspect());

/** A child's page that holds still for pictures: reduced motion, and names hidden (a tag would change the picture where its child stands). */
async function stillPage(nickname: string, watch?: (page: Page) => unknown): Promise<Page> {
  const page = await stage.student(nickname, { context: { reducedMotion: "reduce" }, ...(watch ? { watch } : {}) });
  await page.getByRole("button", { name: "せってい" }).click();
  const settings = page.getByRole("dialog", { name: "せってい" });
  await settings.getByRole("checkbox", { name: "なまえを かくす" }).setChecked(true);
  await settings.getByRole("button", { name: "とじる" }).click();
  return page;
}

/** A child over a socket, `from` the page's own child, turned to its camera (heading π: south), once the page draws her there. */
async function facingTheCamera(page: Page, nickname: string, look: number, from: { x: number; z: number }): Promise<SpaceRoom> {
  const me = (await facts(page)).drawn[await myId(page)] ?? { x: 0, z: 0 };
  const spot = { x: me.x + from.x, z: me.z + from.z };
  const room = await (await student(stage.server, stage.org.id, nickname)).join({ look: sampleLook(look) });
  await walkTo(stage.server, room, spot);
  room.send("move", { ...spot, heading: Math.PI, vx: 0, vz: 0 });
  await expect.poll(async () => Math.abs(((await facts(page)).drawn[room.sessionId] ?? { z: 0 }).z - spot.z)).toBeLessThan(0.05);
  return room;
}

describe("a child's character", () => {
  it("should carry the look chosen on the door to another child's screen, and show reactions, a raised hand and a break on it", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "あおい" });
    const aoi = await stage.page();
    await aoi.goto(stage.server.url);
    // The choices open from beside the preview (folded, so Enter stays on screen); the preview draws the look.
    await aoi.getByText("すがたを えらぶ").click();
    await expect.poll(() => aoi.getByRole("group", { name: "かみがた" }).isVisible()).toBe(true);
    for (const label of ["ポニーテール", "きんいろ", "セーラーふく", "こん", "はだの いろ 4", "リボン"]) await aoi.getByLabel(label, { exact: true }).check();
    await expect.poll(() => aoi.locator(".look-preview canvas").count()).toBe(1);
    await aoi.locator(".look").screenshot({ path: `${SHOTS}/character-door-ja.png` });
    await aoi.getByRole("textbox", { name: "あいことば" }).fill(code);
    await aoi.getByRole("button", { name: "はいる", exact: true }).click();
    await aoi.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
    await aoi.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    const aoiId = await myId(aoi);

    const ren = await stage.student("れん");
    const aoiOnRen = async () => (await figures(ren))[aoiId];
    await expect.poll(async () => (await aoiOnRen())?.look, { timeout: 20_000 }).toBe("ponytail/gold/sailor/navy/4/ribbon");
    expect(await aoiOnRen()).toMatchObject({ face: "calm", gesture: "none", sitting: false });

    // Walking: my own figure's steps on my own page (placed by the page, not by the server's news), and on the other's.
    await aoi.locator("#space-view").focus();
    await aoi.keyboard.down("ArrowLeft");
    await expect.poll(async () => (await figures(aoi))[aoiId]?.walking ?? 0, { timeout: 5000 }).toBeGreaterThan(0.3);
    await expect.poll(async () => (await aoiOnRen())?.walking ?? 0, { timeout: 5000 }).toBeGreaterThan(0.3);
    await aoi.keyboard.up("ArrowLeft");
    await expect.poll(async () => (await figures(aoi))[aoiId]?.walking, { timeout: 5000 }).toBe(0);

    // A wave: a smile and a waving arm for a while, then calm again.
    await aoi.getByRole("button", { name: "てをふる" }).click();
    await expect.poll(async () => (await aoiOnRen())?.gesture).toBe("wave");
    expect((await aoiOnRen())?.face).toBe("happy");
    await ren.screenshot({ path: `${SHOTS}/character-wave-ja.png` });
    await expect.poll(async () => (await aoiOnRen())?.gesture, { timeout: 8000 }).toBe("none");
    expect((await aoiOnRen())?.face).toBe("calm");

    // A raised hand stays up for as long as it is up.
    await aoi.getByRole("button", { name: "てをあげる" }).click();
    await expect.poll(async () => (await aoiOnRen())?.gesture).toBe("handUp");
    await aoi.waitForTimeout(3500);
    expect((await aoiOnRen())?.gesture).toBe("handUp");
    await aoi.getByRole("button", { name: "てを おろす" }).click();
    await expect.poll(async () => (await aoiOnRen())?.gesture).toBe("none");

    // 休憩中: a sleepy face.
    await aoi.getByRole("radio", { name: "休憩中" }).check();
    await expect.poll(async () => (await aoiOnRen())?.face).toBe("sleepy");
  });

  it("should offer the look's choices in English with ?lang=en, skin tones named for screen readers, and remember the look for the next visit", async () => {
    const page = await stage.page({ lang: "en" });
    await page.goto(`${stage.server.url}/?lang=en`);
    await page.getByText("Choose your look").click();
    await page.getByRole("group", { name: "Hair style" }).getByLabel("Twin tails", { exact: true }).check();
    await page.getByRole("group", { name: "Skin tone" }).getByLabel("Skin tone 5", { exact: true }).check();
    await expect.poll(() => page.locator(".look-preview canvas").count()).toBe(1);
    await page.locator(".look").screenshot({ path: `${SHOTS}/character-door-en.png` });
    // Entering remembers the look; the next visit's door shows it, its choices folded.
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "Kai" });
    await page.getByRole("textbox", { name: "Access code" }).fill(code);
    await page.getByRole("button", { name: "Enter", exact: true }).click();
    await page.getByRole("dialog", { name: "Welcome" }).getByRole("button", { name: "Skip" }).click();
    await page.goto(`${stage.server.url}/?lang=en`);
    await expect.poll(() => page.locator("details.look-choices").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.getByLabel("Twin tails", { exact: true }).isChecked()).toBe(true);
    await page.context().close();
  });

  it("should seat a child's figure at a classroom desk, for everyone", async () => {
    const sora = await stage.student("そら");
    const mio = await (await student(stage.server, stage.org.id, "みお")).join();
    await walkTo(stage.server, mio, { x: -2, z: -6 });
    mio.send("sit", {});
    await until(() => (mio.state.avatars.get(mio.sessionId)?.seat ?? 0) > 0, "mio is seated");
    await expect.poll(async () => (await figures(sora))[mio.sessionId]?.sitting, { timeout: 10_000 }).toBe("chair");
    await mio.leave();
  });

  it("should let a child rest on a floor cushion of the quiet corner from its panel, sitting low on it for everyone, and stand up again", async () => {
    const hana = await stage.student("はな");
    const sora = await stage.student("そら");
    const hanaId = await myId(hana);
    await hana.locator('button.go-to[data-zone="quiet"]').click();
    const panel = hana.getByRole("region", { name: "📚 じしゅう" });
    await panel.getByRole("button", { name: "🟠 クッションで ひとやすみ" }).click();
    // Her page and another child's draw her sitting on the cushion (low, legs out: program.ts).
    await expect.poll(async () => (await figures(hana))[hanaId]?.sitting, { timeout: 10_000 }).toBe("cushion");
    await expect.poll(async () => (await figures(sora))[hanaId]?.sitting, { timeout: 10_000 }).toBe("cushion");
    await frameDrawn(hana);
    await hana.screenshot({ path: `${SHOTS}/cushion-ja.png` });
    // On the cushion the same button stands her up.
    await panel.getByRole("button", { name: "クッションから たつ" }).click();
    await expect.poll(async () => (await figures(sora))[hanaId]?.sitting, { timeout: 10_000 }).toBe(false);
    await expect.poll(() => panel.getByRole("button", { name: "🟠 クッションで ひとやすみ" }).isVisible()).toBe(true);
    await hana.context().close();
    await sora.context().close();
  });

  it("should draw everyone the same where the browser cannot draw the parts in one call (no WEBGL_multi_draw)", async () => {
    // Some tablets' browsers lack the extension: the page then draws the parts one by one (drawParts.ts).
    const WITHOUT_MULTI_DRAW = `(() => {
      const proto = WebGL2RenderingContext.prototype;
      const get = proto.getExtension;
      const list = proto.getSupportedExtensions;
      proto.getExtension = function (name) { return name === "WEBGL_multi_draw" ? null : get.call(this, name); };
      proto.getSupportedExtensions = function () { return list.call(this).filter((n) => n !== "WEBGL_multi_draw"); };
      const draw = proto.drawElementsInstanced;
      globalThis.__instancedDraws = 0;
      proto.drawElementsInstanced = function (...a) { globalThis.__instancedDraws++; return draw.apply(this, a); };
    })();`;
    // Five others of five looks stand still around where newcomers appear.
    const others = await fiveOthers("ほか");
    const present = others[0]?.state.avatars.size;
    // The same child's view twice (same name, same look, the same free spot): drawn in one call, then part by part.
    const view = async (script?: string) => {
      const page = await stage.student("みお", { context: { reducedMotion: "reduce" }, watch: (p) => script && p.addInitScript(script) });
      const picture = await stillPicture(page);
      const draws = await page.evaluate(() => (globalThis as unknown as { __instancedDraws?: number }).__instancedDraws ?? 0);
      await page.close();
      await expect.poll(() => others[0]?.state.avatars.size, { timeout: 10_000 }).toBe(present);
      return { picture, draws };
    };
    const inOne = await view();
    const partByPart = await view(WITHOUT_MULTI_DRAW);
    expect(partByPart.draws).toBeGreaterThan(10);
    fs.writeFileSync(`${SHOTS}/character-part-by-part.png`, partByPart.picture);
    // Compared pixel by pixel: the clock's hands may have moved, nobody else may.
    // A PNG's size is in its header.
    const [width, height] = [inOne.picture.readUInt32BE(16), inOne.picture.readUInt32BE(20)];
    const [changed] = await changedPixels(inOne.picture, partByPart.picture, [{ x: 0, y: 0, width, height }]);
    const differing = (changed ?? 0) / (width * height);
    expect(differing).toBeLessThan(0.002);
    for (const room of others) await room.leave();
  });

  it("should draw each child where they stand: their place on screen changes when they leave", async () => {
    const others = await fiveOthers("また");
    const page = await stillPage("りく");
    await expect.poll(async () => Object.keys((await facts(page)).drawn).length >= 7, { timeout: 10_000 }).toBe(true);
    const withThem = await stillPicture(page);
    const before = await facts(page);
    const onScreen = await screenOf(page, before.camera);
    const spots = others.map((room) => onScreen(before.drawn[room.sessionId] ?? { x: 0, z: 0 }, 0.55));
    for (const room of others) await room.leave();
    await expect.poll(async () => Object.keys((await facts(page)).drawn).length, { timeout: 10_000 }).toBe(Object.keys(before.drawn).length - 5);
    const withoutThem = await stillPicture(page);
    // A few pixels around each spot: one of them covered by the child's figure is enough.
    const changed = await changedPixels(withThem, withoutThem, spots.map(({ x, y }) => ({ x: x - 3, y: y - 3, width: 7, height: 7 })));
    fs.writeFileSync(`${SHOTS}/character-each-drawn.png`, withThem);
    expect(changed.map((n) => n > 10), JSON.stringify({ spots, changed })).toEqual([true, true, true, true, true]);
  });

  it("should leave out a child the camera cannot see, and draw her again as she walks into view", async () => {
    // Software WebGL (a school laptop without a GPU) runs every figure's vertex program, on screen
    // or not; the page draws only those its camera sees (client/scene/crowd.ts).
    const page = await stillPage("まえ");
    const inView = async () => (await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { figuresInView: number } } }).hidamari.inspect().figuresInView));
    const me = (await facts(page)).drawn[await myId(page)] ?? { x: 0, z: 0 };
    const kage = await (await student(stage.server, stage.org.id, "かげ")).join({ look: sampleLook(9) });
    // She appears where newcomers do, in front of me: everyone is drawn.
    await expect.poll(async () => kage.sessionId in (await facts(page)).drawn, { timeout: 10_000 }).toBe(true);
    const all = Object.keys((await facts(page)).drawn).length;
    await expect.poll(inView, { timeout: 10_000 }).toBe(all);
    // Behind my camera (it stands 11 m south of me, looking north), by the talk area's south wall.
    const behind = { x: me.x, z: Math.min(11.4, me.z + 11.5) };
    await walkTo(stage.server, kage, behind);
    await expect.poll(async () => Math.abs(((await facts(page)).drawn[kage.sessionId] ?? { z: 0 }).z - behind.z)).toBeLessThan(0.05);
    await expect.poll(inView, { timeout: 10_000 }).toBe(all - 1);
    // Back in front of me: drawn again.
    await walkTo(stage.server, kage, { x: me.x + 1.5, z: me.z - 2 });
    await expect.poll(inView, { timeout: 10_000 }).toBe(all);
    await kage.leave();
  });

  it("should show the face of a child standing beyond the one who watches, drawn with the far mesh: a break's resting eyes change it", async () => {
    // Regression: the far mesh had no mouth, no resting or smiling eyes and no "?", and the follow
    // camera stands 11 m behind the child (crowd.ts FAR_METRES): everyone north of them was faceless.
    const page = await stillPage("みる");
    // かお stands 4.5 m north of me, turned to my camera.
    const kao = await facingTheCamera(page, "かお", 3, { x: 0, z: -4.5 });
    const { camera, drawn } = await facts(page);
    const at = drawn[kao.sessionId] ?? { x: 0, z: 0 };
    // She is drawn far: beyond FAR_METRES from the camera along the floor.
    expect(Math.hypot(at.x - camera.x, at.z - camera.z)).toBeGreaterThan(FAR_METRES);

    const calm = await stillPicture(page);
    kao.send("status", { status: "break" });
    await expect.poll(async () => (await figures(page))[kao.sessionId]?.face, { timeout: 10_000 }).toBe("sleepy");
    const resting = await stillPicture(page);
    fs.writeFileSync(`${SHOTS}/character-far-face-calm.png`, calm);
    fs.writeFileSync(`${SHOTS}/character-far-face-resting.png`, resting);
    // Her face: the front of her head (0.3 m round, 1.02 m up), turned to the camera.
    const face = (await screenOf(page, camera))({ x: at.x, z: at.z + 0.3 }, 1.0);
    const [changed] = await changedPixels(calm, resting, [{ x: face.x - 8, y: face.y - 8, width: 17, height: 17 }]);
    expect(changed, JSON.stringify({ face })).toBeGreaterThan(3);
    await kao.leave();
  });

  it("should hold a wave and a nod still with reduced motion: the gesture shows, nothing swings", async () => {
    // Regression: the arm swung and the head nodded as long as a reaction lasted (the page draws
    // then), whatever the child's setting said; the bob of each step stayed too.
    // The page's clock is the test's (Playwright's clock): paused, a reaction's 3 s last however
    // slow a picture is on a busy machine, and each picture is drawn at a page time the test sets.
    const page = await stillPage("しずか", (p) => p.clock.install());
    const friend = await facingTheCamera(page, "ともだち", 5, { x: 1.5, z: -2 });
    const { camera, drawn } = await facts(page);
    const middle = (await screenOf(page, camera))(drawn[friend.sessionId] ?? { x: 0, z: 0 }, 1.0);
    const around = { x: middle.x - 40, y: middle.y - 50, width: 80, height: 90 };
    const canvas = page.locator("canvas").first();

    for (const [emote, gesture] of [["wave", "wave"], ["thumbs_up", "nod"]] as const) {
      // Still first (her turn to the camera eased in over a few frames: the suite once caught it
      // mid-turn), then paused.
      await stillPicture(page);
      await page.clock.pauseAt(Date.now() + 1000);
      friend.send("emote", { emote });
      await expect.poll(async () => (await figures(page))[friend.sessionId]?.gesture).toBe(gesture);
      // Three pictures, a quarter of a second of the page's time apart (frames drawn for each:
      // a reaction keeps the page drawing), all within the reaction's 3 s.
      await page.clock.runFor(500); // the gesture's first frames
      const shots: Buffer[] = [];
      for (let i = 0; i < 3; i++) {
        await page.clock.runFor(250);
        shots.push(await canvas.screenshot());
      }
      expect((await figures(page))[friend.sessionId]?.gesture).toBe(gesture);
      fs.writeFileSync(`${SHOTS}/character-${gesture}-still.png`, shots[0] ?? Buffer.alloc(0));
      const changes = await Promise.all(shots.slice(1).map(async (shot) => (await changedPixels(shots[0] ?? shot, shot, [around]))[0]));
      expect(changes, `${gesture} at ${JSON.stringify(middle)}`).toEqual([0, 0]);
      await page.clock.resume();
      await expect.poll(async () => (await figures(page))[friend.sessionId]?.gesture).toBe("none");
    }
    await friend.leave();
  });
});
