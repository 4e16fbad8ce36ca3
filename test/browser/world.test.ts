import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Point } from "../../shared/domain/geometry.ts";
import { staffMember } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";
import { walkPage } from "./voiceStage.ts";

/**
 * Issue 17, a lived-in school: each area seen by a child who walks there (screenshots in ja and
 * en, saved to be looked at), the counselling room's door closing for everyone while the room
 * is in use, and the classroom clock telling the time.
 */
const stage = useStage();

type Facts = { world: { loaded: boolean; door: string; clock: string; signs: string[] }; drawCalls: number; framesDrawn: number };
const facts = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): Facts } }).hidamari.inspect());

/** Where to stand to see each area: its middle, clear of furniture. */
const AREAS: Array<[string, Point]> = [
  ["talk", { x: 11, z: -5 }],
  ["classroom", { x: -10, z: -4 }],
  ["quiet", { x: -13, z: 6 }],
  ["counselling", { x: 11, z: 7 }],
];

/** Waits until a frame was drawn after now, so a screenshot shows where the child stands. */
async function settled(page: Page): Promise<void> {
  const before = (await facts(page)).framesDrawn;
  await page.evaluate(() => window.dispatchEvent(new Event("resize")));
  await expect.poll(async () => (await facts(page)).framesDrawn).toBeGreaterThan(before);
}

describe("a lived-in school", () => {
  for (const lang of ["ja", "en"] as const) {
    it(`should let a child walk through every area, its name on the floor, each drawn in at most 12 draw calls (${lang})`, async () => {
      const page = await stage.student(lang === "ja" ? "はな" : "Hana", { lang });
      await expect.poll(async () => (await facts(page)).world.loaded, { timeout: 20_000 }).toBe(true);
      // Each zone's name on its floor, in the page's language; in Japanese with its reading over the kanji.
      expect((await facts(page)).world.signs).toEqual(
        lang === "ja" ? ["教室《きょうしつ》", "おしゃべりひろば", "しずかコーナー", "そうだん室《しつ》"] : ["Classroom", "Talk area", "Quiet corner", "Counselling room"],
      );
      for (const [area, at] of AREAS) {
        await walkPage(page, at);
        await settled(page);
        expect((await facts(page)).drawCalls, area).toBeLessThanOrEqual(12);
        await page.screenshot({ path: `${SHOTS}/world-${area}-${lang}.png` });
      }
      await page.context().close();
    });
  }

  it("should close the counselling room's door while the room is in use, and open it after, for a child outside", async () => {
    const page = await stage.student("ゆい");
    await expect.poll(async () => (await facts(page)).world.loaded, { timeout: 20_000 }).toBe(true);
    expect((await facts(page)).world.door).toBe("open");
    await walkPage(page, { x: 5, z: 7 });
    const counsellor = await (await staffMember(stage.server, stage.org.id)).join();
    counsellor.send("lockCounselling", { locked: true });
    await expect.poll(async () => (await facts(page)).world.door).toBe("closed");
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/world-door-closed-ja.png` });
    // Not only the door in 3D says so: the "go to" button, seen and heard before any walk; pressed,
    // it says what to do instead, and the child stays where they are (they used to walk to the
    // door, to be told "you can't go there" there).
    const closedWay = page.getByRole("button", { name: /^そうだん室\s*へ いく\s*（いまは しまっています）$/ });
    await closedWay.waitFor();
    const before = (await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: Point } } }).hidamari.inspect().me)) as Point;
    await closedWay.click();
    await expect.poll(() => page.locator(".notice").allInnerTexts()).toContain("そうだん室は いま しまっています。サポーターと はなしたい ときは、「サポーターと はなしたい」を おしてね。");
    await page.waitForTimeout(500);
    const after = (await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: Point } } }).hidamari.inspect().me)) as Point;
    expect(after).toEqual(before);
    expect(await page.locator(".notice").allInnerTexts()).not.toContain("そうだん室へ いきます");
    await page.screenshot({ path: `${SHOTS}/go-to-closed-ja.png` });
    // Let in at a knock, a child who steps out again may go back in (the server lets them): for
    // them the room is not closed.
    counsellor.send("invite", { target: (await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { myId: string } } }).hidamari.inspect().myId)) });
    await page.getByRole("dialog").getByRole("button", { name: "はいる" }).click();
    await page.getByRole("button", { name: /^そうだん室\s*へ いく$/ }).waitFor();
    await walkPage(page, { x: 5, z: 7 });
    expect(await closedWay.count()).toBe(0);
    await page.getByRole("button", { name: /^そうだん室\s*へ いく$/ }).click();
    await expect.poll(() => page.locator("#where").textContent(), { timeout: 30_000 }).toContain("そうだん室");
    counsellor.send("lockCounselling", { locked: false });
    await expect.poll(async () => (await facts(page)).world.door).toBe("open");
    await page.getByRole("button", { name: /^そうだん室\s*へ いく$/ }).waitFor();
    await counsellor.leave();
    await page.context().close();
  });

  it("should show the time now on the classroom clock", async () => {
    const page = await stage.student("そうた");
    await expect.poll(async () => (await facts(page)).world.loaded, { timeout: 20_000 }).toBe(true);
    await settled(page);
    // The page's own clock (the hands follow it when a frame is drawn): this minute or the one before.
    const times = await page.evaluate(() => [0, 60_000].map((ago) => {
      const d = new Date(Date.now() - ago);
      return `${d.getHours() % 12 || 12}:${String(d.getMinutes()).padStart(2, "0")}`;
    }));
    expect(times).toContain((await facts(page)).world.clock);
    await page.context().close();
  });
});
