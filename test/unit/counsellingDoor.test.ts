import { describe, expect, it } from "vitest";
import { CounsellingDoor } from "../../client/space/counsellingDoor.ts";

/**
 * The page's copy of the server's rule for the locked counselling room (lockedOut in
 * server/rooms/handlers/move.ts; rooms-moderation and plaza tests hold the server to it): "go to"
 * says it is closed exactly when the server would turn the child back at its door.
 */
const child = { badge: "", staff: false };
const counsellor = { badge: "", staff: true };
/** In a plaza (an event shared by organisations) everyone wears their organisation's name as a badge. */
const inPlaza = [{ badge: "みなみ中", staff: false }, { badge: "きた教育支援センター", staff: true }];

describe("the counselling room's door, as the page knows it", () => {
  it("should be open to everyone while not locked; in a plaza, closed to everyone, staff too", () => {
    const door = new CounsellingDoor();
    door.enter("talk");
    expect(door.closedTo(child)).toBe(false);
    expect(door.closedTo(counsellor)).toBe(false);
    expect(inPlaza.map((me) => door.closedTo(me))).toEqual([true, true]);
  });

  it("should close to a child outside once locked, never to staff, and open again when unlocked", () => {
    const door = new CounsellingDoor();
    door.enter("talk");
    door.lock(true);
    expect(door.closedTo(child)).toBe(true);
    expect(door.closedTo(counsellor)).toBe(false);
    door.lock(false);
    expect(door.closedTo(child)).toBe(false);
  });

  it("should let a child who was inside when it was locked step out and back in", () => {
    const door = new CounsellingDoor();
    door.enter("counselling");
    door.lock(true);
    expect(door.closedTo(child)).toBe(false);
    door.enter("talk");
    expect(door.closedTo(child)).toBe(false);
  });

  it("should let in a child shown inside after it was locked (a knock accepted), and keep them a member", () => {
    const door = new CounsellingDoor();
    door.enter("talk");
    door.lock(true);
    door.enter("counselling");
    door.enter("quiet");
    expect(door.closedTo(child)).toBe(false);
  });

  it("should forget who was inside when it is locked again: only those inside then may come back", () => {
    const door = new CounsellingDoor();
    door.enter("counselling");
    door.lock(true);
    door.enter("talk");
    door.lock(false);
    door.lock(true);
    expect(door.closedTo(child)).toBe(true);
  });
});
