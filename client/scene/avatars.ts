import { Color, Group, type Sprite } from "three";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { AvatarView } from "../net/connection.ts";
import { Crowd, type FigurePose } from "./crowd.ts";
import { accessoryIndex, bodyColour } from "./figure.ts";
import { INTERPOLATION_DELAY_MS, type Keyframe, type Snapshot, SnapshotBuffer } from "./interpolation.ts";
import { bubbleSprite, disposeSprite, emoteSprite } from "./labels.ts";
import { NameTags, type TagSpot } from "./nameTags.ts";

/** The words on a name tag: the page decides them (language, status names). */
export type Describe = (avatar: AvatarView) => { name: string; detail: string };

interface Floating {
  sprite: Sprite;
  until: number;
  y: number;
}

interface Entry extends FigurePose {
  readonly isMe: boolean;
  readonly buffer: SnapshotBuffer;
  look: string;
  tag: string;
  /** Where the name tag is and which box of the atlas it shows. */
  readonly spot: TagSpot;
  /** False only when the atlas is full (more people than any space holds). */
  hasTag: boolean;
  bubble: Floating | null;
  emote: Floating | null;
}

const NAME_Y = 1.75;
const BUBBLE_Y = 2.7;
const EMOTE_Y = 2.35;
const EMOTE_MS = 3000;

/**
 * Everyone's avatar in the scene. Others are shown slightly in the past and interpolated; my own
 * avatar is placed directly by the local player so walking feels immediate.
 *
 * Figures, shadows and name tags are drawn for everybody at once (three draw calls however many
 * are here): tick() writes their instance buffers when anything moved or changed, so it must run
 * before each render (SpaceView's frame does). Speech bubbles and reactions are short-lived
 * sprites of their own.
 */
export class Avatars {
  readonly group = new Group();
  readonly #entries = new Map<string, Entry>();
  readonly #sample: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };
  readonly #describe: Describe;
  readonly #crowd = new Crowd();
  readonly #tags = new NameTags();
  readonly #spots: TagSpot[] = [];
  #dirty = false;

  constructor(describe: Describe) {
    this.#describe = describe;
    this.group.add(this.#crowd.group, this.#tags.mesh);
  }

  add(view: AvatarView, isMe: boolean, now: number): void {
    if (this.#entries.has(view.id)) {
      this.update(view, now);
      return;
    }
    const { name, detail } = this.#describe(view);
    const slot = this.#tags.atlas.claim();
    const bounds = slot === null ? { left: 0, top: 0, right: 0, bottom: 0 } : this.#tags.atlas.draw(slot, name, detail, view.staff);
    const entry: Entry = {
      isMe,
      buffer: new SnapshotBuffer(),
      x: view.x,
      z: view.z,
      heading: view.heading,
      colour: bodyColour(view.colour, new Color()),
      accessory: accessoryIndex(view.accessory),
      look: lookKey(view),
      tag: `${name}\n${detail}`,
      spot: { x: view.x, y: NAME_Y, z: view.z, slot: slot ?? 0, bounds },
      hasTag: slot !== null,
      bubble: null,
      emote: null,
    };
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
    if (lookKey(view) !== entry.look) {
      bodyColour(view.colour, entry.colour);
      entry.accessory = accessoryIndex(view.accessory);
      entry.look = lookKey(view);
      this.#dirty = true;
      changed = true;
    }
    const { name, detail } = this.#describe(view);
    if (`${name}\n${detail}` !== entry.tag) {
      entry.tag = `${name}\n${detail}`;
      if (entry.hasTag) entry.spot.bounds = this.#tags.atlas.draw(entry.spot.slot, name, detail, view.staff);
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
    if (entry.bubble) this.#drop(entry.bubble);
    if (entry.emote) this.#drop(entry.emote);
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

  say(id: string, text: string, now: number): void {
    this.#float(id, "bubble", bubbleSprite(text), BUBBLE_Y, now + LIMITS.bubbleMs);
  }

  react(id: string, symbol: string, now: number): void {
    this.#float(id, "emote", emoteSprite(symbol), EMOTE_Y, now + EMOTE_MS);
  }

  /**
   * Advances interpolation and floating sprites, and writes what changed for the next frame;
   * returns true while anything is still changing on screen.
   */
  tick(now: number): boolean {
    let busy = false;
    const t = now - INTERPOLATION_DELAY_MS;
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
      for (const slot of ["bubble", "emote"] as const) {
        const floating = entry[slot];
        if (floating && now >= floating.until) {
          this.#drop(floating);
          entry[slot] = null;
          busy = true;
        }
      }
    }
    if (this.#dirty) this.#write();
    return busy;
  }

  setNamesVisible(visible: boolean): void {
    this.#tags.shown = visible;
  }

  /** Soft shadows under everyone, or none (low graphics). */
  setShadows(on: boolean): void {
    this.#crowd.shadowsShown = on;
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

  /** Where each avatar is drawn now (for tests). */
  positions(): Record<string, { x: number; z: number }> {
    const out: Record<string, { x: number; z: number }> = {};
    for (const [id, e] of this.#entries) out[id] = { x: e.x, z: e.z };
    return out;
  }

  /** Everyone goes, and the GPU memory of figures, shadows and the name-tag atlas is freed. */
  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
    this.group.remove(this.#crowd.group, this.#tags.mesh);
    this.#crowd.dispose();
    this.#tags.dispose();
  }

  #write(): void {
    this.#dirty = false;
    this.#crowd.write(this.#entries.values());
    const spots = this.#spots;
    spots.length = 0;
    for (const entry of this.#entries.values()) {
      entry.spot.x = entry.x;
      entry.spot.z = entry.z;
      if (entry.hasTag) spots.push(entry.spot);
      entry.bubble?.sprite.position.set(entry.x, entry.bubble.y, entry.z);
      entry.emote?.sprite.position.set(entry.x, entry.emote.y, entry.z);
    }
    this.#tags.write(spots);
  }

  #float(id: string, slot: "bubble" | "emote", sprite: Sprite, y: number, until: number): void {
    const entry = this.#entries.get(id);
    if (!entry) {
      disposeSprite(sprite);
      return;
    }
    const old = entry[slot];
    if (old) this.#drop(old);
    sprite.position.set(entry.x, y, entry.z);
    this.group.add(sprite);
    entry[slot] = { sprite, until, y };
  }

  #drop(floating: Floating): void {
    this.group.remove(floating.sprite);
    disposeSprite(floating.sprite);
  }
}

function lookKey(v: AvatarView): string {
  return `${v.colour}/${v.accessory}`;
}

function keyframe(view: AvatarView): Keyframe {
  return { t: view.at, x: view.x, z: view.z, heading: view.heading, vx: view.vx, vz: view.vz };
}
