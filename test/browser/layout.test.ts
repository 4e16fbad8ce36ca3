import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameDrawn } from "./events.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The student's space at the sizes of the devices schools hand out: a Chromebook (1366×768), an
 * iPad on its side (1024×768) and upright (810×1080), touch on the tablets. Nothing may spill
 * sideways, the 3D view keeps a usable size, and the controls a child needs are on the page and
 * at least 44 px tall on touch. Screenshots of each are in test-results/ to look at.
 */
const stage = useStage();

const SIZES = [
  { name: "chromebook", width: 1366, height: 768, touch: false },
  { name: "tablet-landscape", width: 1024, height: 768, touch: true },
  { name: "tablet-portrait", width: 810, height: 1080, touch: true },
] as const;

describe("the space on school devices", () => {
  for (const size of SIZES) {
    it(`should fit a ${size.name} (${size.width}×${size.height})`, async () => {
      const page = await stage.student(size.name.slice(0, 10), { context: { viewport: { width: size.width, height: size.height }, hasTouch: size.touch } });
      // The screenshot shows the space drawn at this size.
      await frameDrawn(page);
      await page.screenshot({ path: path.join(SHOTS, `layout-${size.name}-ja.png`) });

      const layout = await page.evaluate(() => {
        const canvas = document.querySelector("canvas")?.getBoundingClientRect();
        return {
          overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          canvas: canvas ? { width: canvas.width, height: canvas.height } : null,
        };
      });
      expect(layout.overflowX).toBeLessThanOrEqual(0);
      expect(layout.canvas?.width ?? 0).toBeGreaterThanOrEqual(Math.min(600, size.width * 0.7));
      expect(layout.canvas?.height ?? 0).toBeGreaterThanOrEqual(360);

      // What a child needs is on the page, and big enough to touch.
      for (const name of ["たすけて", "おくる", "せってい"]) {
        const control = page.getByRole("button", { name, exact: true });
        await control.scrollIntoViewIfNeeded();
        const box = await control.boundingBox();
        expect(box, name).not.toBeNull();
        if (size.touch) expect(box?.height ?? 0, name).toBeGreaterThanOrEqual(44);
        expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(size.width);
      }
      // Touch screens get the joystick (drawn over the 3D view).
      expect(await page.locator(".joystick").isVisible()).toBe(size.touch);
      await page.context().close();
    });
  }

  // Found in a newcomer's trial: with the largest text on a tablet the side column is twice the
  // screen's height, and 「たすけて」 was below its fold, under the people and the places to go.
  it("should keep 「たすけて」 in sight at the largest text on a 1024×768 tablet, however far the side column is scrolled", async () => {
    const page = await stage.student("おおきい もじ", { context: { viewport: { width: 1024, height: 768 }, hasTouch: true } });
    const settings = page.getByRole("dialog", { name: "せってい" });
    await page.getByRole("button", { name: "せってい" }).click();
    await settings.getByRole("radio", { name: "とても おおきい" }).check();
    await settings.getByRole("button", { name: "とじる" }).click();
    const side = page.locator(".side");
    const help = page.getByRole("button", { name: "たすけて", exact: true });
    for (const to of ["top", "middle", "bottom"] as const) {
      const scrolled = await side.evaluate((column, where) => {
        column.scrollTop = where === "top" ? 0 : where === "middle" ? (column.scrollHeight - column.clientHeight) / 2 : column.scrollHeight;
        return { top: column.scrollTop, tall: column.scrollHeight / column.clientHeight };
      }, to);
      expect(scrolled.tall, "the column is taller than the screen").toBeGreaterThan(1.5);
      // On screen, and what a tap at its middle reaches (not covered by what scrolled under it).
      const tapped = await help.evaluate((button) => {
        const box = button.getBoundingClientRect();
        return { bottom: box.bottom, reaches: document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button };
      });
      expect(tapped.bottom, to).toBeLessThanOrEqual(768);
      expect(tapped.reaches, to).toBe(true);
    }
    await side.evaluate((column) => column.scrollTo(0, column.scrollHeight));
    await page.screenshot({ path: path.join(SHOTS, "layout-larger-text-tablet-scrolled-ja.png") });
    await page.context().close();
  });

  for (const size of SIZES) {
    it(`should show the door's Enter button without scrolling on a ${size.name}`, async () => {
      const page = await stage.page({ context: { viewport: { width: size.width, height: size.height }, hasTouch: size.touch } });
      await page.goto(stage.server.url);
      const enter = await page.getByRole("button", { name: "はいる", exact: true }).boundingBox();
      expect((enter?.y ?? Infinity) + (enter?.height ?? 0)).toBeLessThanOrEqual(size.height);
      await page.context().close();
    });
  }
});
