import path from "node:path";
import { describe, expect, it } from "vitest";
import { staffMember } from "../support/people.ts";
import { SHOTS, inSpace, useStage } from "./stage.ts";

/** The student's door while no supporter is in yet: said once, kindly, and the same Enter works once one comes. */
const stage = useStage({ open: false });

describe("the door before a supporter has come", () => {
  it("should say once that the space is closed and when it opens, then let the child in with the same Enter once a counsellor is there", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "はやおき" });
    const page = await stage.page();
    await page.goto(stage.server.url);
    await page.getByRole("textbox", { name: "あいことば" }).fill(code);
    await page.getByRole("button", { name: "はいる", exact: true }).click();

    const door = page.getByRole("main");
    // Enter is answered once the space's code has come and the join was refused: on a busy machine, seconds.
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 30_000 }).toBe("いまは しまっています。サポーターが きたら あきます。");
    // Once, and calmly: the status line says it (not a red alert), and nothing else on the door repeats it.
    const times = async () => ((await door.innerText()).match(/しまっています/g) ?? []).length;
    expect(await times()).toBe(1);
    expect(await page.getByRole("button", { name: "はいる", exact: true }).isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "door-closed-ja.png") });

    // A counsellor comes in: the same button, pressed again, is the way in.
    const host = await (await staffMember(stage.server, stage.org.id)).join();
    await page.getByRole("button", { name: "はいる", exact: true }).click();
    await page.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
    await inSpace(page);
    await expect.poll(() => host.state.avatars.size, { timeout: 10_000 }).toBe(2);

    // The next visit: the door says at once that it is open, before anything is pressed.
    await page.reload();
    await expect.poll(() => page.locator(".open-state").textContent(), { timeout: 10_000 }).toBe("いま あいています");
    expect(await times()).toBe(0);
    await host.leave();
  });
});
