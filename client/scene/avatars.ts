import { type BufferGeometry, type Camera, Color, Frustum, Group, Matrix4 } from "three";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { Emote } from "../../shared/domain/presence.ts";
import { isCushion } from "../../shared/domain/seats.ts";
import type { AvatarView } from "../net/connection.ts";
import { Crowd, type CrowdView, type FigurePose } from "./crowd.ts";
import { MOVING_GESTURES, showing } from "./expression.ts";
import { EXPRESSIONS, GESTURE } from "../../assets/characters/rig.ts";
import { lookColours, lookIndices } from "./figure.ts";
import { INTERPOLATION_DELAY_MS, type Keyframe, type Snapshot, SnapshotBuffer } from "./interpolation.ts";
import { BUBBLE, NAME_TAG, REACTION, drawBubble, drawNameTag, drawReaction } from "./labels.ts";
import type { Paint } from "./atlas.ts";
import { Billboards, type TagSpot } from "./billboards.ts";

/** The words on a name tag: the page decides them (language, status names). */
export type Describe = (avatar: AvatarView) => { name: string; detail: string };

/** A bubble or a reaction over a head, until it goes. */
interface Floating {
  readonly spot: TagSpot;
  until: number;
}

interface Entry extends FigurePose {
  readonly isMe: boolean;
  readonly buffer: SnapshotBuffer;
  view: AvatarView;
  colours: { outfit: Color; skin: Color; hair: Color };
  look: [number, number, number, number];
  motion: [number, number, number, number];
  /** The look's ids, to notice a change. */
  lookKey: string;
  /** Where the figure was drawn at the last frame: the walk cycle follows the distance since. */
  walkedFrom: { x: number; z: number };
  /** The last reaction, while the face and body still show it. */
  reaction: { emote: Emote; until: number } | null;
  tag: string;
  /** Where the name tag is and which box of the atlas it shows. */
  readonly spot: TagSpot;
  /** False only when the atlas is full (more people than any space holds). */
  hasTag: boolean;
  bubble: Floating | null;
  /** The chat line the bubble says (its id): staff may take it down while it shows. */
  saying: string;
  /** The last reaction's symbol over the head, while it floats. */
  symbol: Floating | null;
}

export const NAME_Y = 1.75;
/** The foot of a name tag's box: what stays put when larger text makes the pictures over a head grow. */
const TAG_FOOT_Y = NAME_Y - NAME_TAG.metresHigh / 2;
/**
 * A reaction (a raised hand ✋) floats just over the whole name tag, never on its top line: that line is
 * the person's status ("見てるだけ"), which must stay readable while the hand shows. Billboards are placed
 * by their centres, so the reaction's lower edge meets the tag's upper edge.
 */
export const EMOTE_Y = NAME_Y + (NAME_TAG.metresHigh + REACTION.metresHigh) / 2;
/** A speech bubble sits on the name tag; over the reaction while one shows ("wave if you hear me", and a line). */
export const BUBBLE_Y = NAME_Y + (NAME_TAG.metresHigh + BUBBLE.metresHigh) / 2;
export const BUBBLE_OVER_REACTION_Y = EMOTE_Y + (REACTION.metresHigh + BUBBLE.metresHigh) / 2;
const EMOTE_MS = 3000;
/** A step of the walk cycle, metres (a child's stride at the space's walking speed). */
const STRIDE = 0.85;
/** More than this between two frames is a placement, not walking (metres). */
const MAX_STRIDE = 1.5;
/** Walking speed at which the walk cycle is at its fullest, m/s. */
const FULL_WALK = 1.2;

/**
 * Everyone's avatar in the scene. Others are shown slightly in the past and interpolated; my own
 * avatar is placed directly by the local player so walking feels immediate.
 *
 * Figures, shadows, name tags, speech bubbles and reactions are drawn for everybody at once (one
 * draw call each, however many are here; none for bubbles or reactions while none shows): tick()
 * writes their instance buffers when anything moved or changed, so it must run before each
 * render (SpaceView's frame does).
 */
export class Avatars {
  readonly group = new Group();
  readonly #entries = new Map<string, Entry>();
  readonly #sample: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };
  readonly #describe: Describe;
  /** Everyone's figures, once the character model has arrived (until then nobody is drawn, only named). */
  #crowd: Crowd | null = null;
  readonly #tags = new Billboards(NAME_TAG);
  readonly #bubbles = new Billboards(BUBBLE);
  readonly #reactions = new Billboards(REACTION);
  /** What each kind shows in the next frame (written by #write). */
  readonly #spots = { tags: [] as TagSpot[], bubbles: [] as TagSpot[], reactions: [] as TagSpot[] };
  #dirty = false;
  #shadows = true;
  #motion = 1;
  #lastTick = 0;
  readonly #camera: CrowdView = { x: 0, z: 0, frustum: new Frustum() };
  /** The camera's projection × view when it last changed. */
  readonly #seen = new Matrix4();
  readonly #seeing = new Matrix4();

  constructor(describe: Describe) {
    this.#describe = describe;
    this.group.add(this.#tags.mesh, this.#reactions.mesh, this.#bubbles.mesh);
  }

  /** The character model (assets/characters/figure.ts, fetched as a GLB): everyone is drawn from now on. */
  useFigures(shapes: { figure: BufferGeometry; shadow: BufferGeometry }): void {
    if (this.#crowd) return;
    this.#crowd = new Crowd(shapes);
    this.#crowd.shadowsShown = this.#shadows;
    this.#crowd.material.userData.idle.value = this.#motion;
    this.group.add(this.#crowd.group);
    this.#dirty = true;
  }

  /** Calm setting: no breathing, no waving to and fro, no nodding (a raised hand still shows). */
  setReducedMotion(on: boolean): void {
    this.#motion = on ? 0 : 1;
    if (this.#crowd) this.#crowd.material.userData.idle.value = this.#motion;
    this.#dirty = true;
  }

  add(view: AvatarView, isMe: boolean, now: number): void {
    if (this.#entries.has(view.id)) {
      this.update(view, now);
      return;
    }
    const { name, detail } = this.#describe(view);
    const slot = this.#tags.atlas.claim();
    const bounds = slot === null ? { left: 0, top: 0, right: 0, bottom: 0 } : this.#tags.atlas.draw(slot, (ctx, x, y) => drawNameTag(ctx, x, y, name, detail, view.staff));
    const entry: Entry = {
      isMe,
      buffer: new SnapshotBuffer(),
      view,
      x: view.x,
      z: view.z,
      heading: view.heading,
      colours: { outfit: new Color(), skin: new Color(), hair: new Color() },
      look: [0, 0, 0, 0],
      motion: [0, 0, sitting(view.seat), 0],
      lookKey: lookKey(view),
      walkedFrom: { x: view.x, z: view.z },
      reaction: null,
      tag: `${name}\n${detail}`,
      spot: { x: view.x, y: NAME_Y, z: view.z, slot: slot ?? 0, bounds },
      hasTag: slot !== null,
      bubble: null,
      saying: "",
      symbol: null,
    };
    lookColours(view, entry.colours);
    this.#pose(entry, now);
    entry.buffer.push(keyframe(view));
    this.#entries.set(view.id, entry);
    this.#dirty = true;
  }

  /** Applies a state change; returns true if something visible changed besides position. */
  update(view: AvatarView, now: number): boolean {
    const entry = this.#entries.get(view.id);
    if (!entry) return false;
    let changed = false;
    if (!entry.isMe) entry.buffer.push(keyframe(view));
    entry.view = view;
    if (lookKey(view) !== entry.lookKey) {
      lookColours(view, entry.colours);
      entry.lookKey = lookKey(view);
      changed = true;
    }
    // Status, hand and seat show on the figure (face, arm, sitting).
    if (this.#pose(entry, now)) changed = true;
    if (changed) this.#dirty = true;
    const { name, detail } = this.#describe(view);
    if (`${name}\n${detail}` !== entry.tag) {
      entry.tag = `${name}\n${detail}`;
      if (entry.hasTag) entry.spot.bounds = this.#tags.atlas.draw(entry.spot.slot, (ctx, x, y) => drawNameTag(ctx, x, y, name, detail, view.staff));
      // A tag's size can change with its words.
      this.#dirty = true;
      changed = true;
    }
    return changed;
  }

  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    if (entry.hasTag) this.#tags.atlas.release(entry.spot.slot);
    if (entry.bubble) this.#bubbles.atlas.release(entry.bubble.spot.slot);
    if (entry.symbol) this.#reactions.atlas.release(entry.symbol.spot.slot);
    this.#entries.delete(id);
    this.#dirty = true;
  }

  /** My avatar, placed by the local player. */
  placeMine(id: string, x: number, z: number, heading: number): void {
    const entry = this.#entries.get(id);
    if (!entry || (entry.x === x && entry.z === z && entry.heading === heading)) return;
    entry.x = x;
    entry.z = z;
    entry.heading = heading;
    this.#dirty = true;
  }

  /** A line said (`line`: its id): in a bubble over the head for a while. */
  say(id: string, text: string, now: number, line = ""): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.bubble = this.#float(this.#bubbles, entry.bubble, (ctx, x, y) => drawBubble(ctx, x, y, text), BUBBLE_Y, now + LIMITS.bubbleMs);
    entry.saying = line;
  }

  /** Staff took a line down: its bubble goes at the next frame, if it still shows. */
  unsay(line: string): void {
    for (const entry of this.#entries.values()) if (entry.bubble && entry.saying === line) entry.bubble.until = 0;
  }

  /** A reaction: its symbol floats above the head, and the face and body show it for a while (expression.ts). */
  react(id: string, symbol: string, now: number, emote?: Emote): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.symbol = this.#float(this.#reactions, entry.symbol, (ctx, x, y) => drawReaction(ctx, x, y, symbol), EMOTE_Y, now + EMOTE_MS);
    if (!emote) return;
    entry.reaction = { emote, until: now + EMOTE_MS };
    if (this.#pose(entry, now)) this.#dirty = true;
  }

  /** The camera: figures beyond crowd.ts's FAR_METRES from it are drawn lighter, and those it cannot see not at all. */
  setCamera(camera: Camera): void {
    camera.updateMatrixWorld();
    const seeing = this.#seeing.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    if (seeing.equals(this.#seen)) return;
    this.#seen.copy(seeing);
    this.#camera.frustum?.setFromProjectionMatrix(seeing);
    this.#camera.x = camera.position.x;
    this.#camera.z = camera.position.z;
    this.#dirty = true;
  }

  /**
   * Advances interpolation and floating sprites, and writes what changed for the next frame;
   * returns true while anything is still changing on screen.
   */
  tick(now: number): boolean {
    let busy = false;
    const t = now - INTERPOLATION_DELAY_MS;
    const dt = Math.min(0.25, Math.max(0, (now - this.#lastTick) / 1000));
    this.#lastTick = now;
    for (const entry of this.#entries.values()) {
      if (!entry.isMe) {
        const moving = entry.buffer.sample(t, this.#sample);
        if (entry.x !== this.#sample.x || entry.z !== this.#sample.z || entry.heading !== this.#sample.heading) {
          entry.x = this.#sample.x;
          entry.z = this.#sample.z;
          entry.heading = this.#sample.heading;
          this.#dirty = true;
          busy = true;
        }
        busy ||= moving;
      }
      // The walk cycle follows the distance drawn since the last frame (mine is placed before this, by the local player).
      const step = Math.hypot(entry.x - entry.walkedFrom.x, entry.z - entry.walkedFrom.z);
      // A jump (seated by the server, put back, arriving) is a placement, not a stride.
      if (this.#walk(entry, step > MAX_STRIDE ? 0 : step, dt)) busy = this.#dirty = true;
      entry.walkedFrom.x = entry.x;
      entry.walkedFrom.z = entry.z;
      // Face, gesture and seat change with the person's state (update, react); here only a reaction's end.
      if (entry.reaction && this.#pose(entry, now)) this.#dirty = true;
      // Waving and nodding move by themselves; a reaction's end changes the face.
      if (MOVING_GESTURES.has(gestureName(entry.motion[3])) && this.#motion > 0) busy = this.#dirty = true;
      if (entry.reaction) busy = true;
      if (entry.bubble && now >= entry.bubble.until) {
        this.#bubbles.atlas.release(entry.bubble.spot.slot);
        entry.bubble = null;
        busy = this.#dirty = true;
      }
      if (entry.symbol && now >= entry.symbol.until) {
        this.#reactions.atlas.release(entry.symbol.spot.slot);
        entry.symbol = null;
        busy = this.#dirty = true;
      }
    }
    if (this.#crowd) this.#crowd.material.userData.time.value = now / 1000;
    if (this.#dirty) this.#write();
    return busy;
  }

  /** How many figures the last write of the crowd holds: those the camera sees (for tests and benchmarks). */
  get figuresInView(): number {
    return this.#crowd?.drawn ?? 0;
  }

  /** How many bubbles and reactions are shown now (for tests). */
  get floating(): { bubbles: number; reactions: number; heights: { bubbles: number[]; reactions: number[] } } {
    const { bubbles, reactions } = this.#spots;
    return { bubbles: bubbles.length, reactions: reactions.length, heights: { bubbles: bubbles.map((b) => b.y), reactions: reactions.map((r) => r.y) } };
  }

  setNamesVisible(visible: boolean): void {
    this.#tags.shown = visible;
  }

  /** Larger text: name tags, bubbles and reactions as many times larger, grown up from the tags' foot. */
  setTextScale(scale: number): void {
    for (const kind of [this.#tags, this.#bubbles, this.#reactions]) kind.grow(scale, TAG_FOOT_Y);
  }

  /** Soft shadows under everyone, or none (low graphics). */
  setShadows(on: boolean): void {
    this.#shadows = on;
    if (this.#crowd) this.#crowd.shadowsShown = on;
    this.#dirty = true;
  }

  get count(): number {
    return this.#entries.size;
  }

  /** Where someone is drawn now: on their walk, not where it started (the state's x and z). */
  positionOf(id: string): { x: number; z: number } | null {
    const e = this.#entries.get(id);
    return e ? { x: e.x, z: e.z } : null;
  }

  /** Where someone is by the latest news of them (not where they are drawn, a moment behind). */
  latestOf(id: string, now: number): { x: number; z: number } | null {
    const e = this.#entries.get(id);
    return e ? (e.buffer.latest(now) ?? { x: e.x, z: e.z }) : null;
  }

  /** How each figure is shown now (for tests): its look's ids, face, gesture, seat, walk and tag's words; null before the model has arrived. */
  figures(): Record<string, { look: string; face: string; gesture: string; sitting: Sitting; walking: number; tag: string }> | null {
    if (!this.#crowd) return null;
    const out: Record<string, { look: string; face: string; gesture: string; sitting: Sitting; walking: number; tag: string }> = {};
    for (const [id, e] of this.#entries) out[id] = { look: e.lookKey, face: EXPRESSIONS[e.look[3]] ?? "calm", gesture: gestureName(e.motion[3]), sitting: SITTING[e.motion[2]] ?? false, walking: e.motion[1], tag: e.tag };
    return out;
  }

  /** Where each avatar is drawn now (for tests). */
  positions(): Record<string, { x: number; z: number }> {
    const out: Record<string, { x: number; z: number }> = {};
    for (const [id, e] of this.#entries) out[id] = { x: e.x, z: e.z };
    return out;
  }

  /** Everyone goes, and the GPU memory of figures, shadows and the atlases is freed. */
  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
    this.group.clear();
    this.#crowd?.dispose();
    for (const kind of [this.#tags, this.#bubbles, this.#reactions]) kind.dispose();
  }

  #write(): void {
    this.#dirty = false;
    this.#crowd?.write(this.#entries.values(), this.#entries.size, this.#camera);
    const { tags, bubbles, reactions } = this.#spots;
    tags.length = bubbles.length = reactions.length = 0;
    for (const entry of this.#entries.values()) {
      if (entry.hasTag) over(entry, entry.spot, tags);
      if (entry.bubble) {
        entry.bubble.spot.y = entry.symbol ? BUBBLE_OVER_REACTION_Y : BUBBLE_Y;
        over(entry, entry.bubble.spot, bubbles);
      }
      if (entry.symbol) over(entry, entry.symbol.spot, reactions);
    }
    this.#tags.write(tags);
    this.#bubbles.write(bubbles);
    this.#reactions.write(reactions);
  }

  /** The walk cycle: its phase follows the distance walked, its strength the speed (eased, so stopping settles). */
  #walk(entry: Entry, distance: number, dt: number): boolean {
    const motion = entry.motion;
    const target = dt > 0 ? Math.min(1, distance / dt / FULL_WALK) : motion[1];
    const eased = target > motion[1] ? target : Math.max(target, motion[1] - dt * 4);
    const phase = (motion[0] + (distance / STRIDE) * Math.PI) % (Math.PI * 2);
    if (eased === motion[1] && phase === motion[0]) return false;
    motion[1] = eased < 0.02 ? 0 : eased;
    // At rest the cycle starts again from standing.
    motion[0] = motion[1] === 0 ? 0 : phase;
    return true;
  }

  /** Face, gesture and seat from the person's state; returns true if any changed. */
  #pose(entry: Entry, now: number): boolean {
    if (entry.reaction && now >= entry.reaction.until) entry.reaction = null;
    const shown = showing(entry.view, entry.reaction, now);
    const look = lookIndices(entry.view, shown.face);
    const sit = sitting(entry.view.seat);
    const gesture = GESTURE[shown.gesture];
    const changed = look.some((v, i) => v !== entry.look[i]) || entry.motion[2] !== sit || entry.motion[3] !== gesture;
    entry.look = look;
    entry.motion[2] = sit;
    entry.motion[3] = gesture;
    return changed;
  }

  /** Shows a picture of `kind` over the head until `until`, in place of the one shown before (its slot is reused). */
  #float(kind: Billboards, before: Floating | null, paint: Paint, y: number, until: number): Floating | null {
    const slot = before?.spot.slot ?? kind.atlas.claim();
    if (slot === null) return null;
    this.#dirty = true;
    return { spot: { x: 0, y, z: 0, slot, bounds: kind.atlas.draw(slot, paint) }, until };
  }
}

/** A picture over the head of someone where they are drawn now, listed for its kind's next write (no allocation: this runs every frame while people walk). */
function over(where: { x: number; z: number }, spot: TagSpot, list: TagSpot[]): void {
  spot.x = where.x;
  spot.z = where.z;
  list.push(spot);
}

/** How a figure sits, for the shader (assets/characters/program.ts): 0 standing, 1 on a chair, 2 on a floor cushion. */
const sitting = (seat: number): number => (seat === 0 ? 0 : isCushion(seat) ? 2 : 1);
type Sitting = false | "chair" | "cushion";
const SITTING: readonly Sitting[] = [false, "chair", "cushion"];

function lookKey(v: AvatarView): string {
  return `${v.hair}/${v.hairColour}/${v.outfit}/${v.colour}/${v.skin}/${v.accessory}`;
}

const gestureName = (code: number) => (Object.keys(GESTURE) as (keyof typeof GESTURE)[]).find((k) => GESTURE[k] === code) ?? "none";

function keyframe(view: AvatarView): Keyframe {
  return { t: view.at, x: view.x, z: view.z, heading: view.heading, vx: view.vx, vz: view.vz };
}
