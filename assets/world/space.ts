import type { BufferGeometry } from "three";
import { FURNITURE } from "../../shared/domain/furniture.ts";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { bakeLight } from "./bakeLight.ts";
import { decor } from "./decor.ts";
import { doorMesh, handMesh } from "./door.ts";
import { furniturePiece } from "./furniture.ts";
import { Kit } from "./kit.ts";
import { floors, walls, windows } from "./room.ts";

/**
 * The space built from shared/ data (issue 17: made here at build time, not in every child's
 * page): floors, walls and windows (room.ts), furniture (furniture.ts), what makes it lived in
 * (decor.ts), the talk spots' mats. Everything that never moves is one vertex-coloured mesh: one
 * draw call. The door and the clock's hands move, so each is its own small mesh (door.ts). The
 * zones' names on the floor are drawn by the page (they follow its language).
 */
export function spaceMesh(): { geometry: BufferGeometry; triangles: number } {
  const kit = new Kit();
  floors(kit);
  walls(kit);
  windows(kit);
  for (const f of FURNITURE) furniturePiece(kit, f);
  decor(kit);
  // Round mats where standing lets one join a talk by voice (issue 16).
  for (const s of TALK_SPOTS) kit.cylinder(s.at.x, s.at.z, s.radius, 0, 0.03, 0xd9c6ec, 32);
  return { geometry: kit.model.build(), triangles: kit.model.triangles };
}

/** The model source of assets/manifest.ts: the static world and its moving parts. */
export function spaceModel(): Record<string, BufferGeometry> {
  // What never moves carries the room's light in its colours; the door and the hands turn, and are lit as they are drawn.
  const still = spaceMesh().geometry;
  bakeLight(still);
  return { static: still, door: doorMesh(), hourHand: handMesh(0.11, 0.022, -0.008), minuteHand: handMesh(0.17, 0.014, -0.003) };
}
