import type { Point } from "../../shared/domain/geometry.ts";
import { canStandAt, canWalk } from "../../shared/domain/movement.ts";
import { FLOOR, type ZoneId, zoneById } from "../../shared/domain/zones.ts";

/**
 * Routes for "go to": a path around walls and furniture, through the doorways, using the very
 * rules the server judges steps by (shared/domain/movement.ts). A coarse grid search (A*), then
 * the corners are pulled tight so the avatar walks in a few straight lines, not a staircase.
 */
const CELL = 0.5;
const COLS = Math.round((FLOOR.x1 - FLOOR.x0) / CELL);
const ROWS = Math.round((FLOOR.z1 - FLOOR.z0) / CELL);
const NEIGHBOURS: ReadonlyArray<[number, number]> = [
  [1, 0], [-1, 0], [0, 1], [0, -1],
  [1, 1], [1, -1], [-1, 1], [-1, -1],
];
/** How far from the start and goal the nearest usable cells are looked for, in cells. */
const SNAP_CELLS = 3;

let standable: Uint8Array | null = null;
const cellPoint = (i: number): Point => ({ x: FLOOR.x0 + ((i % COLS) + 0.5) * CELL, z: FLOOR.z0 + (Math.floor(i / COLS) + 0.5) * CELL });

function canStandCell(i: number): boolean {
  // Computed once per page: 0 = unknown, 1 = yes, 2 = no.
  standable ??= new Uint8Array(COLS * ROWS);
  if (standable[i] === 0) standable[i] = canStandAt(cellPoint(i)) ? 1 : 2;
  return standable[i] === 1;
}

/** The cells near p that p can walk to (or from) in a straight line. */
function nearCells(p: Point): number[] {
  const col = Math.floor((p.x - FLOOR.x0) / CELL);
  const row = Math.floor((p.z - FLOOR.z0) / CELL);
  const found: number[] = [];
  for (let r = row - SNAP_CELLS; r <= row + SNAP_CELLS; r++) {
    for (let c = col - SNAP_CELLS; c <= col + SNAP_CELLS; c++) {
      if (r < 0 || c < 0 || r >= ROWS || c >= COLS) continue;
      const i = r * COLS + c;
      if (canStandCell(i) && canWalk(p, cellPoint(i))) found.push(i);
    }
  }
  return found;
}

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.z - b.z);

/** Waypoints from `from` to `to` (the first is the first turn, the last is `to`); null if there is no way. */
export function planRoute(from: Point, to: Point): Point[] | null {
  if (!canStandAt(to)) return null;
  if (canWalk(from, to)) return [to];
  const goals = new Set(nearCells(to));
  const starts = nearCells(from);
  if (goals.size === 0 || starts.length === 0) return null;

  const cost = new Float64Array(COLS * ROWS).fill(Infinity);
  const previous = new Int32Array(COLS * ROWS).fill(-1);
  const open = new MinQueue();
  for (const s of starts) {
    cost[s] = distance(from, cellPoint(s));
    open.push(s, (cost[s] ?? 0) + distance(cellPoint(s), to));
  }
  let reached = -1;
  const closed = new Uint8Array(COLS * ROWS);
  while (open.size > 0) {
    const i = open.pop();
    if (closed[i]) continue;
    closed[i] = 1;
    if (goals.has(i)) {
      reached = i;
      break;
    }
    const here = cellPoint(i);
    const col = i % COLS;
    const row = Math.floor(i / COLS);
    for (const [dc, dr] of NEIGHBOURS) {
      const c = col + dc;
      const r = row + dr;
      if (c < 0 || r < 0 || c >= COLS || r >= ROWS) continue;
      const j = r * COLS + c;
      if (closed[j] || !canStandCell(j)) continue;
      const there = cellPoint(j);
      const next = (cost[i] ?? Infinity) + Math.hypot(dc, dr) * CELL;
      if (next >= (cost[j] ?? Infinity) || !canWalk(here, there)) continue;
      cost[j] = next;
      previous[j] = i;
      open.push(j, next + distance(there, to));
    }
  }
  if (reached < 0) return null;

  const path: Point[] = [to];
  for (let i = reached; i >= 0; i = previous[i] ?? -1) path.unshift(cellPoint(i));
  path.unshift(from);
  return pullTight(path);
}

/** Keeps only the corners: from each kept point, the farthest point still in straight sight. */
function pullTight(path: Point[]): Point[] {
  const kept: Point[] = [];
  let i = 0;
  while (i < path.length - 1) {
    let j = path.length - 1;
    while (j > i + 1 && !canWalk(path[i] as Point, path[j] as Point)) j--;
    kept.push(path[j] as Point);
    i = j;
  }
  return kept;
}

/** A route to the middle of a zone (where its name is written on the floor). */
export function routeToZone(from: Point, zone: ZoneId): Point[] | null {
  return planRoute(from, zoneById(zone).label);
}

/** A small binary heap of cell indices by priority. */
class MinQueue {
  readonly #items: Array<[priority: number, cell: number]> = [];

  get size(): number {
    return this.#items.length;
  }

  push(cell: number, priority: number): void {
    const items = this.#items;
    items.push([priority, cell]);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if ((items[parent]?.[0] ?? 0) <= priority) break;
      [items[k], items[parent]] = [items[parent] as [number, number], items[k] as [number, number]];
      k = parent;
    }
  }

  pop(): number {
    const items = this.#items;
    const top = items[0] as [number, number];
    const last = items.pop() as [number, number];
    if (items.length > 0) {
      items[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < items.length && (items[l]?.[0] ?? 0) < (items[m]?.[0] ?? 0)) m = l;
        if (r < items.length && (items[r]?.[0] ?? 0) < (items[m]?.[0] ?? 0)) m = r;
        if (m === k) break;
        [items[k], items[m]] = [items[m] as [number, number], items[k] as [number, number]];
        k = m;
      }
    }
    return top[1];
  }
}
