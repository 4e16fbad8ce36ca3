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
export async function until(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${typeof what === "string" ? what : what()}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves when the server has answered a ping on this connection. Whatever the server sent this
 * person before it read the ping has arrived by then, so a test can say something was *not* sent
 * without sleeping: do the thing, make sure the server has handled it, await pong(), then look.
 * Messages held for the space's next patch (lines and reactions to others) are not covered: see
 * caughtUp(). Fails if the connection closes first.
 */
export function pong(room: SpaceRoom, timeoutMs = 5000): Promise<void> {
  if (!room.connection.isOpen) return Promise.reject(new Error("no pong: the connection is closed"));
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      room.onLeave.remove(left);
      if (error) reject(error);
      else resolve();
    };
    const left = (code: number) => done(new Error(`no pong: the connection closed first (${code})`));
    const timer = setTimeout(() => done(new Error("timed out waiting for a pong")), timeoutMs);
    room.onLeave(left);
    room.ping(() => done());
  });
}

/**
 * Resolves when `listener` has everything the server had sent them, or held for a patch, when it
 * handled a wave from `by`: others get a wave with the space's next patch, written after whatever
 * was sent or held for them before it (and after that patch itself). The positive event that
 * proves a held line or a state change did not reach `listener`. Both must be in the space.
 */
export async function caughtUp(listener: SpaceRoom, by: SpaceRoom): Promise<void> {
  if (listener === by) throw new Error("a wave reaches its sender at once: mark with someone else's");
  let arrived = false;
  const stop = listener.onMessage("emote", (e: { from?: string }) => {
    if (e.from === by.sessionId) arrived = true;
  });
  try {
    by.send("emote", { emote: "wave" });
    await until(() => arrived, "the wave that marks what came before it");
  } finally {
    stop();
  }
}

/** Cuts the socket without a close frame, as a tunnel or a sleeping tablet does (code 1006 on the server). */
export function dropLink(room: SpaceRoom): void {
  (room.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
}

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
