import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpaceRoom } from "../support/clients.ts";
import { student } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The chat log keeps the newest line in view as lines come: on the counsellor's page (its side
 * column is long, with the console above the chat) and on a child's. A log that grew without
 * end under the message box left a counsellor reading the two oldest lines of the day.
 */
const stage = useStage();
let children: SpaceRoom[] = [];
beforeAll(async () => {
  children = await Promise.all(["あお", "きい", "みど", "もも", "しろ"].map(async (name) => (await student(stage.server, stage.org.id, `こ${name}`)).join()));
});

let said = 0;
/** Lines from the children, one after another (each child's chat allows five at once). */
function say(count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) {
    said += 1;
    text = `ぎょう ${said}`;
    children[said % children.length]?.send("chat", { channel: "space", text });
  }
  return text;
}

/** Where a line of the log is, as the person sees it: inside the log's box, above the message box, and the thing on top there. */
function whereIs(page: Page, text: string) {
  return page.evaluate((text) => {
    const log = document.getElementById("chat-log");
    const form = document.querySelector(".chat-form");
    const line = [...document.querySelectorAll("#chat-log .chat-line")].find((li) => li.querySelector(".chat-text")?.textContent === text);
    if (!log || !form || !line) return null;
    const r = line.getBoundingClientRect();
    const box = log.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      inLog: r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
      aboveForm: r.bottom <= form.getBoundingClientRect().top + 1,
      inWindow: r.top >= 0 && r.bottom <= window.innerHeight,
      seen: hit !== null && line.contains(hit),
      // The log has a height of its own and scrolls, rather than growing the column.
      scrolls: log.scrollHeight > log.clientHeight,
      scrollTop: log.scrollTop,
      logHeight: box.height,
    };
  }, text);
}

const arrived = (page: Page, text: string) => page.locator("#chat-log .chat-text", { hasText: new RegExp(`^${text}$`) }).waitFor({ state: "attached" });
const IN_VIEW = { inLog: true, aboveForm: true, inWindow: true, seen: true, scrolls: true };

describe("the chat log", () => {
  it("should keep the newest line in view on the counsellor's page, unless they scrolled up to read", async () => {
    const teacher = await stage.teacher("nakano", "なかの先生");
    await arrived(teacher, say(19));
    const newest = say(1);
    await arrived(teacher, newest);
    expect(await whereIs(teacher, newest)).toMatchObject(IN_VIEW);
    await teacher.screenshot({ path: path.join(SHOTS, "chat-log-staff.png") });

    // Scrolled up to read an earlier line: a new one does not pull the log away from it.
    await teacher.locator("#chat-log").evaluate((log) => log.scrollTo({ top: 0 }));
    const whileReading = say(1);
    await arrived(teacher, whileReading);
    const reading = await whereIs(teacher, whileReading);
    expect(reading?.scrollTop).toBe(0);
    expect(reading?.seen).toBe(false);
    expect(await whereIs(teacher, "ぎょう 1")).toMatchObject({ inLog: true, seen: true });

    // Back at the bottom: the newest line shows again as it comes.
    await teacher.locator("#chat-log").evaluate((log) => log.scrollTo({ top: log.scrollHeight }));
    const back = say(1);
    await arrived(teacher, back);
    expect(await whereIs(teacher, back)).toMatchObject(IN_VIEW);
    await teacher.context().close();
  }, 60_000);

  it("should show a child several lines, the newest in view, without taking the 3D view's room (1280×800)", async () => {
    const page = await stage.student("よむこ");
    await page.evaluate(() => document.getElementById("chat-input")?.focus()); // where a child who chats is
    const newest = say(5);
    await arrived(page, newest);
    const where = await whereIs(page, newest);
    expect(where).toMatchObject({ inLog: true, aboveForm: true, inWindow: true, seen: true });
    // Room for a few lines of talk, not two; the 3D view keeps its size.
    expect(where?.logHeight ?? 0).toBeGreaterThanOrEqual(150);
    const canvas = await page.locator("#space-view").boundingBox();
    expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(900);
    expect(canvas?.height ?? 0).toBeGreaterThanOrEqual(600);
    await page.screenshot({ path: path.join(SHOTS, "chat-log-student.png") });
    await page.context().close();
  }, 60_000);
});
