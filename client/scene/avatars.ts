import { Group, type Sprite } from "three";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { AvatarView } from "../net/connection.ts";
import { buildFigure } from "./figure.ts";
import { INTERPOLATION_DELAY_MS, type Snapshot, SnapshotBuffer } from "./interpolation.ts";
import { bubbleSprite, disposeSprite, nameSprite } from "./labels.ts";

interface Entry {
  readonly root: Group;
  readonly isMe: boolean;
  readonly buffer: SnapshotBuffer;
  look: string;
  nickname: string;
  figure: Group;
  name: Sprite;
  bubble: { sprite: Sprite; until: number } | null;
}

const NAME_Y = 1.65;
const BUBBLE_Y = 2.35;

/**
 * Everyone's avatar in the scene. Others are shown slightly in the past and interpolated; my own
 * avatar is placed directly by the local player so walking feels immediate.
 */
export class Avatars {
  readonly group = new Group();
  readonly #entries = new Map<string, Entry>();
  readonly #sample: Snapshot = { t: 0, x: 0, z: 0, heading: 0 };

  add(view: AvatarView, isMe: boolean, now: number): void {
    if (this.#entries.has(view.id)) return this.update(view, now);
    const root = new Group();
    root.name = `avatar:${view.id}`;
    const figure = buildFigure(view.colour, view.accessory);
    const name = nameSprite(view.nickname);
    name.position.y = NAME_Y;
    root.add(figure, name);
    root.position.set(view.x, 0, view.z);
    figure.rotation.y = view.heading;
    const entry: Entry = { root, isMe, buffer: new SnapshotBuffer(), look: lookKey(view), nickname: view.nickname, figure, name, bubble: null };
    entry.buffer.push({ t: now, x: view.x, z: view.z, heading: view.heading });
    this.#entries.set(view.id, entry);
    this.group.add(root);
  }

  update(view: AvatarView, now: number): void {
    const entry = this.#entries.get(view.id);
    if (!entry) return;
    if (!entry.isMe) entry.buffer.push({ t: now, x: view.x, z: view.z, heading: view.heading });
    if (lookKey(view) !== entry.look) {
      entry.root.remove(entry.figure);
      entry.figure = buildFigure(view.colour, view.accessory);
      entry.root.add(entry.figure);
      entry.look = lookKey(view);
    }
    if (view.nickname !== entry.nickname) {
      entry.root.remove(entry.name);
      disposeSprite(entry.name);
      entry.name = nameSprite(view.nickname);
      entry.name.position.y = NAME_Y;
      entry.root.add(entry.name);
      entry.nickname = view.nickname;
    }
  }

  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.group.remove(entry.root);
    disposeSprite(entry.name);
    if (entry.bubble) disposeSprite(entry.bubble.sprite);
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
    const entry = this.#entries.get(id);
    if (!entry) return;
    if (entry.bubble) {
      entry.root.remove(entry.bubble.sprite);
      disposeSprite(entry.bubble.sprite);
    }
    const sprite = bubbleSprite(text);
    sprite.position.y = BUBBLE_Y;
    entry.root.add(sprite);
    entry.bubble = { sprite, until: now + LIMITS.bubbleMs };
  }

  /** Advances interpolation and bubbles; returns true while anything is still changing on screen. */
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
      if (entry.bubble && now >= entry.bubble.until) {
        entry.root.remove(entry.bubble.sprite);
        disposeSprite(entry.bubble.sprite);
        entry.bubble = null;
        busy = true;
      }
    }
    return busy;
  }

  get count(): number {
    return this.#entries.size;
  }

  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
  }
}

function lookKey(v: AvatarView): string {
  return `${v.colour}/${v.accessory}`;
}
