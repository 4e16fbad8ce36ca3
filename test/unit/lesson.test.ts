import { describe, expect, it } from "vitest";
import { CUSHIONS, SEATS, STUDY_DESKS, isClassroomSeat, isCushion, isStudyDesk, seatById, seatNear } from "../../shared/domain/seats.ts";
import { canStandAt } from "../../shared/domain/movement.ts";
import { zoneAt } from "../../shared/domain/zones.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";

/** The classroom's seats and the lesson's messages (shared/domain/lesson.ts, shared/protocol). */
describe("seats", () => {
  it("are one per desk, numbered from 1, each a place an avatar can stand in the classroom", () => {
    expect(SEATS.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const seat of SEATS) {
      expect(canStandAt(seat), `seat ${seat.id}`).toBe(true);
      expect(zoneAt(seat)?.id, `seat ${seat.id}`).toBe("classroom");
      expect(seatById(seat.id)).toBe(seat);
    }
    expect(seatById(0)).toBeUndefined();
    expect(seatById(-1)).toBeUndefined();
    for (const seat of SEATS) expect(isStudyDesk(seat.id)).toBe(false);
  });

  it("go on with the self-study desks, numbered after them, each a place to stand in the quiet corner", () => {
    expect(STUDY_DESKS.map((s) => s.id)).toEqual([13, 14, 15, 16]);
    for (const desk of STUDY_DESKS) {
      expect(canStandAt(desk), `desk ${desk.id}`).toBe(true);
      expect(zoneAt(desk)?.id, `desk ${desk.id}`).toBe("quiet");
      expect(seatById(desk.id)).toBe(desk);
      expect(isStudyDesk(desk.id)).toBe(true);
    }
    expect(isStudyDesk(17)).toBe(false); // the first cushion
    expect(isStudyDesk(0)).toBe(false);
    // From the quiet corner's doorway, the nearest free desk; the classroom's seats are never offered there.
    const first = seatNear({ x: -10, z: 0.5 }, () => false, STUDY_DESKS);
    expect(first?.id).toBe(13);
    expect(seatNear({ x: -10, z: 0.5 }, (id) => id === 13, STUDY_DESKS)?.id).toBe(14);
    expect(seatNear({ x: -10, z: 0.5 }, () => true, STUDY_DESKS)).toBeUndefined();
  });

  it("end with the quiet corner's floor cushions, numbered after the desks, each a place to stand there, and nothing after them", () => {
    const every = [...SEATS, ...STUDY_DESKS, ...CUSHIONS];
    expect(CUSHIONS.map((c) => c.id)).toEqual([17, 18, 19]);
    for (const cushion of CUSHIONS) {
      expect(canStandAt(cushion), `cushion ${cushion.id}`).toBe(true);
      expect(zoneAt(cushion)?.id, `cushion ${cushion.id}`).toBe("quiet");
      expect(seatById(cushion.id)).toBe(cushion);
    }
    expect(every.filter((s) => isCushion(s.id))).toEqual(CUSHIONS);
    expect(every.filter((s) => isStudyDesk(s.id))).toEqual(STUDY_DESKS);
    expect(every.filter((s) => isClassroomSeat(s.id))).toEqual(SEATS);
    expect([seatById(20), isCushion(20), isCushion(0), isCushion(16)]).toEqual([undefined, false, false, false]);
    const [first] = CUSHIONS as [(typeof CUSHIONS)[number]];
    expect(seatNear(first, () => false, CUSHIONS)).toBe(first);
    expect(seatNear(first, (id) => id === first.id, CUSHIONS)?.id).not.toBe(first.id);
    expect(seatNear(first, () => true, CUSHIONS)).toBeUndefined();
  });

  it("gives the nearest free seat, the next nearest when it is taken, and none when all are", () => {
    const first = SEATS[0] as (typeof SEATS)[number];
    const here = { x: first.x + 0.2, z: first.z };
    expect(seatNear(here, () => false)).toBe(first);
    const next = seatNear(here, (id) => id === first.id);
    const distance = (s: { x: number; z: number }) => Math.hypot(s.x - here.x, s.z - here.z);
    expect(next).toBeDefined();
    for (const other of SEATS) if (other.id !== first.id) expect(distance(other)).toBeGreaterThanOrEqual(distance(next as (typeof SEATS)[number]));
    // From the classroom's doorway (its east side), a chair is still found.
    expect(seatNear({ x: -1, z: -6 }, () => false)).toBeDefined();
    expect(seatNear(here, () => true)).toBeUndefined();
  });
});

describe("lesson messages", () => {
  const ok = (type: keyof typeof ClientMessages, payload: unknown) => ClientMessages[type].safeParse(payload).success;

  it("start a lesson with a title of 1 to 40 characters (a longer one cut, as chat is), a subject from the list and a grade of 0 to 9", () => {
    expect(ClientMessages.startLesson.parse({ title: "  ぶんすう  ", subject: "maths", grade: 5 })).toEqual({ title: "ぶんすう", subject: "maths", grade: 5 });
    expect(ok("startLesson", { title: "あ".repeat(40) })).toBe(true);
    expect(ClientMessages.startLesson.parse({ title: "あ".repeat(41) }).title).toBe("あ".repeat(40));
    expect(ok("startLesson", { title: " " })).toBe(false);
    expect(ok("startLesson", { title: "x", subject: "cooking" })).toBe(false);
    expect(ok("startLesson", { title: "x", grade: 10 })).toBe(false);
    expect(ok("startLesson", { title: "x", grade: 1.5 })).toBe(false);
    expect(ok("startLesson", { title: "x", teacher: "me" })).toBe(false);
  });

  it("ask a question as text or as one of the question phrases, never both", () => {
    expect(ok("question", { text: "なぜ？" })).toBe(true);
    expect(ok("question", { phrase: "again" })).toBe(true);
    expect(ok("question", { phrase: "hello" })).toBe(false);
    expect(ok("question", { text: "なぜ？", phrase: "again" })).toBe(false);
    expect(ok("question", {})).toBe(false);
  });

  it("answer a question by its id, privately or to the class", () => {
    expect(ok("answer", { question: "q1", text: "そうだね", toClass: false })).toBe(true);
    expect(ok("answer", { question: "q1", text: "そうだね" })).toBe(false);
    expect(ok("answer", { question: "", text: "そうだね", toClass: true })).toBe(false);
    expect(ok("sit", {})).toBe(true);
    expect(ok("sit", { seat: 1 })).toBe(false);
    // At a group table's free seat: tables 1 to 4, whole numbers.
    expect(ok("sit", { table: 4 })).toBe(true);
    for (const table of [0, 5, 1.5, "1"]) expect(ok("sit", { table }), String(table)).toBe(false);
  });
});
