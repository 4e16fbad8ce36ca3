import { describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { translator } from "../../client/i18n/index.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { recordNotices } from "./events.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A counsellor's page reloaded in the space (a stray F5, a tablet reloading a background tab).
 * A newcomer's trial found them on the staff home, offered to "open the space" as if it were
 * closed, while the children had been told no supporter was here. Now the page goes straight
 * back in, and the children hear that a supporter is back; a space closed is not reopened by a
 * reload (client/staff/inSpace.ts).
 */
const st = staffTranslator("ja");
const t = translator("ja");
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

  it("should let a counsellor move into another tab quietly: the first tab says so and stays out on a reload, and nobody hears them leave", async () => {
    const first = await stage.teacher("twotabs", "やま先生");
    const child = await stage.student("みてる");
    // Everything the child's notices say from here (a polite live region: what a screen reader hears).
    const childHeard = await recordNotices(child);

    // The same counsellor opens the staff page in a second tab from the space, to register a
    // student: there, the registry comes first (the focus in its nickname field), and the page
    // says the space is open in the other tab; going in is offered, not the primary button.
    const [second] = await Promise.all([first.context().waitForEvent("page"), first.getByRole("link", { name: st("studentsInNewTab") }).click()]);
    await second.getByText(st("spaceInOtherTab")).waitFor();
    await expect.poll(() => second.evaluate(() => document.activeElement?.id)).toBe("student-nickname");
    // Said once: the address no longer carries it, so a later reload of this tab is the ordinary home.
    expect(new URL(second.url()).hash).toBe("");
    const goIn = second.getByRole("button", { name: st("openSpaceHere") });
    expect(await goIn.getAttribute("class")).not.toContain("primary");
    expect(await second.getByRole("button", { name: st("openSpace"), exact: true }).count()).toBe(0);
    await second.screenshot({ path: `${SHOTS}/staff-registry-tab-ja.png` });
    // And goes into the space there after all.
    await goIn.click();
    await second.locator(".console").waitFor();
    // The first tab says where they are now, not "the connection was lost, reload".
    await expect.poll(() => first.locator(".console-ended").textContent(), { timeout: 15_000 }).toBe(st("consoleReplaced"));
    // And a reload there does not take the seat back (the two tabs put each other out in turn).
    await first.reload();
    await first.getByRole("button", { name: st("openSpace") }).waitFor();
    expect(await first.locator(".console").count()).toBe(0);
    expect(await second.locator(".console-ended-box").isHidden()).toBe(true);

    // The child saw one やま先生 all along: no "arrived", no "left".
    const people = child.getByRole("list", { name: "いる ひと" });
    await expect.poll(async () => ((await people.textContent()) ?? "").split("やま先生").length - 1).toBe(1);
    const said = await childHeard();
    expect(said).not.toContain(t("arrived", { name: "やま先生" }));
    expect(said).not.toContain(t("leftSpace", { name: "やま先生" }));
    await child.context().close();
    await first.context().close();
  });
});
