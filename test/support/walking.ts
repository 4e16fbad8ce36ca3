import type { Room } from "@colyseus/core";
import { planRoute } from "../../client/input/routes.ts";
import type { Point } from "../../shared/domain/geometry.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, until, walk } from "./clients.ts";
import type { TestServer } from "./server.ts";

/** A spot inside the classroom, where a lesson starts. */
export const CLASSROOM = { x: -10, z: -10 };

/** The server's own room for a client (its state as the server holds it). */
export const serverRoom = (server: TestServer, room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;

/** Where the server has someone now, metres. */
export function positionOf(server: TestServer, room: SpaceRoom): Point {
  const a = serverRoom(server, room).state.avatars.get(room.sessionId);
  return { x: (a?.x ?? 0) / 100, z: (a?.z ?? 0) / 100 };
}

/** Walks the way the page's "go to" would, to a point, and waits until the server has them there. */
export async function walkTo(server: TestServer, room: SpaceRoom, to: Point): Promise<void> {
  const from = positionOf(server, room);
  const route = planRoute(from, to);
  if (!route) throw new Error(`no way to ${to.x}, ${to.z}`);
  await walk(room, from, route);
  await until(() => Math.hypot(positionOf(server, room).x - to.x, positionOf(server, room).z - to.z) < 0.05, `arrived at ${to.x}, ${to.z}`);
}
