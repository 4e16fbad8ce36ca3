import type { Point, Rect } from "../../shared/domain/geometry.ts";
import { FURNITURE, type FurnitureKind } from "../../shared/domain/furniture.ts";
import type { MessageKey, Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/** People this close are "near you"; things closer still (they do not move, so fewer matter). */
const PEOPLE_METRES = 3;
const THINGS_METRES = 2;
const MOST = 4;

const THING: Record<FurnitureKind, MessageKey> = {
  desk: "thingDesk",
  board: "thingBoard",
  bench: "thingBench",
  rug: "thingRug",
  bookshelf: "thingBookshelf",
  cushion: "thingCushion",
  table: "thingTable",
  sofa: "thingSofa",
  plant: "thingPlant",
  door: "thingDoor",
  teacherDesk: "thingTeacherDesk",
  lamp: "thingLamp",
};

export interface Someone extends Point {
  nickname: string;
}

/**
 * "Near you": who and what is a few steps away, and which way on the screen (the camera always
 * looks north, so up the screen is the same way every time). For screen-reader users the 3D view
 * is never the only way to know who they are standing with. Not a live region: it changes with
 * every few steps, and is there to be read when wanted.
 */
export class NearbyLine {
  readonly element: HTMLElement;
  readonly #list: HTMLElement;
  readonly #t: Translate;
  #last = "";

  constructor(t: Translate) {
    this.#t = t;
    this.#list = h("span", { class: "nearby-list" });
    this.element = h("p", { class: "nearby", id: "nearby" }, h("span", {}, t("nearby")), this.#list);
    this.update({ x: Number.NaN, z: Number.NaN }, []);
  }

  update(me: Point, others: Iterable<Someone>): void {
    const text = describeNearby(me, others, this.#t);
    if (text === this.#last) return;
    this.#last = text;
    this.#list.textContent = text;
  }
}

/** The words of "near you": the nearest people within a few metres, then the nearest things. */
export function describeNearby(me: Point, others: Iterable<Someone>, t: Translate): string {
  const people = [...others]
    .map((o) => ({ o, d: Math.hypot(o.x - me.x, o.z - me.z) }))
    .filter(({ d }) => d <= PEOPLE_METRES)
    .sort((a, b) => a.d - b.d)
    .slice(0, MOST)
    .map(({ o }) => t("personNear", { name: o.nickname, dir: t(direction(me, o)) }));
  const nearest = new Map<FurnitureKind, { d: number; at: Point }>();
  for (const item of FURNITURE) {
    const at = closestPoint(item.footprint, me);
    const d = Math.hypot(at.x - me.x, at.z - me.z);
    if (d <= THINGS_METRES && d < (nearest.get(item.kind)?.d ?? Infinity)) nearest.set(item.kind, { d, at });
  }
  const things = [...nearest]
    .sort((a, b) => a[1].d - b[1].d)
    .slice(0, MOST)
    .map(([kind, { at }]) => t("thingNear", { thing: t(THING[kind]), dir: t(direction(me, at)) }));
  return [...people, ...things].join(t("listSeparator")) || t("nearbyNobody");
}

function direction(me: Point, there: Point): MessageKey {
  const dx = there.x - me.x;
  const dz = there.z - me.z;
  if (Math.hypot(dx, dz) < 0.8) return "dirHere";
  if (Math.abs(dx) > Math.abs(dz)) return dx > 0 ? "dirRight" : "dirLeft";
  return dz < 0 ? "dirUp" : "dirDown";
}

function closestPoint(r: Rect, p: Point): Point {
  return { x: Math.min(r.x1, Math.max(r.x0, p.x)), z: Math.min(r.z1, Math.max(r.z0, p.z)) };
}
