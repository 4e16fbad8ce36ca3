import { BoxGeometry, type BufferGeometry, CircleGeometry, CylinderGeometry, IcosahedronGeometry, PlaneGeometry, Vector3 } from "three";
import { type Rect, centre } from "../../shared/domain/geometry.ts";
import { zoneAt } from "../../shared/domain/zones.ts";
import { ModelBuilder, type Placement } from "../model.ts";
import { MOOD } from "./palette.ts";

/**
 * The shapes the world is built from, on one ModelBuilder: boxes from floor rectangles, upright
 * cylinders, round blobs, flat panels. Every piece takes its area's mood (palette.ts) from where
 * it stands, so the quiet corner is a little softer and the counselling room a little warmer
 * without a light of their own (a light per area would cost every frame; this costs nothing).
 */
export class Kit {
  readonly model = new ModelBuilder();

  #add(shape: Parameters<ModelBuilder["add"]>[0], place: Placement & { at: readonly [number, number, number] }, colour: number): void {
    this.model.add(shape, { ...place, colour: moody(colour, place.at[0], place.at[2]) });
  }

  /** A box standing on a floor rectangle from height y0 to y1. */
  block(r: Rect, y0: number, y1: number, colour: number): void {
    this.#add(withoutUnderside(new BoxGeometry(r.x1 - r.x0, y1 - y0, r.z1 - r.z0)), { at: [(r.x0 + r.x1) / 2, (y0 + y1) / 2, (r.z0 + r.z1) / 2] }, colour);
  }

  cylinder(x: number, z: number, radius: number, y0: number, y1: number, colour: number, sides = 10, top = radius): void {
    this.#add(withoutUnderside(new CylinderGeometry(top, radius, y1 - y0, sides)), { at: [x, (y0 + y1) / 2, z] }, colour);
  }

  blob(x: number, y: number, z: number, radius: number, colour: number, detail = 0, squash = 1): void {
    this.#add(withoutUnderside(new IcosahedronGeometry(radius, detail)), { at: [x, y, z], scale: [1, squash, 1] }, colour);
  }

  /** A flat rectangle on the floor (y just above it): a patch of sunlight, a lamp's glow. */
  floorPatch(r: Rect, y: number, colour: number): void {
    const c = centre(r);
    this.#add(new PlaneGeometry(r.x1 - r.x0, r.z1 - r.z0), { at: [c.x, y, c.z], rotate: [-Math.PI / 2, 0, 0] }, colour);
  }

  floorDisc(x: number, z: number, radius: number, y: number, colour: number, sides = 24): void {
    this.#add(new CircleGeometry(radius, sides), { at: [x, y, z], rotate: [-Math.PI / 2, 0, 0] }, colour);
  }

  /**
   * A flat panel on a wall's face, facing into the room: `face` says which way it faces ("south"
   * for the north wall), `along` its centre along the wall, y its centre height.
   */
  wallPanel(face: Face, line: number, along: number, y: number, width: number, height: number, colour: number): void {
    const [rx, ry, at] = facing(face, line, along, y);
    this.#add(new PlaneGeometry(width, height), { at, rotate: [rx, ry, 0] }, colour);
  }

  /** A round flat piece on a wall (a clock's face): a disc facing into the room. */
  wallDisc(face: Face, line: number, along: number, y: number, radius: number, colour: number, sides = 20): void {
    const [rx, ry, at] = facing(face, line, along, y);
    this.#add(new CircleGeometry(radius, sides), { at, rotate: [rx, ry, 0] }, colour);
  }
}

/**
 * A shape without the faces that look straight down: the camera always looks down from above,
 * so no one ever sees them (a sixth of every box, the bottom of every cylinder: triangles and
 * vertices a tablet would transform each frame for nothing).
 */
function withoutUnderside<T extends BufferGeometry>(shape: T): T {
  const p = shape.getAttribute("position");
  const all = shape.index ? Array.from(shape.index.array) : [...Array(p.count).keys()];
  const [a, b, c] = [new Vector3(), new Vector3(), new Vector3()];
  const kept: number[] = [];
  for (let t = 0; t < all.length; t += 3) {
    const tri = all.slice(t, t + 3);
    a.fromBufferAttribute(p, tri[0] ?? 0);
    b.fromBufferAttribute(p, tri[1] ?? 0).sub(a);
    c.fromBufferAttribute(p, tri[2] ?? 0).sub(a);
    if (b.cross(c).normalize().y > -0.9) kept.push(...tri);
  }
  shape.setIndex(kept);
  return shape;
}

/** Which way a wall piece faces: into the room from the wall it hangs on. */
export type Face = "south" | "east" | "west";

function facing(face: Face, line: number, along: number, y: number): [number, number, [number, number, number]] {
  switch (face) {
    case "south": // on a north wall (its face at z = line), along x
      return [0, 0, [along, y, line]];
    case "east": // on a west wall (x = line), along z
      return [0, Math.PI / 2, [line, y, along]];
    case "west": // on an east wall
      return [0, -Math.PI / 2, [line, y, along]];
  }
}

/** A colour in the mood of the area at (x, z); outside the building, as it is. */
export function moody(colour: number, x: number, z: number): number {
  const zone = zoneAt({ x, z });
  const mood = zone ? MOOD[zone.id] : undefined;
  if (!mood) return colour;
  const mix = (shift: number) => {
    const own = (colour >> shift) & 0xff;
    const tint = (mood.tint >> shift) & 0xff;
    return Math.min(255, Math.round((own + (tint - own) * mood.amount) * mood.light));
  };
  return (mix(16) << 16) | (mix(8) << 8) | mix(0);
}
