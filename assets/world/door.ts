import { BoxGeometry, type BufferGeometry, CylinderGeometry } from "three";
import { FURNITURE } from "../../shared/domain/furniture.ts";
import { ModelBuilder } from "../model.ts";
import { CLOCK } from "./decor.ts";
import { WOOD_DARK } from "./palette.ts";

/**
 * The world's moving parts, each a small mesh of its own that the page turns: the counselling
 * room's door (open, or closed while the room is in use) and the classroom clock's two hands.
 * Each is built about its pivot: the door about its hinge, a hand about the clock's centre,
 * pointing up (12 o'clock).
 */
const door = FURNITURE.find((f) => f.kind === "door")?.footprint;

/** Where the door's hinge is, and its length along the doorway (shared/domain/furniture.ts). */
export const DOOR = door ? { x: (door.x0 + door.x1) / 2, z: door.z0, length: door.z1 - door.z0 } : { x: 8.05, z: 6, length: 2 };

export function doorMesh(): BufferGeometry {
  const m = new ModelBuilder();
  const L = DOOR.length - 0.05;
  // A wooden door along +z from its hinge: a panel, a lighter inset, a little window and a round knob on each side.
  m.add(new BoxGeometry(0.05, 2.0, L), { at: [0, 1.0, L / 2], colour: 0xa0673f });
  for (const side of [-1, 1]) {
    m.add(new BoxGeometry(0.01, 0.7, L - 0.5), { at: [side * 0.028, 0.6, L / 2], colour: 0xb87d52 });
    m.add(new BoxGeometry(0.01, 0.35, 0.5), { at: [side * 0.028, 1.55, L / 2], colour: 0xd6ecf5 });
    m.add(new CylinderGeometry(0.04, 0.04, 0.05, 8), { at: [side * 0.05, 1.0, L - 0.15], rotate: [0, 0, Math.PI / 2], colour: 0xd9b44a });
  }
  const g = m.build();
  // Where the page stands it (its glTF extras): the hinge.
  g.userData.at = [DOOR.x, 0, DOOR.z];
  return g;
}

/** A clock hand pointing up from the clock's centre, `out` in front of its face (the minute hand over the hour hand). */
export function handMesh(length: number, width: number, out: number): BufferGeometry {
  const m = new ModelBuilder();
  m.add(new BoxGeometry(width, length, 0.004), { at: [0, length / 2 - 0.02, 0], colour: WOOD_DARK });
  const g = m.build();
  g.userData.at = [CLOCK.x, CLOCK.y, CLOCK.z + out];
  return g;
}
