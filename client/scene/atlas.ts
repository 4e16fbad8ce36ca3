import { CanvasTexture, SRGBColorSpace, type WebGLRenderer } from "three";
import type { TagBounds } from "./labels.ts";
import { SlotCopy } from "./slotCopy.ts";

/**
 * Pictures of one size (name tags, speech bubbles, reactions) on one canvas, in a grid of boxes,
 * uploaded as one texture so that all of them draw in one call (billboards.ts). A slot is claimed
 * when a picture comes and given back when it goes, so churn reuses slots and the texture grows
 * only with the most shown at once. The grid grows downwards (columns stay fixed, so slot
 * numbers keep their place), never past 2048 pixels: the largest texture every WebGL 2 device takes.
 *
 * A new texture is uploaded whole; after that, a picture that changes is copied alone into its
 * place (see SlotCopy) when it is next drawn.
 */
export interface AtlasShape {
  /** What it holds, for the warning when it is full. */
  name: string;
  /** One box, in pixels. */
  width: number;
  height: number;
  columns: number;
  firstRows: number;
}

/** Draws a picture with its box's top left corner at (x, y); returns the part of the box it covers. */
export type Paint = (ctx: CanvasRenderingContext2D, x: number, y: number) => TagBounds;

export class Atlas {
  readonly shape: AtlasShape;
  readonly #maxRows: number;
  #canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D | null;
  #texture: CanvasTexture;
  readonly #free: number[] = [];
  #next = 0;
  #warned = false;
  /** Slots drawn since the texture went to the GPU; none while a whole upload is still to come. */
  readonly #changed = new Set<number>();
  #wholeUploadDue = true;
  readonly #slotCopy: SlotCopy;

  constructor(shape: AtlasShape) {
    this.shape = shape;
    this.#maxRows = Math.floor(2048 / shape.height);
    this.#slotCopy = new SlotCopy(shape.width, shape.height);
    this.#canvas = this.#canvasOf(shape.firstRows);
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
      if (ctx) for (const slot of this.#changed) this.#slotCopy.copy(renderer, ctx, this.#x(slot), this.#y(slot), this.#texture);
      this.#texture.mipmapsAutoUpdate = true;
    }
    this.#changed.clear();
  }

  /** The current texture: a new one after the grid grows (the old one is disposed). */
  get texture(): CanvasTexture {
    return this.#texture;
  }

  get rows(): number {
    return this.#canvas.height / this.shape.height;
  }

  /** A free slot, or null when the atlas is full (more shown at once than any space has people). */
  claim(): number | null {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#next === this.shape.columns * this.rows && !this.#grow()) {
      if (!this.#warned) console.warn(`${this.shape.name}: more than ${this.shape.columns * this.#maxRows} at once; the rest are not shown`);
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

  /** Paints a slot (cleared first, nothing drawn outside it); returns the part of the slot the picture covers. */
  draw(slot: number, paint: Paint): TagBounds {
    const ctx = this.#ctx;
    if (!ctx) return { left: 0, top: 0, right: 0, bottom: 0 };
    if (!this.#wholeUploadDue) this.#changed.add(slot);
    const { width, height } = this.shape;
    const x = this.#x(slot);
    const y = this.#y(slot);
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, width, height);
    ctx.clip();
    ctx.clearRect(x, y, width, height);
    const bounds = paint(ctx, x, y);
    ctx.restore();
    return bounds;
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

  #x(slot: number): number {
    return (slot % this.shape.columns) * this.shape.width;
  }

  #y(slot: number): number {
    return Math.floor(slot / this.shape.columns) * this.shape.height;
  }

  #canvasOf(rows: number): HTMLCanvasElement {
    const canvas = document.createElement("canvas");
    canvas.width = this.shape.columns * this.shape.width;
    canvas.height = rows * this.shape.height;
    return canvas;
  }

  #grow(): boolean {
    const rows = Math.min(this.rows * 2, this.#maxRows);
    if (rows === this.rows) return false;
    const canvas = this.#canvasOf(rows);
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

/** Changed slots are read back (SlotCopy): a canvas kept in memory reads back fastest. */
function contextOf(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext("2d", { willReadFrequently: true });
}

function textureOf(canvas: HTMLCanvasElement): CanvasTexture {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
