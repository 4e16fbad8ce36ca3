import fs from "node:fs";
import path from "node:path";
import type { Page, Request } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { DECK } from "../../shared/domain/deck.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { describeFindings, scan } from "./axe.ts";
import { tabTo } from "./focus.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A deck on the board in real Chromium (issue 15): the teacher uploads a two-page PDF (drawn
 * into page images by pdf.js in their own page), puts it up and turns the page; two children
 * (one by keyboard only, with the board open full-screen) follow, each fetching one image per
 * page turn; "look here" highlights the board. Screenshots: test-results/deck-*.png.
 */
const st = staffTranslator("ja");
const t = translator("ja");
const stage = useStage({ orgName: "ひがし区 教育支援センター", open: false });
let pdfFile = "";
let longPdf = "";
beforeAll(async () => {
  // A real two-page PDF, printed by Chromium itself: no fixture file, and real text inside.
  const printer = await stage.page();
  await printer.setContent(`<style>body{margin:0}section{height:500px;display:flex;align-items:center;justify-content:center;font:64px sans-serif}section+section{break-before:page}</style>
    <section style="background:#dff1ff">みずの じゅんかん</section><section style="background:#ffe9d6">くもから あめへ</section>`);
  pdfFile = path.join(SHOTS, "deck-two-pages.pdf");
  const long = await stage.page();
  await long.setContent(`<style>body{margin:0}section{height:500px}section+section{break-before:page}</style>${"<section>ページ</section>".repeat(DECK.maxPages + 1)}`);
  longPdf = path.join(SHOTS, "deck-too-long.pdf");
  fs.writeFileSync(longPdf, await long.pdf({ width: "960px", height: "540px", margin: { top: "0", bottom: "0", left: "0", right: "0" } }));
  await long.context().close();
  fs.writeFileSync(pdfFile, await printer.pdf({ width: "960px", height: "540px", printBackground: true, margin: { top: "0", bottom: "0", left: "0", right: "0" } }));
  await printer.context().close();
});

/** Requests for a deck's page images a page makes from now on. */
function deckRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on("request", (r) => {
    if (/\/api\/decks\/[^/]+\/pages\//.test(r.url())) seen.push(r);
  });
  return seen;
}

describe("a deck on the board", () => {
  it("should be uploaded as a PDF, put up and turned by the teacher, and followed by every child, one image per turn", async () => {
    const teacher = await stage.teacher("mori", "もり先生");
    const errors: string[] = [];
    teacher.on("pageerror", (e) => errors.push(e.message));
    const board = teacher.getByRole("region", { name: `🖼️ ${st("deckConsole")}` });
    await board.waitFor();

    // A PDF longer than a deck may be is refused in this page, before anything is uploaded.
    await board.getByLabel(st("deckFiles")).setInputFiles(longPdf);
    await board.getByRole("button", { name: st("deckUpload") }).click();
    await expect.poll(() => board.locator("#deck-progress-text").textContent(), { timeout: 30_000 }).toBe(st("deckTooManyPages", { pages: DECK.maxPages }));
    expect(await stage.server.services.decks.list(stage.org.id)).toEqual([]);

    await board.getByLabel(st("deckFiles")).setInputFiles(pdfFile);
    await board.getByRole("textbox", { name: st("deckTitle") }).fill("みずの たび");
    await board.getByRole("button", { name: st("deckUpload") }).click();
    await expect.poll(() => board.locator("#deck-progress-text").textContent(), { timeout: 60_000 }).toBe(st("deckUploaded", { title: "みずの たび", pages: 2 }));
    // The pages kept are images sized for screens, with the PDF's words for screen readers.
    const [deck] = await stage.server.services.decks.list(stage.org.id);
    expect(deck).toMatchObject({ title: "みずの たび", pages: 2, ready: true });
    expect(await stage.server.services.decks.pageText(stage.org.id, deck?.id ?? "", 2)).toContain("くもから あめへ");

    const aoi = await stage.student("あおい");
    // Axe is added to his page as a script, which its CSP (no inline code) would refuse.
    const ken = await stage.student("けん", { context: { bypassCSP: true } });
    const aoiImages = deckRequests(aoi);
    const kenImages = deckRequests(ken);
    await board.getByRole("button", { name: st("deckShow") }).click();
    const line = (kid: Page) => kid.locator(".board-line").textContent();
    for (const kid of [aoi, ken]) await expect.poll(() => line(kid)).toContain(`みずの たび (${t("boardPage", { page: 1, pages: 2 })})`);

    // Ken, by keyboard only, opens the board full-screen: the page, its name and its words.
    await ken.locator("#space-view").focus();
    await tabTo(ken, "こくばんを 大きく 見る", 40);
    await ken.keyboard.press("Enter");
    const view = ken.getByRole("dialog");
    await expect.poll(() => view.getByRole("heading").textContent()).toBe(`${t("board")}: みずの たび (${t("boardPage", { page: 1, pages: 2 })})`);
    await expect.poll(() => view.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await view.getByText(t("boardText")).click();
    expect(await view.locator(".board-words-text").textContent()).toContain("みずの じゅんかん");

    // The teacher turns the page: both boards follow, the open view too, one image each.
    await expect.poll(() => aoiImages.length).toBe(1);
    expect(kenImages.length).toBe(1);
    await board.getByRole("button", { name: `${st("deckNext")} ▶` }).click();
    await expect.poll(() => board.locator(".deck-on-board").textContent()).toBe(st("deckOnBoard", { title: "みずの たび", page: 2, pages: 2 }));
    for (const kid of [aoi, ken]) await expect.poll(() => line(kid)).toContain(t("boardPage", { page: 2, pages: 2 }));
    await expect.poll(() => view.getByRole("heading").textContent()).toBe(`${t("board")}: みずの たび (${t("boardPage", { page: 2, pages: 2 })})`);
    await expect.poll(() => view.locator(".board-words-text").textContent()).toContain("くもから あめへ");
    await expect.poll(() => view.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.includes("/pages/2"))).toBe(true);
    await expect.poll(() => aoiImages.length).toBe(2);
    expect(kenImages.length).toBe(2);
    expect(kenImages.map((r) => new URL(r.url()).pathname)).toEqual([`/api/decks/${deck?.id}/pages/1`, `/api/decks/${deck?.id}/pages/2`]);

    // The teacher writes on the page with the pen and a line of text: the child's open view shows both.
    await board.getByRole("button", { name: `✏️ ${st("deckDraw")}` }).click();
    const drawing = teacher.getByRole("dialog");
    const surface = drawing.locator(".drawing-overlay");
    await expect.poll(() => drawing.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const box = await surface.boundingBox();
    if (!box) throw new Error("no drawing surface");
    await teacher.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.7);
    await teacher.mouse.down();
    for (let i = 1; i <= 10; i++) await teacher.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height * (0.7 - i * 0.03));
    await teacher.mouse.up();
    await drawing.getByRole("textbox", { name: st("drawText") }).fill("あめ → かわ");
    await drawing.getByRole("textbox", { name: st("drawText") }).press("Enter");
    await expect.poll(() => view.locator(".board-marks polyline").count()).toBe(1);
    await expect.poll(() => view.locator(".board-marks text").textContent()).toBe("あめ → かわ");
    // A screen reader hears what was written, after the page's words.
    expect(await view.locator(".board-words-text").textContent()).toBe(`くもから あめへ\n${t("boardWritten")}: あめ → かわ`);
    await expect.poll(() => drawing.locator(".board-marks polyline").count()).toBe(1);
    await teacher.screenshot({ path: path.join(SHOTS, "deck-teacher-drawing.png") });
    await drawing.getByRole("button", { name: st("drawDone") }).click();

    // "Look here": the board's line stands out and a notice says who asked; nobody is moved.
    await board.getByRole("button", { name: `👀 ${st("deckLookHere")}` }).click();
    await expect.poll(() => aoi.locator(".board-line").getAttribute("class")).toContain("board-look");
    await expect.poll(async () => (await aoi.locator(".notice").allTextContents()).join(" | ")).toContain("もり先生から：こくばんを 見てね。");

    await teacher.screenshot({ path: path.join(SHOTS, "deck-teacher.png"), fullPage: true });
    await ken.screenshot({ path: path.join(SHOTS, "deck-child-view.png") });
    await aoi.screenshot({ path: path.join(SHOTS, "deck-child-space.png") });
    const { blocking } = await scan(ken, "board view");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    const console = await scan(teacher, "deck console");
    expect(console.blocking, describeFindings(console.blocking)).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
