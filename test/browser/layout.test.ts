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
