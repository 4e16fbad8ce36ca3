import { CanvasTexture, SRGBColorSpace, type WebGLRenderer } from "three";
import { NAME_TAG, type TagBounds, drawNameTag } from "./labels.ts";
import { SlotCopy } from "./slotCopy.ts";

/**
 * Everyone's name tag on one canvas, in a grid of NAME_TAG boxes, uploaded as one texture so
 * that all tags draw in one call. A slot is claimed when someone arrives and given back when
 * they leave, so churn reuses slots and the texture grows only with the most people present at
 * once. The grid grows downwards (columns stay fixed, so slot numbers keep their place).
 *
 * A new texture is uploaded whole; after that, a tag that changes is copied alone into its
 * place (see SlotCopy) when the tags are next drawn.
 */
const COLUMNS = 8;
const FIRST_ROWS = 2;
/** 2048 × 2048: the largest texture every WebGL 2 device takes; 128 tags, twice a full space (LIMITS.maxParticipants). */
const MAX_ROWS = 16;

export class NameAtlas {
  #canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D | null;
  #texture: CanvasTexture;
  readonly #free: number[] = [];
  #next = 0;
  #warned = false;
  /** Slots drawn since the texture went to the GPU; none while a whole upload is still to come. */
  readonly #changed = new Set<number>();
  #wholeUploadDue = true;
  readonly #slotCopy = new SlotCopy(NAME_TAG.width, NAME_TAG.height);

  constructor() {
    this.#canvas = canvasOf(FIRST_ROWS);
    this.#ctx = contextOf(this.#canvas);
    this.#texture = textureOf(this.#canvas);
  }

  /**
   * Brings the GPU's copy up to date; called just before the tags are drawn. A texture not yet
   * uploaded is uploaded whole by three.js right after this (its version changed), so only the
   * slots drawn since an upload are copied.
   */
  upload(renderer: WebGLRenderer): void {
    if (this.#wholeUploadDue) {
      this.#wholeUploadDue = false;
    } else {
      const ctx = this.#ctx;
      // The slot brings its own mipmaps: WebGL must not regenerate the whole texture's after each copy.
      this.#texture.mipmapsAutoUpdate = false;
      if (ctx) for (const slot of this.#changed) this.#slotCopy.copy(renderer, ctx, (slot % COLUMNS) * NAME_TAG.width, Math.floor(slot / COLUMNS) * NAME_TAG.height, this.#texture);
      this.#texture.mipmapsAutoUpdate = true;
    }
    this.#changed.clear();
  }

  /** The current texture: a new one after the grid grows (the old one is disposed). */
  get texture(): CanvasTexture {
    return this.#texture;
  }

  get columns(): number {
    return COLUMNS;
  }

  get rows(): number {
    return this.#canvas.height / NAME_TAG.height;
  }

  /** A free slot, or null when the atlas is full (more people than any space holds). */
  claim(): number | null {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#next === COLUMNS * this.rows && !this.#grow()) {
      if (!this.#warned) console.warn(`name tags: more than ${COLUMNS * MAX_ROWS} people; the rest are shown without one`);
      this.#warned = true;
      return null;
    }
    return this.#next++;
  }

  release(slot: number): void {
    this.#free.push(slot);
    // Lowest first, so a space that empties and fills again stays in the top rows.
    this.#free.sort((a, b) => b - a);
  }

  /** Draws a tag into its slot; returns the part of the slot it covers. */
  draw(slot: number, name: string, detail: string, staff: boolean): TagBounds {
    if (!this.#ctx) return { left: 0, top: 0, right: 0, bottom: 0 };
    if (!this.#wholeUploadDue) this.#changed.add(slot);
    return drawNameTag(this.#ctx, (slot % COLUMNS) * NAME_TAG.width, Math.floor(slot / COLUMNS) * NAME_TAG.height, name, detail, staff);
  }

  dispose(): void {
    this.#dropCanvas();
    this.#slotCopy.dispose();
  }

  #dropCanvas(): void {
    this.#texture.dispose();
    // Let the browser drop the canvas's pixels now rather than at the next collection.
    this.#canvas.width = 0;
    this.#canvas.height = 0;
  }

  #grow(): boolean {
    const rows = this.rows * 2;
    if (rows > MAX_ROWS) return false;
    const canvas = canvasOf(rows);
    const ctx = contextOf(canvas);
    ctx?.drawImage(this.#canvas, 0, 0);
    this.#dropCanvas();
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.#texture = textureOf(canvas);
    this.#wholeUploadDue = true;
    this.#changed.clear();
    return true;
  }
}

function canvasOf(rows: number): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = COLUMNS * NAME_TAG.width;
  canvas.height = rows * NAME_TAG.height;
  return canvas;
}

/** Changed slots are read back (SlotCopy): a canvas kept in memory reads back fastest. */
function contextOf(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext("2d", { willReadFrequently: true });
}

function textureOf(canvas: HTMLCanvasElement): CanvasTexture {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
