import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DECK, MARKS } from "../../shared/domain/deck.ts";
import type { Notice, ServerError } from "../../shared/protocol/events.ts";
import type { Mark } from "../../shared/protocol/lessonEvents.ts";
import { collect, until } from "../support/clients.ts";
import { dataUrl, png } from "../support/images.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Decks on the lesson board (issue 15; server/http/decks.ts, server/store/decks.ts,
 * server/rooms/handlers/deck.ts) over real HTTP, real sockets and a real SQLite store: pages
 * arrive as pictures checked by their bytes and sizes, are shown only to their organisation,
 * and a page turn changes the board's address for everyone (each child then fetches that one
 * page, in their screen's size).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const page = (n: number, text = `ページ ${n}`) => ({ text, small: dataUrl(png(640, 360, [n * 40, 90, 120])), large: dataUrl(png(1920, 1080, [n * 40, 90, 120])) });

/** Uploads a deck of `pages` pages as the teacher's page would; resolves with its id. */
async function upload(teacher: Person, pages: number, title = "ずけいの べんきょう"): Promise<string> {
  const created = await teacher.http("POST", "/staff/decks", { title, pages });
  expect(created.status).toBe(201);
  const id = String(created.json.id);
  for (let n = 1; n <= pages; n++) {
    const res = await teacher.http("PUT", `/staff/decks/${id}/pages/${n}`, page(n));
    expect(res.status, `page ${n}`).toBe(200);
    expect(res.json.ready).toBe(n === pages);
  }
  return id;
}

describe("a deck's upload", () => {
  it("should keep each page in two sizes and show it only to signed-in people of the organisation", async () => {
    const org = await organisation(server);
    const teacher = await staffMember(server, org.id);
    const id = await upload(teacher, 2);
    expect((await teacher.http("GET", "/staff/decks")).json.decks).toEqual([{ id, title: "ずけいの べんきょう", pages: 2, ready: true, createdAt: expect.any(Number) }]);

    const kid = await student(server, org.id, "みる");
    const small = await fetch(`${server.url}/api/decks/${id}/pages/2`, { headers: { cookie: kid.cookie } });
    expect(small.status).toBe(200);
    expect(small.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await small.arrayBuffer()).equals(png(640, 360, [80, 90, 120]))).toBe(true);
    const large = await fetch(`${server.url}/api/decks/${id}/pages/2?size=large`, { headers: { cookie: kid.cookie } });
    expect(Buffer.from(await large.arrayBuffer()).equals(png(1920, 1080, [80, 90, 120]))).toBe(true);

    expect((await fetch(`${server.url}/api/decks/${id}/pages/1`)).status).toBe(401);
    const elsewhere = await organisation(server, "よその センター");
    const stranger = await student(server, elsewhere.id, "よそもの");
    const strangerStaff = await staffMember(server, elsewhere.id);
    expect((await fetch(`${server.url}/api/decks/${id}/pages/1`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    expect((await strangerStaff.http("GET", "/staff/decks")).json.decks).toEqual([]);
    expect((await strangerStaff.http("PUT", `/staff/decks/${id}/pages/1`, page(1))).status).toBe(404);
    expect((await strangerStaff.http("DELETE", `/staff/decks/${id}`, {})).status).toBe(404);
  });

  it("should refuse what is not a picture, whatever it claims, and pictures too large, and keep nothing of them", async () => {
    const org = await organisation(server);
    const teacher = await staffMember(server, org.id);
    const id = String((await teacher.http("POST", "/staff/decks", { title: "だめ", pages: 1 })).json.id);
    const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
    const asPng = (bytes: Buffer) => ({ text: "", small: dataUrl(bytes), large: dataUrl(bytes) });
    // A PDF (or a web page) sent as a page is not a picture: the teacher's page draws PDFs itself.
    expect(await teacher.http("PUT", `/staff/decks/${id}/pages/1`, asPng(pdf))).toMatchObject({ status: 415, json: { error: "bad_image" } });
    expect(await teacher.http("PUT", `/staff/decks/${id}/pages/1`, asPng(Buffer.from("<svg onload=alert(1)>")))).toMatchObject({ status: 415 });
    expect((await teacher.http("PUT", `/staff/decks/${id}/pages/1`, { ...asPng(png(2, 2)), small: "data:image/svg+xml;base64,PHN2Zz4=" })).status).toBe(400);
    // The original upload never reaches a tablet: a "small" page larger than its size is refused.
    const tooWide = { text: "", small: dataUrl(png(DECK.small.maxSide + 1, 10)), large: dataUrl(png(100, 100)) };
    expect(await teacher.http("PUT", `/staff/decks/${id}/pages/1`, tooWide)).toMatchObject({ status: 413, json: { error: "image_too_large" } });
    const tooHigh = { text: "", small: dataUrl(png(100, 100)), large: dataUrl(png(10, DECK.large.maxSide + 1)) };
    expect((await teacher.http("PUT", `/staff/decks/${id}/pages/1`, tooHigh)).status).toBe(413);
    // More pages than a deck may have (a long PDF is refused in the browser, and here again).
    expect(await teacher.http("POST", "/staff/decks", { title: "ながい", pages: DECK.maxPages + 1 })).toMatchObject({ status: 400, json: { error: "invalid_request" } });
    expect((await teacher.http("PUT", `/staff/decks/${id}/pages/2`, page(2))).status).toBe(404);
    expect((await teacher.http("PUT", `/staff/decks/${id}/pages/${DECK.maxPages + 1}`, page(2))).status).toBe(404);

    expect((await teacher.http("GET", "/staff/decks")).json.decks).toMatchObject([{ id, ready: false }]);
    expect((await fetch(`${server.url}/api/decks/${id}/pages/1`, { headers: { cookie: teacher.cookie } })).status).toBe(404);
  });

  it("should refuse decks to students, and audit the attempt", async () => {
    const org = await organisation(server);
    const kid = await student(server, org.id, "あげたい");
    expect((await kid.http("POST", "/staff/decks", { title: "いたずら", pages: 1 })).status).toBe(403);
    expect((await server.services.audit.list(org.id, 5)).at(0)).toMatchObject({ actorRole: "student", outcome: "denied" });
  });

  it("should delete a deck with its pages, and audit its making, its last page and its end", async () => {
    const org = await organisation(server);
    const teacher = await staffMember(server, org.id);
    const id = await upload(teacher, 2);
    expect((await teacher.http("DELETE", `/staff/decks/${id}`, {})).status).toBe(200);
    expect((await teacher.http("GET", "/staff/decks")).json.decks).toEqual([]);
    expect((await fetch(`${server.url}/api/decks/${id}/pages/1`, { headers: { cookie: teacher.cookie } })).status).toBe(404);
    expect(server.services.sqlite?.prepare("SELECT COUNT(*) AS n FROM deck_pages WHERE deck_id = ?").get(id)).toEqual({ n: 0 });
    // Ready once, when its last page came; never its title or pictures.
    const audited = (await server.services.audit.list(org.id)).filter((e) => e.action !== "sign_in").reverse();
    expect(audited.map(({ action, target, outcome, detail }) => ({ action, target, outcome, detail }))).toEqual([
      { action: "add_deck", target: null, outcome: "done", detail: { deck: id, pages: 2 } },
      { action: "deck_ready", target: null, outcome: "done", detail: { deck: id } },
      { action: "delete_deck", target: null, outcome: "done", detail: { deck: id } },
    ]);
  });
});

describe("a deck on the board", () => {
  it("should follow the teacher's page turns for everyone, with each page's words, and go back to the picture when taken down", async () => {
    const org = await organisation(server);
    const teacherPerson = await staffMember(server, org.id);
    await teacherPerson.http("PUT", "/staff/board", { title: "いつもの え", image: dataUrl(png(4, 4)) });
    const id = await upload(teacherPerson, 3);
    const teacher = await teacherPerson.join();
    const kid = await (await student(server, org.id, "ついていく")).join();
    const picture = kid.state.boardUrl;
    expect(picture).toMatch(/^\/api\/board\//);

    teacher.send("showDeck", { deck: id });
    await until(() => kid.state.boardPage === 1, "page 1 on the child's board");
    expect(kid.state).toMatchObject({ boardUrl: `/api/decks/${id}/pages/1`, boardTitle: "ずけいの べんきょう", boardPages: 3, boardText: "ページ 1" });
    teacher.send("turnPage", { page: 3 });
    await until(() => kid.state.boardPage === 3, "page 3");
    expect(kid.state).toMatchObject({ boardUrl: `/api/decks/${id}/pages/3`, boardText: "ページ 3" });

    const errors = collect<ServerError>(teacher, "error");
    teacher.send("turnPage", { page: 4 });
    await until(() => errors.length === 1, "past the last page refused");
    expect(errors[0]).toEqual({ code: "no_such_page", about: "turnPage" });
    // Shown again from a page it does not have: refused, and the board stays where it was.
    teacher.send("showDeck", { deck: id, page: 4 });
    await until(() => errors.length === 2, "a page past the end refused");
    expect(errors[1]).toEqual({ code: "no_such_page", about: "showDeck" });
    expect(kid.state.boardPage).toBe(3);

    // The organisation's picture changed meanwhile (from another staff page): it waits under the deck.
    await teacherPerson.http("PUT", "/staff/board", { title: "あたらしい え", image: dataUrl(png(8, 8)) });
    // The space heard of it as the request was answered (one process); a patch sent after that,
    // the child's status, shows the deck still up.
    kid.send("status", { status: "talk" });
    await until(() => kid.state.avatars.get(kid.sessionId)?.status === "talk", "a patch after the change");
    expect(kid.state).toMatchObject({ boardUrl: `/api/decks/${id}/pages/3`, boardPage: 3 });

    teacher.send("hideDeck", {});
    await until(() => kid.state.boardPages === 0, "the deck taken down");
    // Taken down, the board shows the organisation's picture as it is now.
    expect(kid.state).toMatchObject({ boardTitle: "あたらしい え", boardPage: 0, boardText: "" });
    expect(kid.state.boardUrl).toMatch(/^\/api\/board\//);
    expect(kid.state.boardUrl).not.toBe(picture);

    const log = (await server.log.events(teacher.roomId)).filter((e) => e.type === "board_page").map((e) => ("page" in e ? [e.page, e.pages] : []));
    expect(log).toEqual([
      [1, 3],
      [3, 3],
      [0, 0],
    ]);
    // Audited with which deck and page: what an admin asks when a child saw the wrong slide.
    const audited = (await server.services.audit.list(org.id, 20)).filter((e) => ["show_deck", "turn_page", "hide_deck"].includes(e.action)).reverse();
    expect(audited.map(({ action, outcome, detail }) => ({ action, outcome, detail }))).toEqual([
      { action: "show_deck", outcome: "done", detail: { deck: id, page: 1 } },
      { action: "turn_page", outcome: "done", detail: { deck: id, page: 3 } },
      { action: "hide_deck", outcome: "done", detail: { deck: id } },
    ]);
  });

  it("should show only the organisation's own finished decks, and refuse the board's controls to students", async () => {
    const org = await organisation(server);
    const teacherPerson = await staffMember(server, org.id);
    const teacher = await teacherPerson.join();
    const unfinished = String((await teacherPerson.http("POST", "/staff/decks", { title: "とちゅう", pages: 2 })).json.id);
    await teacherPerson.http("PUT", `/staff/decks/${unfinished}/pages/1`, page(1));
    const elsewhere = await staffMember(server, (await organisation(server, "よそ")).id);
    const theirs = await upload(elsewhere, 1);

    const errors = collect<ServerError>(teacher, "error");
    teacher.send("showDeck", { deck: unfinished });
    teacher.send("showDeck", { deck: theirs });
    teacher.send("turnPage", { page: 1 });
    teacher.send("hideDeck", {});
    await until(() => errors.length === 4, "four refusals");
    // Each refusal names what it answers (a deck is looked up in the store, so those two come last).
    expect(errors.map((e) => `${e.code} ${e.about}`).sort()).toEqual(["no_such_deck hideDeck", "no_such_deck showDeck", "no_such_deck showDeck", "no_such_deck turnPage"]);
    expect(teacher.state.boardPages).toBe(0);

    const mine = await upload(teacherPerson, 1);
    const kid = await (await student(server, org.id, "さわりたい")).join();
    const kidErrors = collect<ServerError>(kid, "error");
    for (const [type, payload] of [["showDeck", { deck: mine }], ["turnPage", { page: 1 }], ["hideDeck", {}], ["lookHere", {}]] as const) kid.send(type, payload);
    await until(() => kidErrors.length === 4, "four refusals for the child");
    expect(kidErrors.map((e) => e.code)).toEqual(["not_allowed", "not_allowed", "not_allowed", "not_allowed"]);
    expect(kid.state.boardPages).toBe(0);
  });

  it("should ask everyone to look at the board, without moving anyone", async () => {
    const org = await organisation(server);
    const teacherPerson = await staffMember(server, org.id, "counsellor", "たなか先生");
    const teacher = await teacherPerson.join();
    const kid = await (await student(server, org.id, "よそみ")).join();
    const me = kid.state.avatars.get(kid.sessionId);
    const where = { x: me?.x, z: me?.z };
    const notices = collect<Notice>(kid, "notice");
    teacher.send("lookHere", {});
    await until(() => notices.some((n) => n.code === "look_here"), "the cue arrives");
    expect(notices.find((n) => n.code === "look_here")).toEqual({ code: "look_here", by: "たなか先生" });
    expect(kid.state.avatars.get(kid.sessionId)).toMatchObject({ x: where.x, z: where.z });
  });
});

describe("writing on a deck's page", () => {
  it("should show the teacher's pen and text to everyone at once, keep them with their page, and clear them", async () => {
    const org = await organisation(server);
    const teacherPerson = await staffMember(server, org.id);
    const id = await upload(teacherPerson, 2);
    const teacher = await teacherPerson.join();
    const kid = await (await student(server, org.id, "よむこ")).join();
    teacher.send("showDeck", { deck: id });
    await until(() => kid.state.boardPage === 1, "page 1 up");
    const one = kid.state.boardUrl;

    const marks = collect<{ page: string; mark: unknown }>(kid, "boardMark");
    const stroke = { kind: "pen", colour: "red", width: 6, points: [1000, 1000, 5000, 5000, 9000, 1000] } as const;
    teacher.send("mark", stroke);
    teacher.send("mark", { kind: "text", colour: "blue", x: 500, y: 800, text: "  ここが\u202E だいじ  " });
    await until(() => marks.length === 2, "both marks arrive");
    expect(marks).toEqual([
      { page: one, mark: stroke },
      { page: one, mark: { kind: "text", colour: "blue", x: 500, y: 800, text: "ここが だいじ" } },
    ]);

    // Page 2 has nothing written; back on page 1, its marks come up with it.
    const sets = collect<{ page: string; marks: unknown[] }>(kid, "boardMarks");
    teacher.send("turnPage", { page: 2 });
    await until(() => kid.state.boardPage === 2, "page 2 up");
    teacher.send("turnPage", { page: 1 });
    await until(() => sets.length === 1, "page 1's marks again");
    expect(sets[0]).toEqual({ page: one, marks: [stroke, { kind: "text", colour: "blue", x: 500, y: 800, text: "ここが だいじ" }] });

    // Someone arriving now sees them too.
    const late = await (await student(server, org.id, "おくれて")).join();
    await until(() => (late.received?.boardMarks ?? []).length === 1, "the latecomer gets the page's marks");
    expect((late.received?.boardMarks as Array<{ marks: unknown[] }>)[0]?.marks).toHaveLength(2);

    teacher.send("clearMarks", {});
    await until(() => sets.length === 2, "cleared for everyone");
    expect(sets[1]).toEqual({ page: one, marks: [] });
    expect(await server.services.decks.marks(id, 1)).toEqual([]);
    const audited = (await server.services.audit.list(org.id, 30)).filter((e) => ["mark", "clear_marks"].includes(e.action)).reverse();
    expect(audited.map(({ action, detail }) => ({ action, detail }))).toEqual([
      { action: "mark", detail: { deck: id, page: 1, kind: "pen" } },
      { action: "mark", detail: { deck: id, page: 1, kind: "text" } },
      { action: "clear_marks", detail: { deck: id, page: 1 } },
    ]);
  });

  it("should refuse marks from children, marks that are not marks, and marks with no deck up", async () => {
    const org = await organisation(server);
    const teacherPerson = await staffMember(server, org.id);
    const id = await upload(teacherPerson, 1);
    const teacher = await teacherPerson.join();
    const kid = await (await student(server, org.id, "かきたい")).join();
    const errors = collect<ServerError>(teacher, "error");
    teacher.send("mark", { kind: "pen", colour: "red", width: 6, points: [0, 0, 10, 10] });
    await until(() => errors.length === 1, "no deck up");
    expect(errors[0]).toMatchObject({ code: "no_such_deck", about: "mark" });

    teacher.send("showDeck", { deck: id });
    await until(() => kid.state.boardPage === 1, "page up");
    for (const bad of [
      { kind: "pen", colour: "red", width: 6, points: [0, 0, 10] }, // not pairs
      { kind: "pen", colour: "red", width: 6, points: [0, 0, 10, 10_001] }, // off the page
      { kind: "pen", colour: "pink", width: 6, points: [0, 0, 10, 10] },
      { kind: "pen", colour: "red", width: 7, points: [0, 0, 10, 10] },
      { kind: "text", colour: "red", x: 1, y: 1, text: "" },
      { kind: "image", colour: "red", x: 1, y: 1 },
    ])
      teacher.send("mark", bad);
    teacher.send("mark", { kind: "text", colour: "red", x: 1, y: 1, text: " \u200B " });
    await until(() => errors.length === 8, "each refused");
    expect(errors.slice(1).map((e) => e.code)).toEqual(["invalid_message", "invalid_message", "invalid_message", "invalid_message", "invalid_message", "invalid_message", "empty_text"]);

    const kidErrors = collect<ServerError>(kid, "error");
    kid.send("mark", { kind: "pen", colour: "red", width: 6, points: [0, 0, 10, 10] });
    kid.send("clearMarks", {});
    await until(() => kidErrors.length === 2, "refused for the child");
    expect(kidErrors.map((e) => e.code)).toEqual(["not_allowed", "not_allowed"]);
    expect(await server.services.decks.marks(id, 1)).toEqual([]);
  });

  it("should keep at most a page's worth of marks", async () => {
    const org = await organisation(server);
    const id = await upload(await staffMember(server, org.id), 1);
    const dot: Mark = { kind: "pen", colour: "ink", width: 3, points: [5, 5, 5, 5] };
    for (let i = 0; i < MARKS.perPage; i++) expect(await server.services.decks.addMark(id, 1, dot)).toBe(true);
    expect(await server.services.decks.addMark(id, 1, dot)).toBe(false);
    expect(await server.services.decks.marks(id, 1)).toHaveLength(MARKS.perPage);
  });
});
