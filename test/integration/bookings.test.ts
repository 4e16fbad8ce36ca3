import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Room } from "@colyseus/core";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { ChildBookings, StaffBookings } from "../../shared/protocol/bookings.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, collect, pong, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * Bookings (issue 18) on a real server with a real SQLite file: what a child sees (free slots and
 * their own, never another's), two children tapping one slot, a double tap, the limit, staff
 * booking for a child; and, with the space's clock held, the knock at the booked time.
 */
let server: TestServer;
let dbDir: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bookings-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const tomorrow = () => Temporal.Now.plainDateISO("Asia/Tokyo").add({ days: 1 }).toString();
const rooms: SpaceRoom[] = [];
afterAll(() => {
  for (const room of rooms) if (room.connection.isOpen) void room.leave();
});

describe("bookings", () => {
  it("should show a child the free slots and their own, give a slot to one of two children tapping it at once, and hold a child to three", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const added = await counsellor.http("POST", "/bookings/slots", { kind: "counselling", date: tomorrow(), from: "15:00", to: "17:00", minutes: 20 });
    expect(added.status).toBe(201);
    const slots = z.parse(StaffBookings, added.json).slots;
    expect(slots.map((s) => [s.date, s.from, s.to, s.student])).toEqual(["15:00", "15:20", "15:40", "16:00", "16:20", "16:40"].map((from, i) => [tomorrow(), from, ["15:20", "15:40", "16:00", "16:20", "16:40", "17:00"][i], null]));
    const [first, second, third, fourth, fifth] = slots.map((s) => s.id);

    const haruka = await student(server, org.id, "はるか");
    const sora = await student(server, org.id, "そら");
    expect(z.parse(ChildBookings, (await haruka.http("GET", "/bookings/mine")).json)).toMatchObject({ mine: [], open: { length: 6 } });

    // Both tap the first slot at once: one gets it, the other is told kindly, and nothing of the winner shows.
    const taps = await Promise.all([haruka.http("POST", `/bookings/${first}/book`), sora.http("POST", `/bookings/${first}/book`)]);
    expect(taps.map((t) => t.status).sort()).toEqual([200, 409]);
    const loser = taps[0]?.status === 409 ? haruka : sora;
    const winner = loser === haruka ? sora : haruka;
    expect(taps.find((t) => t.status === 409)?.json).toEqual({ error: "slot_taken" });
    const loserView = await loser.http("GET", "/bookings/mine");
    expect(z.parse(ChildBookings, loserView.json).open.map((s) => s.id)).not.toContain(first);
    expect(JSON.stringify(loserView.json)).not.toMatch(/はるか|そら/);

    // A double tap books once; three bookings, then a kind no.
    const double = await Promise.all([winner.http("POST", `/bookings/${second}/book`), winner.http("POST", `/bookings/${second}/book`)]);
    expect(double.map((d) => d.status)).toEqual([200, 200]);
    expect((await winner.http("POST", `/bookings/${third}/book`)).status).toBe(200);
    expect(await winner.http("POST", `/bookings/${fourth}/book`)).toMatchObject({ status: 409, json: { error: "too_many_bookings" } });
    const mine = z.parse(ChildBookings, (await winner.http("GET", "/bookings/mine")).json).mine;
    expect(mine.map((s) => s.id)).toEqual([first, second, third]);

    // Cancelled, a slot is free again for another child; a child cannot cancel someone else's.
    await loser.http("POST", `/bookings/${first}/cancel`);
    expect(z.parse(ChildBookings, (await winner.http("GET", "/bookings/mine")).json).mine).toHaveLength(3);
    expect(z.parse(ChildBookings, (await winner.http("POST", `/bookings/${third}/cancel`)).json).mine).toHaveLength(2);
    expect((await loser.http("POST", `/bookings/${third}/book`)).status).toBe(200);

    // Staff see who booked what, and book for a child (audited).
    const view = z.parse(StaffBookings, (await counsellor.http("GET", "/bookings")).json);
    expect(view.slots.filter((s) => s.student).map((s) => [s.from, s.student?.nickname])).toEqual([
      ["15:00", winner === haruka ? "はるか" : "そら"],
      ["15:20", winner === haruka ? "はるか" : "そら"],
      ["15:40", loser === haruka ? "はるか" : "そら"],
    ]);
    const loserId = loser === haruka ? haruka.id : sora.id;
    expect((await counsellor.http("POST", `/bookings/${fifth}/book-for`, { studentId: loserId })).status).toBe(200);
    // Staff cancel a child's booking for them, and take back a booked slot and a free one.
    expect((await counsellor.http("POST", `/bookings/${fifth}/cancel-for`, {})).status).toBe(200);
    expect(z.parse(ChildBookings, (await loser.http("GET", "/bookings/mine")).json).mine.map((s) => s.id)).toEqual([third]);
    expect((await counsellor.http("DELETE", `/bookings/slots/${second}`)).status).toBe(200);
    expect((await counsellor.http("DELETE", `/bookings/slots/${fourth}`)).status).toBe(200);
    expect(z.parse(ChildBookings, (await winner.http("GET", "/bookings/mine")).json).mine.map((s) => s.id)).toEqual([first]);
    // Each in the audit, in order: what, for which child (an id, never a name), and which slot.
    const startsAt = (id: string | undefined) => slots.find((s) => s.id === id)?.startsAt;
    const winnerId = winner === haruka ? haruka.id : sora.id;
    const audited = (await server.services.audit.list(org.id)).filter((e) => e.actorRole === "counsellor" && e.action !== "sign_in").reverse();
    expect(audited.map(({ action, target, outcome, detail }) => ({ action, target, outcome, detail }))).toEqual([
      { action: "add_booking_slots", target: null, outcome: "done", detail: { kind: "counselling", count: 6, date: slots[0]?.date } },
      { action: "book_for", target: loserId, outcome: "done", detail: { slot: fifth } },
      { action: "cancel_booking_for", target: loserId, outcome: "done", detail: { slot: fifth } },
      { action: "remove_booking_slot", target: winnerId, outcome: "done", detail: { kind: "counselling", startsAt: startsAt(second), wasBooked: true } },
      { action: "remove_booking_slot", target: null, outcome: "done", detail: { kind: "counselling", startsAt: startsAt(fourth), wasBooked: false } },
    ]);
    expect(JSON.stringify(audited)).not.toMatch(/はるか|そら/);
  });

  it("should keep bookings to their organisation and their people", async () => {
    const [south, north] = [await organisation(server, "みなみ"), await organisation(server, "きた")];
    const southStaff = await staffMember(server, south.id);
    const { slots } = z.parse(StaffBookings, (await southStaff.http("POST", "/bookings/slots", { kind: "tutoring", date: tomorrow(), from: "10:00", to: "10:30", minutes: 30 })).json);
    const slot = slots[0]?.id ?? "";
    const northChild = await student(server, north.id, "けん");
    const southChild = await student(server, south.id, "ゆい");
    expect(z.parse(ChildBookings, (await northChild.http("GET", "/bookings/mine")).json).open).toEqual([]);
    expect((await northChild.http("POST", `/bookings/${slot}/book`)).status).toBe(404);
    expect((await southStaff.http("POST", `/bookings/${slot}/book-for`, { studentId: northChild.id })).status).toBe(404);
    // A child cannot list everyone's bookings or offer slots; a researcher cannot either.
    expect((await southChild.http("GET", "/bookings")).status).toBe(403);
    expect((await (await staffMember(server, south.id, "researcher")).http("POST", "/bookings/slots", { kind: "tutoring", date: tomorrow(), from: "11:00", to: "12:00", minutes: 30 })).status).toBe(403);
    // Slots that would start in the past, or a length not offered, are refused with a reason.
    const yesterday = Temporal.Now.plainDateISO("Asia/Tokyo").subtract({ days: 1 }).toString();
    expect((await southStaff.http("POST", "/bookings/slots", { kind: "tutoring", date: yesterday, from: "10:00", to: "11:00", minutes: 30 })).status).toBe(400);
    expect((await southStaff.http("POST", "/bookings/slots", { kind: "tutoring", date: tomorrow(), from: "10:00", to: "11:00", minutes: 25 })).json).toMatchObject({ error: "invalid_request", issues: [{ path: "minutes" }] });
  });

  it("should knock on the child's door at the booked time, remind staff, and tell them of a child who has not come, once each", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id, "counsellor", "たなか先生");
    const staffRoom = await counsellor.join();
    rooms.push(staffRoom);
    const here = await student(server, org.id, "あおい");
    const away = await student(server, org.id, "りく");
    // Two slots starting in two minutes (made in the store: staff can only add them ahead of now).
    const start = Date.now() + 2 * 60_000;
    const [mine, theirs] = await server.services.bookings.add(org.id, "counselling", [{ startsAt: start, endsAt: start + 20 * 60_000 }, { startsAt: start, endsAt: start + 20 * 60_000 }], "test");
    expect((await here.http("POST", `/bookings/${mine?.id}/book`)).status).toBe(200);
    expect((await away.http("POST", `/bookings/${theirs?.id}/book`)).status).toBe(200);
    const childRoom = await here.join();
    rooms.push(childRoom);
    const space = server.colyseus.getRoomById(childRoom.roomId) as Room<{ state: SpaceState }>;
    const clock = holdClock(space);

    const knocks = collect<{ by: string; booked?: boolean }>(childRoom, "knock");
    const notices = collect<{ code: string; about?: string }>(staffRoom, "notice");
    const reminders = () => notices.filter((n) => n.code.startsWith("booking"));

    // A minute and a half before: nothing yet.
    clock.advance(30_000);
    await pong(childRoom);
    await pong(staffRoom);
    expect(knocks).toEqual([]);
    expect(reminders()).toEqual([]);
    // Within a minute of the start: the knock, and the reminders.
    clock.advance(45_000);
    await until(() => knocks.length === 1 && reminders().length === 2, "the booked knock and the staff's reminders");
    expect(knocks).toEqual([{ by: "たなか先生", booked: true }]);
    expect(reminders()).toEqual(
      expect.arrayContaining([
        { code: "booking_due", about: "あおい" },
        { code: "booking_absent", about: "りく" },
      ]),
    );
    // She had also asked to talk (waiting in the queue).
    const queues = collect<{ items: Array<{ kind: string; from: string }> }>(staffRoom, "queue");
    childRoom.send("askToTalk", {});
    await until(() => queues.at(-1)?.items.some((i) => i.kind === "talk") === true, "her wish in the queue");
    // She says yes: in the counselling room, and the counsellor hears it as a knock's answer.
    childRoom.send("knockReply", { accept: true });
    await until(() => notices.some((n) => n.code === "knock_accepted" && n.about === "あおい"), "the answer");
    await until(() => childRoom.state.avatars.get(childRoom.sessionId)?.zone === "counselling", "shown into the counselling room");
    // The booking's knock is the space's, not the counsellor's answer to her wish: it stays for staff to answer.
    await pong(staffRoom);
    expect(queues.at(-1)?.items.some((i) => i.kind === "talk")).toBe(true);
    expect((await server.services.audit.list(org.id, 20)).some((e) => e.action === "answer_help")).toBe(false);
    // The next checks knock nobody again.
    clock.advance(15_000);
    clock.advance(15_000);
    await pong(childRoom);
    await pong(staffRoom);
    expect(knocks).toHaveLength(1);
    expect(reminders()).toHaveLength(2);
  });
});
