import { beforeAll, describe, expect, it } from "vitest";
import { staffMember } from "../support/people.ts";
import { type SpaceRoom, until } from "../support/clients.ts";
import { recordNotices } from "./events.ts";
import { useStage } from "./stage.ts";

/** A tablet that loses its connection for a few seconds comes back by itself, as the same avatar. */
const stage = useStage({ open: false });
let host: SpaceRoom;
beforeAll(async () => {
  host = await (await staffMember(stage.server, stage.org.id)).join();
});

describe("a dropped connection in the browser", () => {
  it("should say it is reconnecting, come back by itself as the same avatar, and show what was said meanwhile", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "でんぱ" });
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${stage.server.url}/?lang=en`);
    await page.getByRole("textbox", { name: "Access code" }).fill(code);
    await page.getByRole("button", { name: "Enter" }).click();
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    const joinedBy = await page.evaluate(() => Date.now());
    await expect.poll(() => host.state.avatars.size).toBe(2);
    const sessionId = [...host.state.avatars.entries()].find(([, a]) => a.nickname === "でんぱ")?.[0];
    // The SDK only reconnects rooms that have been up a few seconds (its minUptime, 5 s, against
    // the page's Date.now()): wait for that, on that clock. Not a grace period: a precondition.
    await page.waitForFunction((t) => Date.now() - t > 5000, joinedBy, { polling: 100, timeout: 15_000 });

    // Each time the words are put in the notices (a polite live region), a screen reader says them.
    const told = await recordNotices(page);
    const tries: unknown[] = [];
    page.on("websocket", (socket) => tries.push(socket));

    // The link goes down: Chromium's offline emulation breaks the open socket, as a tunnel does.
    await context.setOffline(true);
    await expect.poll(() => page.getByText("Reconnecting…").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The page tries again and again while it is down; it says so once, not at every try.
    await expect.poll(() => tries.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => host.state.avatars.get(sessionId ?? "")?.away).toBe(true);
    // Said while the page is away: the host's own line comes back to them once the server has it.
    const said = () => (host.received?.chat ?? []).some((line) => (line as { text?: string }).text === "while you were away");
    expect(said()).toBe(false);
    host.send("chat", { channel: "space", text: "while you were away" });
    await until(said, "the host's line, handled by the server");
    await context.setOffline(false);

    await expect.poll(() => page.getByText("Connected again").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await told()).toEqual(["Reconnecting…", "Connected again"]);
    // A drop it came back from is not the end: no panel saying the page stopped (ended.test.ts), the space still there.
    expect(await page.locator(".ended").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Help", exact: true }).isVisible()).toBe(true);
    expect(host.state.avatars.size).toBe(2); // the same avatar, no duplicate
    await expect.poll(() => host.state.avatars.get(sessionId ?? "")?.away).toBe(false);
    await expect.poll(() => page.getByRole("log", { name: "Chat" }).textContent()).toContain("while you were away");
  }, 60_000);
});
