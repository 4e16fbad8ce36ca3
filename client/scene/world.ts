import { Color, Group, Mesh, MeshBasicMaterial, MeshLambertMaterial, type BufferGeometry } from "three";
import type { Lang } from "../i18n/index.ts";
import { BAKED_LIGHT_SCALE } from "../../assets/world/light.ts";
import { floorSigns } from "./floorSigns.ts";

/**
 * The space as the page shows it: the world (assets/world/space.ts, built into a GLB: one
 * vertex-coloured mesh for all that never moves, and the door and the clock's hands) and the
 * zones' names on the floor, in the page's language.
 */
export function buildWorld(lang: Lang): Group {
  const world = new Group();
  world.name = "world";
  world.add(floorSigns(lang));
  return world;
}

/** The world model's meshes: what never moves, and the parts that do, each built about its pivot. */
export type WorldShapes = Record<"static" | "door" | "hourHand" | "minuteHand", BufferGeometry>;

/** The world's meshes, once its model has arrived; a moving part stands where its extras say. */
export function addWorldModel(world: Group, shapes: WorldShapes): void {
  // What never moves has the room's light in its colours (assets/world/bakeLight.ts), drawn unlit;
  // the door and the clock's hands turn, and the light on them with it, so they are lit as drawn.
  const lit = new MeshLambertMaterial({ vertexColors: true });
  const baked = new MeshBasicMaterial({ vertexColors: true, color: new Color().setScalar(BAKED_LIGHT_SCALE) });
  for (const [name, shape] of Object.entries(shapes)) {
    const mesh = new Mesh(shape, name === "static" ? baked : lit);
    mesh.name = name;
    mesh.position.fromArray((shape.userData.at as number[] | undefined) ?? [0, 0, 0]);
    world.add(mesh);
  }
  closeDoor(world, world.userData.closed === true);
}

/** The counselling room's door closes while the room is in use (locked), and stands open otherwise. */
export function closeDoor(world: Group, closed: boolean): void {
  world.userData.closed = closed;
  const door = world.getObjectByName("door");
  if (door) door.rotation.y = closed ? 0 : Math.PI / 2;
}

/**
 * The clock's hands at the time now. Set when a frame is drawn anyway, never a frame of its own:
 * an idle page draws nothing, and the minute the hand is behind is the price.
 */
export function setClock(world: Group, now: Date): void {
  const minutes = now.getHours() * 60 + now.getMinutes();
  const hour = world.getObjectByName("hourHand");
  const minute = world.getObjectByName("minuteHand");
  if (hour) hour.rotation.z = (-minutes / 720) * Math.PI * 2;
  if (minute) minute.rotation.z = (-minutes / 60) * Math.PI * 2;
}

export function disposeWorld(world: Group): void {
  world.traverse((object) => {
    if (object instanceof Mesh) {
      object.geometry.dispose();
      const material = object.material as MeshBasicMaterial | MeshLambertMaterial;
      material.map?.dispose();
      material.dispose();
    }
  });
}

/** What the world shows, for tests: whether its model is in, the door, the time on the clock ("9:05") and the words on the floor. */
export function worldFacts(world: Group) {
  const minute = world.getObjectByName("minuteHand");
  const hour = world.getObjectByName("hourHand");
  // How far round each hand has turned, in its own steps (the hour hand moves with the minutes).
  const turned = (hand: typeof minute, steps: number) => Math.round(((((hand?.rotation.z ?? 0) / (-Math.PI * 2)) % 1) + 1) % 1 * steps) % steps;
  return {
    loaded: !!minute,
    door: world.userData.closed === true ? "closed" : "open",
    clock: `${Math.floor(turned(hour, 720) / 60) || 12}:${String(turned(minute, 60)).padStart(2, "0")}`,
    signs: (world.getObjectByName("floorSigns")?.userData.words as string[] | undefined) ?? [],
  };
}
