import type { Room } from "@colyseus/sdk";
import type { SpaceState } from "../../shared/state/SpaceState.ts";

/** A joined room, with every event it has received so far by type (see people.ts). */
export type SpaceRoom = Room<unknown, SpaceState> & { received?: Record<string, unknown[]> };

/** Every message of a type a client receives, in order, from now on. */
export function collect<T = unknown>(room: SpaceRoom, type: string): T[] {
  const seen: T[] = [];
  room.onMessage(type, (payload: T) => seen.push(payload));
  return seen;
}

/** Waits until `check` holds, polling; fails with `what` if it never does. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Walks an avatar along a path the way an honest client would: small steps, at walking pace. */
export async function walk(room: SpaceRoom, from: { x: number; z: number }, path: Array<{ x: number; z: number }>): Promise<void> {
  let at = from;
  for (const target of path) {
    const distance = Math.hypot(target.x - at.x, target.z - at.z);
    const steps = Math.max(1, Math.ceil(distance / 0.9));
    for (let i = 1; i <= steps; i++) {
      const x = at.x + ((target.x - at.x) * i) / steps;
      const z = at.z + ((target.z - at.z) * i) / steps;
      room.send("move", { x, z, heading: 0, vx: 0, vz: 0 });
      await sleep(70);
    }
    at = target;
  }
}

export function me(room: SpaceRoom) {
  const avatar = room.state.avatars.get(room.sessionId);
  if (!avatar) throw new Error("my avatar is missing");
  return avatar;
}
