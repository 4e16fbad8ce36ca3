import { type CanvasTexture, DataTexture, Vector2, type WebGLRenderer } from "three";

/**
 * Copies one box of an atlas canvas into the atlas texture already on the GPU, with its own
 * smaller copies for the texture's mipmap levels. Re-uploading a 2048 × 1024 atlas and letting
 * WebGL regenerate its mipmaps took 166 ms in software rendering (SwiftShader) for every name
 * tag that changed; this takes about 2 ms.
 *
 * The box's pixels are read back from the canvas (a synchronous read: exactly what was drawn)
 * and halved for each level down to one pixel high (or as far as the box halves into whole
 * pixels); levels below that are a few pixels on screen at most and are left as they were.
 */
export class SlotCopy {
  /** One texture per level, used only as an upload source (three.js never draws them). */
  readonly #levels: Array<{ texture: DataTexture; pixels: Pixels }> = [];
  readonly #at = new Vector2();

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    // Down to the last level at which the box is whole pixels (a 408 × 160 bubble stops at 51 × 20).
    for (let w = width, h = height; Number.isInteger(w) && Number.isInteger(h) && w >= 1 && h >= 1; w /= 2, h /= 2) {
      const pixels = { data: new Uint8Array(w * h * 4), width: w, height: h };
      this.#levels.push({ texture: new DataTexture(pixels.data, w, h), pixels });
    }
  }

  /** Copies the box at (x, y) of the canvas (in pixels, y down) into the same place of `target`. */
  copy(renderer: WebGLRenderer, ctx: CanvasRenderingContext2D, x: number, y: number, target: CanvasTexture): void {
    const canvasHeight = ctx.canvas.height;
    let previous: Pixels | null = null;
    for (let level = 0; level < this.#levels.length; level++) {
      const { texture, pixels } = this.#levels[level] as { texture: DataTexture; pixels: Pixels };
      if (previous) halve(previous, pixels);
      else pixels.data.set(ctx.getImageData(x, y, this.width, this.height).data);
      previous = pixels;
      // The texture's rows run bottom-up (flipY): the box's place counts from the bottom.
      const scale = 2 ** level;
      this.#at.set(x / scale, (canvasHeight - y - this.height) / scale);
      renderer.copyTextureToTexture(texture, target, null, this.#at, 0, level);
    }
  }

  dispose(): void {
    for (const { texture } of this.#levels) texture.dispose();
  }
}

type Pixels = { data: Uint8Array; width: number; height: number };

/**
 * Each 2 × 2 block becomes one pixel: alpha averaged, colour weighted by alpha, so the
 * transparent pixels around a tag do not darken its edges.
 */
function halve(from: Pixels, to: Pixels): void {
  const src = from.data;
  const dst = to.data;
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const i = ((y * 2 + dy) * from.width + x * 2 + dx) * 4;
          const alpha = src[i + 3] as number;
          r += (src[i] as number) * alpha;
          g += (src[i + 1] as number) * alpha;
          b += (src[i + 2] as number) * alpha;
          a += alpha;
        }
      }
      const o = (y * to.width + x) * 4;
      dst[o] = a ? r / a + 0.5 : 0;
      dst[o + 1] = a ? g / a + 0.5 : 0;
      dst[o + 2] = a ? b / a + 0.5 : 0;
      dst[o + 3] = a / 4 + 0.5;
    }
  }
}
