import { describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { useStage } from "./stage.ts";

/**
 * A counsellor's page reloaded in the space (a stray F5, a tablet reloading a background tab).
 * A newcomer's trial found them on the staff home, offered to "open the space" as if it were
 * closed, while the children had been told no supporter was here. Now the page goes straight
 * back in, and the children hear that a supporter is back; a space closed is not reopened by a
 * reload (client/staff/inSpace.ts).
 */
const st = staffTranslator("ja");
const stage = useStage({ open: false });

describe("a counsellor's page reloaded in the space", () => {
  it("should go back into the space by itself, and not reopen a space that was closed", async () => {
    const page = await stage.teacher("reload", "もり先生");
    await expect.poll(() => stage.server.services.registry.isOpen(stage.org.id)).toBe(true);
    const kid: SpaceRoom = await (await student(stage.server, stage.org.id, "はる")).join();
    const told = collect<{ code: string }>(kid, "notice");

    await page.reload();
    await page.locator(".console").waitFor({ timeout: 30_000 });
    await until(() => told.some((n) => n.code === "supporter_back"), "はる hears a supporter is back");
    expect(told.map((n) => n.code)).toEqual(["supporter_away", "supporter_back"]);
    expect(kid.connection.isOpen).toBe(true);

    // Closed on purpose: a reload now shows the staff home, and the space stays closed.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: st("closeSpace") }).click();
    await page.getByRole("button", { name: st("backToStaffPage") }).waitFor();
    await page.reload();
    const open = page.getByRole("button", { name: st("openSpace") });
    await open.waitFor();
    // Going back in would have begun as the home appeared (the same task): its button busy.
    expect(await open.isEnabled()).toBe(true);
    expect(await page.locator(".console").count()).toBe(0);
    expect(await stage.server.services.registry.isOpen(stage.org.id)).toBe(false);
    await page.context().close();
  });
});
