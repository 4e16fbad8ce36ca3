import { Client } from "@colyseus/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWords, translator } from "../../client/i18n/index.ts";
import { researchTranslator } from "../../client/research/dictionary.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import type { ChatLine } from "../../shared/protocol/events.ts";
import { collect, type SpaceRoom, until } from "../support/clients.ts";
import { request } from "../support/people.ts";
import { attributesHolding, markupIn, watchMarkup } from "./markup.ts";
import { useStage } from "./stage.ts";

/**
 * Hostile text in every place people can type, put in through the real server as people put it
 * in (the first-start setup, the admin's forms, the staff page's register form, the HTTP API, a
 * student's socket, the student and staff pages), then read back on every page that shows it:
 * the student's space, the counsellor's console, the staff page's students list and access-code
 * card, the admin's lists and audit log, and the research dashboard.
 *
 * Each check is on the DOM: the text is there, literally, where it belongs; and no element was
 * made from it, now or at any moment (markup.ts watches every page from its first script, so a
 * notice that faded is checked too). The CSP would stop an injected handler from running, so
 * whether script ran says nothing: an `innerHTML` anywhere would still fail here.
 *
 * Every payload carries `pwn` (markup.ts MARK). Nicknames are at most 12 characters.
 */
const ORG = `<img src=x id=pwn-org pwn=org>みなみ区`;
const ADMIN = `<b id=pwn-admin pwn=admin>かんり</b>`;
/** Text that closes an attribute first: it would break out of an attribute built as a string. */
const COUNSELLOR = `"><s pwn=staff>さとう先生</s>`;
const RESEARCHER = `<u pwn=researcher>たなか</u>`;
const STUDY = `<svg id=pwn-study pwn=study onload=alert(1)></svg>冬の研究`;
const NG_WORD = `<q pwn=ng>`;
const NICK_A = `<b pwn=a>`;
const NICK_B = `"><i pwn=b>`;
const NOTE = `<img src=x id=pwn-note pwn=note onerror=alert(1)>メモ`;
const CHAT_B = `<img src=x id=pwn-chat pwn=chat onerror=alert(1)> こんにちは`;
const CHAT_A = `<svg pwn=chat-a onload=alert(1)><b>hi</b></svg>`;
const STAFF_CHAT = `<a pwn=staff-chat href=javascript:alert(1)>link</a>`;
/** A line the NG-word filter holds back (it contains the word, folded): only staff see it. */
const HELD = `<s pwn=held>${NG_WORD}</s>`;
const REPORT_REASON = `<iframe pwn=reason srcdoc="<b pwn=inner>x</b>"></iframe>`;
const ANNOUNCE = `"><script pwn=announce>alert(1)</script><b pwn=announce-b>おしらせ</b>`;
const BOARD = `"><b pwn=board>こくばん</b>`;
const ORG2 = `"><img src=x pwn=org2>きた市`;
const ADMIN2 = `<em pwn=admin2>きた</em>`;
const EVENT = `<marquee pwn=event>なつまつり</marquee>`;
const NICK_C = `<i pwn=c>`;
const PASSWORD = "correct horse battery";
/** A 1×1 PNG for the board. */
const PNG = `data:image/png;base64,${Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082", "hex").toString("base64")}`;

await loadWords("en");
const t = translator("en");
const st = staffTranslator("en");
const rt = researchTranslator("en");

const stage = useStage({ open: false });

/** The organisation made by the first-start setup, and who signs in to it. */
let org = "";
let adminCookie = "";
let counsellorCookie = "";
let codeA = "";
let codeB = "";
const pages: Record<"admin" | "staff" | "student", Page | undefined> = { admin: undefined, staff: undefined, student: undefined };
const errors: string[] = [];

/** A fresh browser (its own cookies), signed in with `cookie` if given, watched from its first script. */
async function browse(url: string, cookie?: string): Promise<Page> {
  const context: BrowserContext = await stage.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-GB" });
  await watchMarkup(context);
  if (cookie) {
    const at = cookie.indexOf("=");
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: stage.server.url }]);
  }
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e.message}`));
  await page.goto(`${stage.server.url}${url}`);
  return page;
}

async function signIn(username: string): Promise<string> {
  const done = await request(stage.server, "POST", "/staff/sign-in", { username, password: PASSWORD });
  expect(done.status).toBe(200);
  return done.setCookie.split(";")[0] ?? "";
}

/** Joins the space over a WebSocket as the page would, with the session cookie. */
async function join(cookie: string): Promise<SpaceRoom> {
  const client = new Client(stage.server.url, { headers: { cookie } });
  const room = (await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sky", accessory: "none" } }, SpaceState)) as SpaceRoom;
  room.onMessage("*", () => {}); // B reads nothing; the pages are what is checked
  await room.waitForInitialState();
  return room;
}

/** The text of what a selector finds (all matches, joined). */
const textOf = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).join("\n");

/** No markup made from anyone's text, in any frame or shadow root, now or ever; no CSP violation; no script error. */
async function expectInert(page: Page) {
  const found = await markupIn(page);
  expect(found.injected, "elements made from people's text").toEqual([]);
  expect(found.violations, "Content-Security-Policy violations").toEqual([]);
  expect(errors).toEqual([]);
  return found;
}

beforeAll(async () => {
  // First start, as `npm start` does it: a one-time link makes the organisation and its admin.
  const token = await stage.server.services.setup.issue();
  const setup = await request(stage.server, "POST", "/setup", { token, organisation: ORG, displayName: ADMIN, username: "boss", password: PASSWORD });
  expect(setup.status).toBe(201);
  expect(setup.json).toMatchObject({ orgName: ORG, displayName: ADMIN });
  org = String(setup.json.org);
  adminCookie = setup.setCookie.split(";")[0] ?? "";
});

describe("hostile text stays text", () => {
  it("on the admin's page: staff accounts, studies and the NG-word lists", async () => {
    const page = (pages.admin = await browse("/staff?lang=en", adminCookie));
    const admin = page.getByRole("region", { name: st("admin") });
    await admin.waitFor();

    // A counsellor and a researcher, whose display names are markup, added through the form; each
    // gets a welcome link (shown with their name), with which they choose their password.
    for (const [username, displayName, role] of [
      ["counsellor1", COUNSELLOR, "counsellor"],
      ["researcher1", RESEARCHER, "researcher"],
    ] as const) {
      await admin.getByRole("textbox", { name: st("username") }).fill(username);
      await admin.getByRole("textbox", { name: st("displayName") }).fill(displayName);
      await admin.getByRole("combobox", { name: st("role") }).selectOption(role);
      await admin.getByRole("button", { name: st("addStaff") }).click();
      await expect.poll(() => admin.getByRole("status").textContent()).toBe(st("staffAdded", { name: displayName }));
      const box = admin.getByRole("region", { name: st("welcomeLinkFor", { name: displayName }) });
      const url = await box.getByRole("textbox", { name: st("welcomeLinkLabel") }).inputValue();
      if (role === "counsellor") {
        // The welcome page names the organisation and the person: as text.
        const welcome = await browse(`${new URL(url).pathname}${new URL(url).search}&lang=en`);
        await expect.poll(() => textOf(welcome, ".lead")).toBe(st("welcomeLead", { name: COUNSELLOR, org: ORG }));
        await expectInert(welcome);
        await welcome.getByLabel(st("password"), { exact: true }).fill(PASSWORD);
        await welcome.getByLabel(st("passwordAgain")).fill(PASSWORD);
        await welcome.getByRole("button", { name: st("welcomeSubmit") }).click();
        await expect.poll(() => textOf(welcome, ".staff-bar")).toContain(COUNSELLOR);
        await expectInert(welcome);
      } else {
        expect((await request(stage.server, "POST", "/welcome", { token: new URL(url).searchParams.get("welcome"), password: PASSWORD })).status).toBe(200);
      }
    }
    await admin.getByRole("textbox", { name: st("studyName") }).fill(STUDY);
    await admin.getByRole("button", { name: st("createStudy") }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toBe(st("studyCreated", { name: STUDY }));
    const words = admin.getByRole("textbox", { name: st("wordsJa") });
    await words.fill(`${await words.inputValue()}\n${NG_WORD}`);
    await admin.getByRole("button", { name: st("saveWords") }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toBe(st("wordsSaved"));

    await page.reload();
    await expect.poll(() => textOf(page, ".admin-list")).toContain(RESEARCHER);
    const lists = await textOf(page, ".admin-list");
    for (const name of [ADMIN, COUNSELLOR, RESEARCHER, STUDY]) expect(lists).toContain(name);
    expect(await textOf(page, ".staff-bar")).toContain(ORG);
    expect(await textOf(page, ".staff-bar")).toContain(ADMIN);
    expect(await textOf(page, "#open-title")).toBe(ORG);
    expect(await page.getByRole("textbox", { name: st("wordsJa") }).inputValue()).toContain(NG_WORD);
    await expectInert(page);
  });

  it("on the staff page: the register form, the students list and the access-code card", async () => {
    counsellorCookie = await signIn("counsellor1");
    // One student registered over the API, one through the page's form (which shows the card).
    const b = await request(stage.server, "POST", "/staff/students", { nickname: NICK_B }, counsellorCookie);
    expect(b.status).toBe(201);
    codeB = String(b.json.code);

    const page = (pages.staff = await browse("/staff?lang=en", counsellorCookie));
    await page.getByRole("textbox", { name: st("nickname") }).fill(NICK_A);
    await page.getByRole("textbox", { name: st("note") }).fill(NOTE);
    await page.getByRole("button", { name: st("register") }).click();
    const card = page.getByRole("region", { name: st("codeCardFor", { name: NICK_A }) });
    await card.waitFor();
    codeA = (await card.locator(".code-card-code").textContent()) ?? "";
    expect(codeA).not.toBe("");
    expect(await card.locator(".code-card-name").textContent()).toBe(NICK_A);
    expect(await card.locator(".code-card-org").textContent()).toBe(ORG);
    expect(await card.getAttribute("aria-label")).toBe(st("codeCardFor", { name: NICK_A }));
    expect(await page.getByRole("region", { name: st("students") }).locator(".registry-status").textContent()).toBe(st("registered", { name: NICK_A }));

    // The list: names, the note, and the names in the rows' buttons and consent label.
    const list = page.getByRole("list", { name: st("studentList") });
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    const rowA = list.getByRole("listitem").filter({ hasText: NOTE });
    expect(await rowA.locator(".student-name").textContent()).toBe(NICK_A);
    expect(await rowA.locator(".student-note").textContent()).toBe(NOTE);
    expect(await list.locator(".student-name").allTextContents()).toEqual(expect.arrayContaining([NICK_A, NICK_B]));
    await rowA.getByRole("combobox").selectOption("activity_chat");
    await expect.poll(() => page.getByRole("region", { name: st("students") }).locator(".registry-status").textContent()).toBe(st("consentSaved", { name: NICK_A }));
    expect(await attributesHolding(page, NICK_B)).toEqual(expect.arrayContaining(["div.student-actions[aria-label]", "button.small[aria-label]"]));
    expect(await textOf(page, ".student-consent")).toContain(`(${NICK_B})`);
    expect(await textOf(page, ".staff-who")).toContain(COUNSELLOR);
    await expectInert(page);
  });

  it("in the space: the student's page and the counsellor's console", async () => {
    const staff = pages.staff as Page;
    await staff.getByRole("button", { name: st("openSpace") }).click();
    await staff.getByRole("list", { name: st("present") }).waitFor();

    // Student A types their code on the door; student B is on a socket.
    const student = (pages.student = await browse("/?lang=en"));
    await student.getByRole("textbox", { name: t("accessCode") }).fill(codeA);
    await student.getByRole("button", { name: t("enter"), exact: true }).click();
    await student.locator("dialog.tour").getByRole("button", { name: t("tourSkip") }).click();
    await student.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    const entered = await request(stage.server, "POST", "/enter", { code: codeB });
    expect(entered.status).toBe(200);
    const b = await join(entered.setCookie.split(";")[0] ?? "");
    let idA = "";
    await until(() => {
      b.state.avatars.forEach((avatar, id) => {
        if (avatar.nickname === NICK_A) idA = id;
      });
      return idA !== "";
    }, "B sees A");

    // A: help, a chat line; B: a chat line, a line the word filter holds, a report of A's line
    // (staff read the line's text in the report).
    const heard = collect<ChatLine>(b, "chat");
    await student.locator(".help-button").click();
    await student.locator("#chat-input").fill(CHAT_A);
    await student.locator("#chat-input").press("Enter");
    await until(() => heard.some((l) => l.from === idA), "B hears A's line");
    b.send("chat", { channel: "space", text: CHAT_B });
    b.send("chat", { channel: "space", text: HELD });
    b.send("report", { target: idA, line: heard.find((l) => l.from === idA)?.id, reason: REPORT_REASON });
    // The counsellor: a chat line and an announcement from the page, a board title over HTTP.
    await staff.locator("#chat-input").fill(STAFF_CHAT);
    await staff.locator("#chat-input").press("Enter");
    await staff.getByRole("textbox", { name: st("announcement") }).fill(ANNOUNCE);
    await staff.getByRole("button", { name: st("sendAnnouncement") }).click();
    expect((await request(stage.server, "PUT", "/staff/board", { title: BOARD, image: PNG }, counsellorCookie)).status).toBe(200);

    // The console's help queue: who, what about, the report's reason and the held line.
    const queue = staff.getByRole("list", { name: st("helpQueue") });
    await expect.poll(() => queue.getByRole("listitem").count()).toBe(3);
    expect(await queue.locator(".queue-name").allTextContents()).toEqual(expect.arrayContaining([NICK_A, NICK_B]));
    const queueText = await textOf(staff, ".queue");
    expect(queueText).toContain(st("queueAbout", { text: `${NICK_A}「${CHAT_A}」` }));
    expect(queueText).toContain(st("queueDetail", { text: REPORT_REASON }));
    expect(queueText).toContain(st("queueDetail", { text: HELD }));
    expect(await attributesHolding(staff, NICK_B)).toEqual(expect.arrayContaining(["button.small.primary[aria-label]"]));

    // The console's people: names, and names in every button's label.
    const people = staff.getByRole("list", { name: st("present") });
    await expect.poll(() => people.locator(".person-name").allTextContents()).toEqual(expect.arrayContaining([NICK_A, NICK_B, COUNSELLOR]));
    for (const name of [NICK_A, NICK_B]) {
      expect(await people.getByRole("group", { name: st("actionsFor", { name }), exact: true }).count()).toBe(1);
      expect(await people.getByRole("button", { name: st("blockName", { name }), exact: true }).count()).toBe(1);
    }

    // Greet A and answer A's call for help from the console: A hears it by the counsellor's name.
    await people.getByRole("button", { name: st("greetName", { name: NICK_A }), exact: true }).click();
    await queue.getByRole("button", { name: st("answerName", { name: NICK_A, kind: st("kindHelp") }), exact: true }).click();
    await expect.poll(async () => (await markupIn(student)).everShown).toContain(t("noticeHelpAnswered", { by: COUNSELLOR }));

    // The student's page: who is here, chat, the announcement, the board, who is near.
    const participants = student.getByRole("list", { name: t("participants") });
    await expect.poll(() => participants.locator(".participant-name").allTextContents()).toEqual([`${NICK_A}${t("you")}`, `${COUNSELLOR} (${t("staffBadge")})`, NICK_B]);
    await expect.poll(() => textOf(student, ".chat-log")).toContain(STAFF_CHAT);
    for (const page of [student, staff]) {
      await expect.poll(() => page.locator(".chat-text").allTextContents()).toEqual(expect.arrayContaining([CHAT_B, CHAT_A, STAFF_CHAT]));
      expect(await page.locator(".chat-name").allTextContents()).toEqual(expect.arrayContaining([NICK_A, NICK_B, `${COUNSELLOR} (${t("staffBadge")})`]));
      expect(await textOf(page, ".chat-log"), "a held line reaches no one's chat").not.toContain(HELD);
      await expect.poll(() => page.locator(".banner-text").textContent()).toBe(ANNOUNCE);
      expect(await page.locator(".banner strong").textContent()).toContain(COUNSELLOR);
      await expect.poll(() => page.locator(".board-title").textContent()).toBe(BOARD);
    }
    expect(await attributesHolding(student, NICK_B)).toEqual(expect.arrayContaining(["button.follow[aria-label]", "button.report[aria-label]", "button.report[title]"]));
    expect(await attributesHolding(student, COUNSELLOR)).toEqual(expect.arrayContaining(["button.follow[aria-label]"]));
    await expect.poll(() => student.locator("#nearby").textContent(), { timeout: 15_000 }).toContain(NICK_B);

    // The board, full size: the title in the dialog's heading and the picture's alt text.
    await student.getByRole("button", { name: t("boardOpen") }).click();
    const board = student.locator("dialog.board-dialog");
    expect(await board.getByRole("heading").textContent()).toBe(`${t("board")}: ${BOARD}`);
    expect(await board.locator("img").getAttribute("alt")).toBe(BOARD);
    await expectInert(student);
    await student.keyboard.press("Escape");

    // A knock from the console: A's dialog names the counsellor; the counsellor hears A came in.
    await people.getByRole("button", { name: st("inviteName", { name: NICK_A }), exact: true }).click();
    const knock = student.locator("dialog.knock");
    await knock.waitFor();
    expect(await knock.locator("#knock-text").textContent()).toContain(COUNSELLOR);
    await expectInert(student);
    await knock.getByRole("button", { name: t("knockAccept") }).click();
    await expect.poll(async () => (await markupIn(staff)).everShown).toContain(t("noticeKnockAccepted", { about: NICK_A }));

    // B leaves: A is told by name.
    await b.leave();
    await expect.poll(async () => (await markupIn(student)).everShown).toContain(t("leftSpace", { name: NICK_B }));

    // Notices that came and went, read from what the pages showed.
    const studentSaw = (await expectInert(student)).everShown;
    for (const said of [t("arrived", { name: NICK_B }), t("noticeGreeted", { by: COUNSELLOR }), t("noticeHelpAnswered", { by: COUNSELLOR })]) expect(studentSaw).toContain(said);
    const staffSaw = (await expectInert(staff)).everShown;
    for (const said of [t("arrived", { name: NICK_A }), t("arrived", { name: NICK_B }), `🔔 ${st("kindHelp")}: ${NICK_A}`, `🔔 ${st("kindReport")}: ${NICK_B}`, `🔔 ${st("kindFlag")}: ${NICK_B}`]) {
      expect(staffSaw).toContain(said);
    }
    expect(await textOf(staff, ".staff-bar")).toContain(ORG);
  }, 180_000);

  it("in the admin's audit log: who did what to whom", async () => {
    const page = pages.admin as Page;
    await page.reload();
    const audit = page.locator(".audit-list");
    await expect.poll(() => audit.textContent()).toContain(`${COUNSELLOR} · greeted → ${NICK_A}`);
    const text = (await audit.textContent()) ?? "";
    expect(text).toContain(`${ADMIN} · added a staff member → ${RESEARCHER}`);
    expect(text).toContain(`${COUNSELLOR} · registered a student → ${NICK_B}`);
    expect(text).toContain(`${COUNSELLOR} · invited to the counselling room → ${NICK_A}`);
    expect(await page.getByRole("list", { name: st("studentList") }).locator(".student-name").allTextContents()).toEqual(expect.arrayContaining([NICK_A, NICK_B]));
    await expectInert(page);
  });

  it("in the shared plaza: organisations made by the federation admin, an event's title on the door and the staff page, badges", async () => {
    // The setup's admin is the federation admin: a second organisation, its name and admin markup.
    const admin = pages.admin as Page;
    const federation = admin.getByRole("region", { name: st("federation") });
    await federation.getByRole("textbox", { name: st("organisationName") }).fill(ORG2);
    await federation.getByRole("textbox", { name: st("username") }).fill("ward2");
    await federation.getByRole("textbox", { name: st("displayName") }).fill(ADMIN2);
    await federation.getByRole("button", { name: st("createOrganisation") }).click();
    await expect.poll(() => federation.getByRole("status").textContent()).toBe(st("organisationCreated", { name: ORG2, admin: ADMIN2 }));
    await expect.poll(() => textOf(admin, ".organisations")).toContain(ADMIN2);
    expect(await textOf(admin, ".organisations")).toContain(ORG2);
    expect(await federation.getByRole("region", { name: st("welcomeLinkFor", { name: ADMIN2 }) }).isVisible()).toBe(true);
    await expectInert(admin);

    // The counsellor opens an event with it from the staff page, and goes in.
    const staff = await browse("/staff?lang=en", counsellorCookie);
    const panel = staff.getByRole("region", { name: st("plaza") });
    await panel.getByRole("textbox", { name: st("plazaTitle") }).fill(EVENT);
    await panel.getByRole("checkbox", { name: ORG2 }).check();
    await panel.getByRole("button", { name: st("openPlaza") }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe(st("plazaOpened", { title: EVENT }));
    await expect.poll(() => textOf(staff, ".plazas")).toContain(EVENT);
    expect(await textOf(staff, ".plazas")).toContain(ORG2);
    await expectInert(staff);
    await panel.getByRole("button", { name: st("enterPlaza") }).click();
    await staff.getByRole("list", { name: st("present") }).waitFor();

    // A child of the new organisation: the door names the event; in the plaza, everyone's badge.
    const ward2 = (await stage.server.services.directory.organisations()).find((o) => o.name === ORG2);
    const { code } = await stage.server.services.directory.registerStudent({ orgId: ward2?.id ?? "", nickname: NICK_C });
    const child = await browse("/?lang=en");
    await child.getByRole("textbox", { name: t("accessCode") }).fill(code);
    await child.getByRole("button", { name: t("enter"), exact: true }).click();
    await expect.poll(() => textOf(child, ".plaza-today")).toContain(EVENT);
    await child.locator(".plaza-today a").click();
    await child.locator("dialog.tour").getByRole("button", { name: t("tourSkip") }).click();
    const participants = child.getByRole("list", { name: t("participants") });
    await expect.poll(() => participants.locator(".participant-name").allTextContents()).toEqual(
      expect.arrayContaining([`${NICK_C}${t("you")} · ${ORG2}`, `${COUNSELLOR} (${t("staffBadge")}) · ${ORG}`]),
    );
    expect(await textOf(child, ".plaza-link")).toContain(EVENT);
    await expect.poll(() => staff.locator(".person-badge").allTextContents()).toEqual(expect.arrayContaining([ORG, ORG2]));
    await expectInert(child);
    await expectInert(staff);
  }, 120_000);

  it("on the research dashboard: study names, the researcher and the organisation", async () => {
    const page = await browse("/research?lang=en", await signIn("researcher1"));
    // The overview (attendance charts, the sessions), then one session's charts.
    const sessions = page.getByRole("list", { name: rt("sessions") });
    await sessions.waitFor();
    await expectInert(page);
    expect(await page.getByRole("combobox", { name: rt("study") }).locator("option").allTextContents()).toEqual([STUDY]);
    expect(await page.locator(".research-top .who").textContent()).toBe(`${RESEARCHER} · ${ORG}`);
    await expect.poll(() => sessions.getByRole("button").count()).toBeGreaterThan(0);
    await sessions.getByRole("button").first().click();
    await page.locator("#session-title").waitFor();
    await expectInert(page);
  });
});
