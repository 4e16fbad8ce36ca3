import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildDetails } from "../../shared/protocol/staffEvents.ts";
import { collect, until } from "../support/clients.ts";
import { organisation, person, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * A counsellor opening a child's details in the console (issue 19): they get the details, the
 * opening is audited, and every child sees that staff are looking after the space for as long as
 * anyone has details open, never whose.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("staff looking at a child's details", () => {
  it("should send the details to that counsellor, audit it, and show every child the sign while any details are open", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id, "counsellor", "やまだ先生");
    const other = await staffMember(server, org.id, "counsellor", "きむら先生");
    const registered = await server.services.directory.registerStudent({ orgId: org.id, nickname: "ゆい", note: "朝が にがて" });
    const entered = await request(server, "POST", "/enter", { code: registered.code });
    const yui = { ...person(server, entered.setCookie.split(";")[0] ?? "", org.id), id: registered.student.id };
    await server.services.directory.setConsent(yui.id, "activity", "test");
    const host = await counsellor.join();
    const host2 = await other.join();
    const room = await yui.join();
    const onlooker = await (await student(server, org.id, "みてる こ")).join();
    expect(room.state.staffLooking).toBe(false);
    const details = collect<ChildDetails>(host, "childDetails");

    host.send("lookingAt", { target: room.sessionId });
    await until(() => room.state.staffLooking && onlooker.state.staffLooking, "every child sees the sign");
    await until(() => details.length === 1, "the details came");
    expect(details[0]).toMatchObject({ target: room.sessionId, note: "朝が にがて", consent: "activity", firstDay: true, nextBooking: null });
    expect((await server.services.audit.find(org.id, { action: "open_details", target: yui.id })).length).toBe(1);
    // Only the counsellor who opened them got them.
    expect(collect(host2, "childDetails")).toEqual([]);

    // Two open: one closing leaves the sign up; both closed takes it down.
    host2.send("lookingAt", { target: onlooker.sessionId });
    host.send("lookingAt", { target: "" });
    await until(() => host2.state.staffLooking && server.services.audit.find(org.id, { action: "open_details" }).then((e) => e.length === 2), "the second opened");
    expect(room.state.staffLooking).toBe(true);
    // The child whose details were open leaves: they close with them.
    await onlooker.leave();
    await until(() => !room.state.staffLooking, "the sign goes when no details are open");
    for (const r of [room, host, host2]) await r.leave();
  });

  it("should tell a child who came before today from a newcomer, give their next booking, and close only the details of one who leaves", async () => {
    const org = await organisation(server);
    const host = await (await staffMember(server, org.id, "counsellor", "やまだ先生")).join();
    const host2 = await (await staffMember(server, org.id, "counsellor", "きむら先生")).join();
    const regular = await student(server, org.id, "いつも");
    const DAY = 24 * 60 * 60 * 1000;
    await server.services.directory.markEntered(regular.id, Date.now() - 3 * DAY);
    const startsAt = Date.now() + DAY;
    const [slot] = await server.services.bookings.add(org.id, "counselling", [{ startsAt, endsAt: startsAt + 20 * 60_000 }], "test");
    expect(await server.services.bookings.book(slot?.id ?? "", { id: regular.id, orgId: org.id }, "student", Date.now(), 3)).toBe("booked");
    const room = await regular.join();
    const leaving = await (await student(server, org.id, "もう かえる")).join();

    const details = collect<ChildDetails>(host, "childDetails");
    host.send("lookingAt", { target: room.sessionId });
    await until(() => details.length === 1, "the details came");
    // Not their first day: the console does not greet them as new.
    expect(details[0]).toMatchObject({ target: room.sessionId, firstDay: false, nextBooking: { kind: "counselling", startsAt } });

    // きむら先生 has another child's details open; that child leaves: only those close.
    host2.send("lookingAt", { target: leaving.sessionId });
    await until(async () => (await server.services.audit.find(org.id, { action: "open_details" })).length === 2, "both opened");
    await until(() => room.state.staffLooking, "the sign is up");
    const gone = leaving.sessionId;
    await leaving.leave();
    // The sign would change in the same patch that takes the leaver's figure away.
    await until(() => !room.state.avatars.has(gone), "the leaver has gone");
    expect(room.state.staffLooking).toBe(true);
    host.send("lookingAt", { target: "" });
    await until(() => !room.state.staffLooking, "no details open now");
    for (const r of [room, host, host2]) await r.leave();
  });

  it("should refuse details of a child who is not one's own, and children may not ask", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const host = await counsellor.join();
    const kid = await (await student(server, org.id, "こども")).join();
    const errors = collect<{ code: string; about?: string }>(host, "error");
    host.send("lookingAt", { target: "nobody-here" });
    host.send("lookingAt", { target: host.sessionId }); // staff are not a child's details
    await until(() => errors.length === 2, "both refused");
    expect(errors).toEqual([
      { code: "no_such_person", about: "lookingAt" },
      { code: "no_such_person", about: "lookingAt" },
    ]);
    const kidErrors = collect<{ code: string }>(kid, "error");
    kid.send("lookingAt", { target: kid.sessionId });
    await until(() => kidErrors.length === 1, "a child is refused");
    expect(kid.state.staffLooking).toBe(false);
    for (const r of [kid, host]) await r.leave();
  });
});
