import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SpaceRoom } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A hurtful line taken down by staff, in real Chromium: from the 🗑 beside it on the
 * counsellor's page (asked first), gone from the child's page it hurt, and from what a child
 * coming in later reads.
 */
const stage = useStage();

describe("a hurtful line", () => {
  it("should be taken down by a counsellor from beside it, on every page and for a child coming in later", async () => {
    const counsellor = await stage.teacher("takedown", "やまだ先生");
    const aoi = await stage.student("あおい");
    const unkind: SpaceRoom = await (await student(stage.server, stage.org.id, "いじわる")).join();
    const kind: SpaceRoom = await (await student(stage.server, stage.org.id, "やさしい")).join();
    unkind.send("chat", { channel: "space", text: "だれも あおいが すきじゃない" });
    const lineOn = (page: typeof aoi) => page.locator("#chat-log .chat-line", { hasText: "いじわる" });
    await lineOn(aoi).waitFor();
    await lineOn(counsellor).waitFor();
    // Another child's line just after: its bubble stays while the other's goes.
    kind.send("chat", { channel: "space", text: "あおい、いっしょに あそぼう" });
    const bubbles = () => aoi.evaluate(() => (window as unknown as { hidamari: { inspect(): { floating: { bubbles: number } } } }).hidamari.inspect().floating.bubbles);
    await expect.poll(bubbles).toBe(2);

    // The counsellor is asked first, with the line's words; a child has no such button.
    expect(await lineOn(aoi).getByRole("button", { name: /けす/ }).count()).toBe(0);
    const asked: string[] = [];
    counsellor.on("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await lineOn(counsellor).getByRole("button", { name: "いじわるさんの メッセージを けす" }).click();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("だれも あおいが すきじゃない");

    // Gone from both pages, a note in its place; nothing left to report or pin.
    for (const page of [aoi, counsellor]) {
      await expect.poll(() => lineOn(page).locator(".chat-text").textContent()).toBe("（この メッセージは サポーターが けしました）");
      expect(await lineOn(page).getByRole("button").count()).toBe(0);
      expect(await page.locator("#chat-log").textContent()).not.toContain("すきじゃない");
    }
    // Its bubble over the child who said it goes too (the other child's stays).
    await expect.poll(bubbles).toBe(1);
    await aoi.screenshot({ path: path.join(SHOTS, "line-taken-down-ja.png") });
    await lineOn(counsellor).scrollIntoViewIfNeeded();
    await counsellor.locator("#chat-log").screenshot({ path: path.join(SHOTS, "line-taken-down-log-ja.png") });

    // A child coming in later never reads it.
    const later = await stage.student("あとから");
    await later.locator("#chat-log").waitFor();
    expect(await later.locator("#chat-log").textContent()).not.toContain("すきじゃない");
    await Promise.all([counsellor, aoi, later].map((page) => page.context().close()));
    await Promise.all([unkind.leave(), kind.leave()]);
  });
});
