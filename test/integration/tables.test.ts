import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tableOfSeat } from "../../shared/domain/tables.ts";
import type { ChatLine, ServerError } from "../../shared/protocol/events.ts";
import { caughtUp, collect, dropLink, pong, type SpaceRoom, until } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { serverRoom, walkTo } from "../support/walking.ts";

/**
 * Group tables over real sockets (server/rooms/handlers/tables.ts, issue 15): the teacher splits
 * the lesson's classroom into tables; a seated child is at their seat's table, whose lines and
 * board reach only the children there and staff; a child at no table cannot write to one; the
 * teacher visits a table and speaks to every table at once; standing up leaves a table; ending
 * table time wipes the boards. Only staff split tables.
 */
let server: TestServer;
let org: { id: string };
let teacherPerson: Person;
let teacher: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  teacherPerson = await staffMember(server, org.id, "counsellor", "たなか先生");
  teacher = await teacherPerson.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

type Board = { table: number; text: string; by: string };
type Tables = { on: boolean; visits: Array<{ table: number; by: string }> };

const spaceOf = (room: SpaceRoom) => serverRoom(server, room);
/** Walks the way the page's "go to" would, to a point. */
const goTo = (room: SpaceRoom, to: { x: number; z: number }) => walkTo(server, room, to);
const seatOf = (room: SpaceRoom) => spaceOf(room).state.avatars.get(room.sessionId)?.seat ?? 0;
const child = async (nickname: string) => (await student(server, org.id, nickname)).join();
/** Into the classroom (just inside its doorway) and down at a seat of `table`, as the page's "sit at table" does. */
async function sitAt(room: SpaceRoom, table: number) {
  await goTo(room, { x: -2, z: -6 });
  room.send("sit", { table });
  await until(() => tableOfSeat(seatOf(room)) === table, `seated at table ${table}`);
}
async function lessonOn(title = "グループで かんがえよう") {
  await goTo(teacher, { x: -10, z: -10 });
  teacher.send("startLesson", { title });
  await until(() => teacher.state.lessonTitle === title, "the lesson is on");
}
async function tablesOn() {
  const told = collect<Tables>(teacher, "tables");
  teacher.send("startTables", {});
  await until(() => told.at(-1)?.on === true, "table time began");
}
const texts = (lines: ChatLine[]) => lines.map((l) => l.text);
/** The table lines among the history a page was given (on arrival, on sitting at a table). */
const tableHistory = (room: SpaceRoom) => (room.received?.history ?? []).flatMap((h) => (h as { lines: ChatLine[] }).lines).filter((l) => l.channel === "table");
const log = () => server.log.events(teacher.roomId);

describe("group tables", () => {
  it("should keep each table's lines and board to its children and staff, let the teacher visit one and speak to all, and wipe the boards when table time ends", async () => {
    await lessonOn();
    const [aoi, sora, ken, rin] = [await child("あおい"), await child("そら"), await child("けん"), await child("りん")];
    await sitAt(aoi, 1);
    await sitAt(sora, 1);
    await sitAt(ken, 2);
    // りん stays in the talk area: she follows the lesson from there, at no table.
    const errors = new Map([aoi, ken, rin].map((r) => [r, collect<ServerError>(r, "error")]));
    aoi.send("chat", { channel: "table", text: "まだ？" });
    await until(() => errors.get(aoi)?.length === 1, "no table time yet");
    expect(errors.get(aoi)?.[0]).toEqual({ code: "no_tables", about: "chat" });

    const heard = new Map([teacher, aoi, sora, ken, rin].map((r) => [r, collect<ChatLine>(r, "chat")]));
    const boards = new Map([teacher, aoi, sora, ken, rin].map((r) => [r, collect<Board>(r, "tableBoard")]));
    const told = collect<Tables>(rin, "tables");
    await tablesOn();
    await until(() => told.at(-1)?.on === true, "everyone is told, at a table or not");
    expect(told.at(-1)).toEqual({ on: true, visits: [] });
    // Nobody was moved: the seats are as they were.
    expect([aoi, sora, ken, rin].map((r) => tableOfSeat(seatOf(r)))).toEqual([1, 1, 2, 0]);

    // A line at table 1 reaches table 1 and staff, not table 2 nor a child at no table.
    aoi.send("chat", { channel: "table", text: "りんごに しよう" });
    await until(() => texts(heard.get(sora) ?? []).includes("りんごに しよう"), "そら, at the same table, hears it");
    await until(() => texts(heard.get(teacher) ?? []).includes("りんごに しよう"), "the teacher hears it");
    expect(heard.get(sora)?.find((l) => l.text === "りんごに しよう")).toMatchObject({ channel: "table", table: 1, nickname: "あおい", staff: false, zone: "classroom" });
    ken.send("chat", { channel: "table", text: "ぼくは みかん" });
    await until(() => texts(heard.get(teacher) ?? []).includes("ぼくは みかん"), "the teacher hears table 2 too");
    await caughtUp(ken, aoi);
    await caughtUp(rin, aoi);
    await caughtUp(aoi, ken);
    expect(texts(heard.get(ken) ?? [])).toEqual(["ぼくは みかん"]);
    expect(texts(heard.get(aoi) ?? [])).toEqual(["りんごに しよう"]);
    expect(heard.get(rin)).toEqual([]);

    // A table's line can be reported as any line can: staff read what was said.
    const reports = collect<{ items: Array<{ kind: string; about?: string }> }>(teacher, "queue");
    const line = heard.get(sora)?.find((l) => l.text === "りんごに しよう");
    sora.send("report", { target: aoi.sessionId, line: line?.id ?? "" });
    await until(() => reports.at(-1)?.items.some((i) => i.kind === "report" && i.about === "あおい「りんごに しよう」") === true, "the report quotes the table's line");

    // A table's board: its children see it, staff see every one; other tables see nothing.
    aoi.send("tableBoard", { text: "  りんご \n\n みかん\u200b\n\n\n" });
    await until(() => (boards.get(sora)?.length ?? 0) === 1, "そら sees table 1's board");
    expect(boards.get(sora)?.[0]).toEqual({ table: 1, text: "りんご\n\nみかん", by: "あおい" });
    ken.send("tableBoard", { text: "みかんが すき" });
    await until(() => (boards.get(teacher)?.length ?? 0) === 2, "staff see both boards");
    expect(boards.get(teacher)?.map((b) => [b.table, b.text])).toEqual([[1, "りんご\n\nみかん"], [2, "みかんが すき"]]);
    await pong(aoi);
    await pong(rin);
    expect(boards.get(aoi)?.map((b) => b.table)).toEqual([1]);
    expect(boards.get(ken)?.map((b) => b.table)).toEqual([2]);
    expect(boards.get(rin)).toEqual([]);

    // A child at no table can write to none, and nobody can name another table than their own.
    rin.send("chat", { channel: "table", text: "いれて" });
    rin.send("tableBoard", { text: "らくがき" });
    await until(() => errors.get(rin)?.length === 2, "りん is answered twice");
    expect(errors.get(rin)).toEqual([{ code: "not_at_table", about: "chat" }, { code: "not_at_table", about: "tableBoard" }]);
    aoi.send("chat", { channel: "table", table: 2, text: "となりへ" });
    aoi.send("tableBoard", { table: 2, text: "となりへ" });
    await until(() => errors.get(aoi)?.length === 3, "a table named is refused");
    expect(errors.get(aoi)?.slice(1).map((e) => [e.code, e.about])).toEqual([["invalid_message", "chat"], ["invalid_message", "tableBoard"]]);
    // The word filter holds a board back as it holds a line back, and flags it for staff.
    const queue = collect<{ items: Array<{ kind: string; detail?: string }> }>(teacher, "queue");
    ken.send("tableBoard", { text: "ばか" });
    await until(() => errors.get(ken)?.length === 1, "held back");
    expect(errors.get(ken)?.[0]).toEqual({ code: "filtered", about: "tableBoard" });
    await until(() => queue.at(-1)?.items.some((i) => i.kind === "flag" && i.detail === "ばか") === true, "staff see the flag");

    // The teacher visits table 2: everyone learns where the teacher is; a line there is table 2's.
    const visits = collect<Tables>(ken, "tables");
    teacher.send("visitTable", { table: 2 });
    await until(() => visits.at(-1)?.visits.length === 1, "table 2 sees the teacher come");
    expect(visits.at(-1)).toEqual({ on: true, visits: [{ table: 2, by: "たなか先生" }] });
    // Tapped twice, a visit is told once; "no table" (0) ends it, and again changes nothing.
    teacher.send("visitTable", { table: 2 });
    teacher.send("visitTable", { table: 0 });
    await until(() => visits.at(-1)?.visits.length === 0, "the visit ended");
    teacher.send("visitTable", { table: 0 });
    teacher.send("visitTable", { table: 2 });
    await until(() => visits.at(-1)?.visits.length === 1, "back at table 2");
    expect(visits.map((v) => v.visits.map((x) => `${x.table}`).join())).toEqual(["2", "", "2"]);
    teacher.send("chat", { channel: "table", text: "みかんの いいところは？" });
    await until(() => texts(heard.get(ken) ?? []).includes("みかんの いいところは？"), "table 2 hears the teacher");
    expect(heard.get(ken)?.at(-1)).toMatchObject({ channel: "table", table: 2, staff: true, nickname: "たなか先生" });
    // Writing on the children's board of the table visited is a staff act: audited, the table named.
    teacher.send("tableBoard", { text: "みかん: あまい" });
    await until(() => boards.get(ken)?.at(-1)?.by === "たなか先生", "table 2 sees the teacher's board");
    expect(boards.get(ken)?.at(-1)).toEqual({ table: 2, text: "みかん: あまい", by: "たなか先生" });
    const boardActs = (await server.services.audit.list(org.id)).filter((e) => e.action === "table_board");
    expect(boardActs.map((e) => [e.actorRole, e.outcome, e.detail])).toEqual([["counsellor", "done", { table: 2 }]]);
    // To every table at once, marked as one line to all tables (table 0).
    teacher.send("speakToTables", { text: "あと 5ふんです" });
    for (const room of [aoi, sora, ken]) await until(() => texts(heard.get(room) ?? []).includes("あと 5ふんです"), "every table hears it");
    expect(heard.get(aoi)?.at(-1)).toMatchObject({ channel: "table", table: 0, staff: true, nickname: "たなか先生", text: "あと 5ふんです" });
    await caughtUp(aoi, teacher);
    await caughtUp(rin, teacher);
    expect(texts(heard.get(aoi) ?? [])).toEqual(["りんごに しよう", "あと 5ふんです"]);
    expect(heard.get(rin)).toEqual([]);

    // Someone who sits at table 1 later gets its board and its lines, and no other table's.
    const late = await child("おくれて");
    await sitAt(late, 1);
    await until(() => (late.received?.tableBoard?.length ?? 0) === 1, "the board of the table sat at");
    expect(late.received?.tableBoard?.[0]).toEqual({ table: 1, text: "りんご\n\nみかん", by: "あおい" });
    expect(texts(tableHistory(late))).toEqual(["りんごに しよう", "あと 5ふんです"]);
    // A staff member arriving reads every table, and sees every board.
    const other = await (await staffMember(server, org.id, "counsellor", "ほかの先生")).join();
    await until(() => (other.received?.history?.length ?? 0) === 1, "the history a newcomer is given");
    expect(texts(tableHistory(other))).toEqual(["りんごに しよう", "ぼくは みかん", "みかんの いいところは？", "あと 5ふんです"]);
    await until(() => (other.received?.tableBoard?.length ?? 0) === 2, "every board");
    expect(other.received?.tables?.at(-1)).toEqual({ on: true, visits: [{ table: 2, by: "たなか先生" }] });

    await late.leave(); // a chair at table 1 is free again, for the child below

    // Ending table time: everyone is told, the boards are wiped, and the next table time starts blank.
    const ended = collect<Tables>(aoi, "tables");
    teacher.send("endTables", {});
    await until(() => ended.at(-1)?.on === false, "table time ended");
    expect(ended.at(-1)).toEqual({ on: false, visits: [] });
    // Its lines are kept (a child may still report one) but shown to no one arriving, staff neither.
    const after = await (await staffMember(server, org.id, "counsellor", "あとの先生")).join();
    await until(() => (after.received?.history?.length ?? 0) === 1, "the history a newcomer is given");
    expect(tableHistory(after)).toEqual([]);
    aoi.send("tableBoard", { text: "まだ かける？" });
    await until(() => errors.get(aoi)?.length === 4, "no board without table time");
    expect(errors.get(aoi)?.[3]).toEqual({ code: "no_tables", about: "tableBoard" });
    await tablesOn();
    const fresh = await child("つぎの こ");
    await sitAt(fresh, 1);
    await until(() => (fresh.received?.tableBoard?.length ?? 0) === 1, "table 1's board");
    expect(fresh.received?.tableBoard?.[0]).toEqual({ table: 1, text: "", by: "" });
    expect(tableHistory(fresh)).toEqual([]);
    // Ending the lesson ends table time with it.
    const endedWithLesson = collect<Tables>(ken, "tables");
    teacher.send("endLesson", {});
    await until(() => endedWithLesson.at(-1)?.on === false, "table time ends with its lesson");

    // The log: table time's shape and who was at which table, a board's length, never its words.
    const events = await log();
    expect(events.filter((e) => e.type === "tables_started" || e.type === "tables_ended").map((e) => [e.type, (e as { tables: number }).tables])).toEqual([
      ["tables_started", 4],
      ["tables_ended", 4],
      ["tables_started", 4],
      ["tables_ended", 4],
    ]);
    const joined = events.filter((e) => e.type === "table_joined").map((e) => (e as { table: number }).table);
    expect(joined).toEqual([1, 1, 2, 1, 1, 1, 2, 1]); // three seated at the first start, then おくれて; the three again, then つぎの こ
    const board = events.find((e) => e.type === "table_board");
    expect(board).toMatchObject({ table: 1, chars: Array.from("りんご\n\nみかん").length });
    expect(JSON.stringify(events.filter((e) => e.type === "table_board"))).not.toContain("りんご");
    const tableChat = events.filter((e) => e.type === "chat_sent" && (e as { channel: string }).channel === "table");
    expect(tableChat.map((e) => (e as { table?: number }).table)).toEqual([1, 2, 2, 0]);
    const actions = (await server.services.audit.list(org.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["start_tables", "visit_table", "speak_to_tables", "end_tables"]));
    const acts = (await server.services.audit.list(org.id)).reverse();
    expect(acts.filter((e) => e.action === "start_tables").map((e) => e.detail)).toEqual([{ tables: 4 }, { tables: 4 }]);
    expect(acts.filter((e) => e.action === "visit_table").map((e) => e.detail)).toEqual([{ table: 2 }, { table: 0 }, { table: 2 }]);
  });

  it("should take a child who stands up out of their table's channel, and let them join another by sitting there", async () => {
    await lessonOn();
    const [mio, yu] = [await child("みお"), await child("ゆう")];
    await sitAt(mio, 3);
    await sitAt(yu, 3);
    await tablesOn();
    const heard = collect<ChatLine>(mio, "chat");
    const errors = collect<ServerError>(mio, "error");
    yu.send("chat", { channel: "table", text: "いっしょだね" });
    await until(() => texts(heard).includes("いっしょだね"), "みお hears her table");

    mio.send("stand", {});
    await until(() => seatOf(mio) === 0, "みお stood up");
    yu.send("chat", { channel: "table", text: "いっちゃった？" });
    await until(() => (teacher.received?.chat ?? []).some((l) => (l as ChatLine).text === "いっちゃった？"), "the line was said");
    // Standing in the classroom, she is at no table: a line to every table is not hers either.
    teacher.send("speakToTables", { text: "あと すこしです" });
    await until(() => (yu.received?.chat ?? []).some((l) => (l as ChatLine).text === "あと すこしです"), "table 3 hears the teacher");
    await caughtUp(mio, yu);
    await caughtUp(mio, teacher);
    expect(texts(heard)).toEqual(["いっしょだね"]);
    mio.send("chat", { channel: "table", text: "もどりたい" });
    await until(() => errors.length === 1, "no table while standing");
    expect(errors[0]).toEqual({ code: "not_at_table", about: "chat" });

    // Sitting at table 4 puts her at table 4: she gets its lines, and table 3's no more.
    mio.send("sit", { table: 4 });
    await until(() => tableOfSeat(seatOf(mio)) === 4, "at table 4");
    mio.send("chat", { channel: "table", text: "よんばんです" });
    await until(() => texts(heard).includes("よんばんです"), "her own line at table 4");
    await caughtUp(yu, mio);
    expect((yu.received?.chat ?? []).map((l) => (l as ChatLine).text)).not.toContain("よんばんです");

    // The teacher visiting table 4 hears its lines once, not as a visitor and again as staff.
    const visits = collect<Tables>(mio, "tables");
    teacher.send("visitTable", { table: 4 });
    await until(() => visits.at(-1)?.visits.length === 1, "the teacher at table 4");
    mio.send("chat", { channel: "table", text: "せんせい、みて" });
    await until(() => (teacher.received?.chat ?? []).some((l) => (l as ChatLine).text === "せんせい、みて"), "the teacher hears it");
    await caughtUp(teacher, mio);
    expect((teacher.received?.chat ?? []).filter((l) => (l as ChatLine).text === "せんせい、みて")).toHaveLength(1);
  });

  it("should refuse every table action to a child, and audit it, changing nothing", async () => {
    await lessonOn();
    const kid = await child("ためす");
    const errors = collect<ServerError>(kid, "error");
    const attempts: Array<[string, unknown]> = [
      ["startTables", {}],
      ["endTables", {}],
      ["visitTable", { table: 1 }],
      ["speakToTables", { text: "みんな きいて" }],
    ];
    for (const [type, payload] of attempts) kid.send(type, payload);
    await until(() => errors.length === attempts.length, "each refused");
    expect(errors).toEqual(attempts.map(([type]) => ({ code: "not_allowed", about: type })));
    await pong(teacher);
    expect(teacher.received?.tables).toBeUndefined();
    const denied = async () => (await server.services.audit.list(org.id)).filter((e) => e.outcome === "denied").map((e) => e.action);
    await until(async () => (await denied()).length === attempts.length, "audited");
    expect((await denied()).sort()).toEqual(["endTables", "speakToTables", "startTables", "visitTable"]);

    // Staff are answered kindly when there is nothing to split or end.
    const teacherErrors = collect<ServerError>(teacher, "error");
    teacher.send("endTables", {});
    teacher.send("speakToTables", { text: "だれも いない" });
    teacher.send("visitTable", { table: 1 });
    await tablesOn();
    teacher.send("startTables", {});
    await until(() => teacherErrors.length === 4, "each answered");
    expect(teacherErrors.map((e) => [e.code, e.about])).toEqual([
      ["no_tables", "endTables"],
      ["no_tables", "speakToTables"],
      ["no_tables", "visitTable"],
      ["tables_on", "startTables"],
    ]);
    teacher.send("endLesson", {});
    await until(() => teacher.state.lessonTitle === "", "ended");
    teacher.send("startTables", {});
    await until(() => teacherErrors.length === 5, "no lesson, no tables");
    expect(teacherErrors[4]).toEqual({ code: "no_lesson", about: "startTables" });
  });

  it("should tell a page back from a dropped link what table time is now, with its table's board, and forget a visit when its teacher leaves", async () => {
    await lessonOn();
    const person = await student(server, org.id, "もどる");
    const kid = await person.join();
    kid.reconnection.enabled = false;
    await sitAt(kid, 2);
    await tablesOn();
    const mate = await child("となり");
    await sitAt(mate, 2);
    dropLink(kid);
    await until(() => spaceOf(mate).state.avatars.get(kid.sessionId)?.away === true, "the seat is kept");
    mate.send("chat", { channel: "table", text: "いるかな" });
    mate.send("tableBoard", { text: "ふたりで かく" });
    await until(() => (teacher.received?.tableBoard?.length ?? 0) === 1, "the board is up");
    const back = await person.reconnect(kid);
    await until(() => (back.received?.tableBoard?.length ?? 0) === 1, "its table's board again");
    expect(back.received?.tables?.at(-1)).toEqual({ on: true, visits: [] });
    expect(back.received?.tableBoard?.[0]).toEqual({ table: 2, text: "ふたりで かく", by: "となり" });
    expect(texts(tableHistory(back))).toContain("いるかな");

    const visits = collect<Tables>(mate, "tables");
    const other = await (await staffMember(server, org.id, "counsellor", "ほかの先生")).join();
    other.send("visitTable", { table: 2 });
    await until(() => visits.at(-1)?.visits.length === 1, "visited");
    await other.leave();
    await until(() => visits.at(-1)?.visits.length === 0, "the visit ends with the visitor");
    expect(visits.at(-1)).toEqual({ on: true, visits: [] });
  });

  it("should tell everyone which table each visiting teacher is at, in table order, naming one whose link dropped", async () => {
    await lessonOn();
    await tablesOn();
    const other = await (await staffMember(server, org.id, "counsellor", "ほかの先生")).join();
    other.reconnection.enabled = false;
    const kid = await child("みてる");
    const told = collect<Tables>(kid, "tables");
    other.send("visitTable", { table: 3 });
    await until(() => told.at(-1)?.visits.length === 1, "table 3 visited");
    teacher.send("visitTable", { table: 1 });
    await until(() => told.at(-1)?.visits.length === 2, "both visits");
    expect(told.at(-1)).toEqual({ on: true, visits: [{ table: 1, by: "たなか先生" }, { table: 3, by: "ほかの先生" }] });
    // Staff sitting down at a table are not sent its lines again: they read every table already.
    const resent = collect(other, "history");
    await sitAt(other, 4);
    await pong(other);
    expect(resent).toEqual([]);
    // ほかの先生's tablet loses its link: their seat and their visit are kept, by name.
    dropLink(other);
    await until(() => spaceOf(teacher).state.avatars.get(other.sessionId)?.away === true, "the seat is kept");
    const late = await child("あとから");
    await until(() => (late.received?.tables ?? []).length > 0, "told what table time is now");
    expect(late.received?.tables?.at(-1)).toEqual({ on: true, visits: [{ table: 1, by: "たなか先生" }, { table: 3, by: "ほかの先生" }] });
  });

  it("should tell a page back from a dropped link that table time ended meanwhile", async () => {
    await lessonOn();
    const person = await student(server, org.id, "もどったら");
    const kid = await person.join();
    kid.reconnection.enabled = false;
    await sitAt(kid, 3);
    await tablesOn();
    dropLink(kid);
    await until(() => spaceOf(teacher).state.avatars.get(kid.sessionId)?.away === true, "the seat is kept");
    const told = collect<Tables>(teacher, "tables");
    teacher.send("endTables", {});
    await until(() => told.at(-1)?.on === false, "table time ended");
    const back = await person.reconnect(kid);
    // The page still shows the tables it knew of: it is told they are gone.
    await until(() => (back.received?.tables ?? []).length > 0, "told what table time is now");
    expect(back.received?.tables).toEqual([{ on: false, visits: [] }]);
  });
});
