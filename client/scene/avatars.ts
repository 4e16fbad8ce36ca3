import { Group, type Sprite } from "three";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { AvatarView } from "../net/connection.ts";
import { buildFigure } from "./figure.ts";
import { INTERPOLATION_DELAY_MS, type Snapshot, SnapshotBuffer } from "./interpolation.ts";
import { bubbleSprite, disposeSprite, emoteSprite, nameSprite } from "./labels.ts";

/** The words on a name tag: the page decides them (language, status names). */
export type Describe = (avatar: AvatarView) => { name: string; detail: string };

interface Floating {
  sprite: Sprite;
  until: number;
}

interface Entry {
  readonly root: Group;
  readonly isMe: boolean;
  readonly buffer: SnapshotBuffer;
  look: string;
  tag: string;
  figure: Group;
  name: Sprite;
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
 */
export class Avatars {
  readonly group = new Group();
  readonly #entries = new Map<string, Entry>();
  readonly #sample: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };
  readonly #describe: Describe;
  #namesVisible = true;

  constructor(describe: Describe) {
    this.#describe = describe;
  }

  add(view: AvatarView, isMe: boolean, now: number): void {
    if (this.#entries.has(view.id)) {
      this.update(view, now);
      return;
    }
    const root = new Group();
    root.name = `avatar:${view.id}`;
    const figure = buildFigure(view.colour, view.accessory);
    const { sprite, tag } = this.#nameTag(view);
    root.add(figure, sprite);
    root.position.set(view.x, 0, view.z);
    figure.rotation.y = view.heading;
    const entry: Entry = { root, isMe, buffer: new SnapshotBuffer(), look: lookKey(view), tag, figure, name: sprite, bubble: null, emote: null };
    entry.buffer.push({ t: now, x: view.x, z: view.z, heading: view.heading });
    this.#entries.set(view.id, entry);
    this.group.add(root);
  }

  /** Applies a state change; returns true if something visible changed besides position. */
  update(view: AvatarView, now: number): boolean {
    const entry = this.#entries.get(view.id);
    if (!entry) return false;
    let changed = false;
    if (!entry.isMe) entry.buffer.push({ t: now, x: view.x, z: view.z, heading: view.heading });
    if (lookKey(view) !== entry.look) {
      entry.root.remove(entry.figure);
      entry.figure = buildFigure(view.colour, view.accessory);
      entry.root.add(entry.figure);
      entry.look = lookKey(view);
      changed = true;
    }
    const { name, detail } = this.#describe(view);
    if (`${name}\n${detail}` !== entry.tag) {
      entry.root.remove(entry.name);
      disposeSprite(entry.name);
      const { sprite, tag } = this.#nameTag(view);
      entry.name = sprite;
      entry.tag = tag;
      entry.root.add(sprite);
      changed = true;
    }
    return changed;
  }

  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.group.remove(entry.root);
    disposeSprite(entry.name);
    if (entry.bubble) disposeSprite(entry.bubble.sprite);
    if (entry.emote) disposeSprite(entry.emote.sprite);
    this.#entries.delete(id);
  }

  /** My avatar, placed by the local player. */
  placeMine(id: string, x: number, z: number, heading: number): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.root.position.set(x, 0, z);
    entry.figure.rotation.y = heading;
  }

  say(id: string, text: string, now: number): void {
    this.#float(id, "bubble", bubbleSprite(text), BUBBLE_Y, now + LIMITS.bubbleMs);
  }

  react(id: string, symbol: string, now: number): void {
    this.#float(id, "emote", emoteSprite(symbol), EMOTE_Y, now + EMOTE_MS);
  }

  /** Advances interpolation and floating sprites; returns true while anything is still changing on screen. */
  tick(now: number): boolean {
    let busy = false;
    const t = now - INTERPOLATION_DELAY_MS;
    for (const entry of this.#entries.values()) {
      if (!entry.isMe) {
        const moving = entry.buffer.sample(t, this.#sample);
        if (entry.root.position.x !== this.#sample.x || entry.root.position.z !== this.#sample.z || entry.figure.rotation.y !== this.#sample.heading) {
          entry.root.position.set(this.#sample.x, 0, this.#sample.z);
          entry.figure.rotation.y = this.#sample.heading;
          busy = true;
        }
        busy ||= moving;
      }
      for (const slot of ["bubble", "emote"] as const) {
        const floating = entry[slot];
        if (floating && now >= floating.until) {
          entry.root.remove(floating.sprite);
          disposeSprite(floating.sprite);
          entry[slot] = null;
          busy = true;
        }
      }
    }
    return busy;
  }

  setNamesVisible(visible: boolean): void {
    this.#namesVisible = visible;
    for (const entry of this.#entries.values()) entry.name.visible = visible;
  }

  get count(): number {
    return this.#entries.size;
  }

  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
  }

  #nameTag(view: AvatarView): { sprite: Sprite; tag: string } {
    const { name, detail } = this.#describe(view);
    const sprite = nameSprite(name, detail, view.staff);
    sprite.position.y = NAME_Y;
    sprite.visible = this.#namesVisible;
    return { sprite, tag: `${name}\n${detail}` };
  }

  #float(id: string, slot: "bubble" | "emote", sprite: Sprite, y: number, until: number): void {
    const entry = this.#entries.get(id);
    if (!entry) {
      disposeSprite(sprite);
      return;
    }
    const old = entry[slot];
    if (old) {
      entry.root.remove(old.sprite);
      disposeSprite(old.sprite);
    }
    sprite.position.y = y;
    entry.root.add(sprite);
    entry[slot] = { sprite, until };
  }
}

function lookKey(v: AvatarView): string {
  return `${v.colour}/${v.accessory}`;
}
