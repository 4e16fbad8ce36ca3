import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ACCESSORY_IDS, COLOUR_IDS } from "../../shared/domain/avatar.ts";
import type { SpaceRoom } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { frameDrawn } from "./events.ts";
import { useStage } from "./stage.ts";

/**
 * Budgets from issue 6, as counts (never timings): the student page's draw calls do not grow
 * with the number of avatars, whatever their looks, and people coming and going leave no WebGL
 * textures or buffers behind (a GPU-side leak would not show in the JS heap).
 */
const stage = useStage();

interface Inspect {
  drawCalls: number;
  avatarsInScene: number;
}
type Live = { textures: number; buffers: number };

/** Counts live WebGL textures and buffers, injected before the page's own code (so outside its CSP). */
const COUNT_GL_OBJECTS = `(() => {
  const live = { textures: 0, buffers: 0 };
  const wrap = (proto, name, key, step) => {
    const original = proto[name];
    proto[name] = function (...args) {
      const result = original.apply(this, args);
      if (step > 0 ? result : args[0]) live[key] += step;
      return result;
    };
  };
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    wrap(proto, "createTexture", "textures", 1);
    wrap(proto, "deleteTexture", "textures", -1);
    wrap(proto, "createBuffer", "buffers", 1);
    wrap(proto, "deleteBuffer", "buffers", -1);
  }
  globalThis.__liveGl = live;
})();`;

const inspect = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): Inspect } }).hidamari.inspect());
const liveGl = (page: Page) => page.evaluate(() => (globalThis as unknown as { __liveGl: Live }).__liveGl);

/** Waits for `avatars` in the scene and a frame drawn with them; returns that frame's draw calls. */
async function settle(page: Page, avatars: number): Promise<number> {
  await expect.poll(async () => (await inspect(page)).avatarsInScene, { timeout: 30_000 }).toBe(avatars);
  // A frame drawn since: its draw calls are the ones counted (a frame left over from before
  // could only make the budget look kept).
  await frameDrawn(page);
  return (await inspect(page)).drawCalls;
}

/** `count` students over real sockets, in every colour and accessory in turn. */
async function arrive(count: number, from: number): Promise<SpaceRoom[]> {
  const rooms: SpaceRoom[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, async (_, j) => {
      const n = from + i + j;
      const person = await student(stage.server, stage.org.id, `こ${n}`);
      const look = { colour: COLOUR_IDS[n % COLOUR_IDS.length], accessory: ACCESSORY_IDS[Math.floor(n / COLOUR_IDS.length) % ACCESSORY_IDS.length] };
      return person.join({ look });
    });
    rooms.push(...(await Promise.all(batch)));
  }
  return rooms;
}

async function setNamesHidden(page: Page, hidden: boolean): Promise<void> {
  await page.getByRole("button", { name: "せってい" }).click();
  const settings = page.getByRole("dialog", { name: "せってい" });
  await settings.getByRole("checkbox", { name: "なまえを かくす" }).setChecked(hidden);
  await settings.getByRole("button", { name: "とじる" }).click();
}

describe("the student page's draw calls", () => {
  it("should stay the same with 0, 10 and 40 others of every look, and free the GPU memory of those who leave", async () => {
    const page = await stage.student("ひかり", { watch: (p) => p.addInitScript({ content: COUNT_GL_OBJECTS }) });

    // Me and the counsellor, then 10 and 40 others: the world, plus one call for all the figures,
    // one for all the shadows (none in low graphics) and one for all the name tags.
    const alone = await settle(page, 2);
    const first = await arrive(10, 0);
    expect(await settle(page, 12)).toBe(alone);
    const more = await arrive(30, 10);
    expect(await settle(page, 42)).toBe(alone);

    // Hiding names takes away exactly the name tags' one call.
    await setNamesHidden(page, true);
    expect(await settle(page, 42)).toBe(alone - 1);
    await setNamesHidden(page, false);
    expect(await settle(page, 42)).toBe(alone);

    // Comings and goings: after a second crowd has come and gone, no texture or buffer is left over.
    await Promise.all([...first, ...more].map((room) => room.leave()));
    expect(await settle(page, 2)).toBe(alone);
    const afterFirstCrowd = await liveGl(page);
    expect(afterFirstCrowd.textures).toBeGreaterThan(0); // the counting works
    const second = await arrive(40, 40);
    expect(await settle(page, 42)).toBe(alone);
    await Promise.all(second.map((room) => room.leave()));
    expect(await settle(page, 2)).toBe(alone);
    expect(await liveGl(page)).toEqual(afterFirstCrowd);
    await page.context().close();
  });
});
