import { Color, HemisphereLight, DirectionalLight, PerspectiveCamera, Scene, WebGLRenderer } from "three";
import { LIGHT } from "../../assets/world/light.ts";

/** Low graphics draws at most this often: others walking still look smooth, at half the work. */
const LOW_GRAPHICS_FRAME_MS = 1000 / 30;

/**
 * Renderer, scene, camera, lights and size. Renders only when asked: an idle space costs no
 * frames, which is what keeps a tablet cool. Low graphics (weak devices) also draws no
 * antialiasing, at one device pixel per CSS pixel, and at most 30 frames a second.
 */
export class Stage {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(45, 1, 0.1, 200);
  readonly renderer: WebGLRenderer;
  readonly #canvas: HTMLCanvasElement;
  #dirty = true;
  #lowGraphics: boolean;
  #lastDrawn = -Infinity;
  #disposed = false;
  readonly #onResize = () => this.resize();
  /** The space's view comes closer when small (viewZoom); the door's turning character keeps its framing. */
  readonly #closerWhenSmall: boolean;

  constructor(canvas: HTMLCanvasElement, lowGraphics: boolean, closerWhenSmall = false) {
    this.#canvas = canvas;
    this.#closerWhenSmall = closerWhenSmall;
    this.#lowGraphics = lowGraphics;
    // Antialiasing is chosen once (WebGL cannot change it later); in software it is the costliest part.
    this.renderer = new WebGLRenderer({ canvas, antialias: !lowGraphics && window.devicePixelRatio < 2, powerPreference: "low-power" });
    this.setLowGraphics(lowGraphics);
    this.scene.background = new Color(0xfbeee0);
    const sky = new HemisphereLight(LIGHT.sky, LIGHT.ground, LIGHT.skyIntensity);
    const sun = new DirectionalLight(LIGHT.sun, LIGHT.sunIntensity);
    sun.position.set(...LIGHT.sunFrom);
    this.scene.add(sky, sun);
    window.addEventListener("resize", this.#onResize);
    this.resize();
  }

  get lowGraphics(): boolean {
    return this.#lowGraphics;
  }

  setLowGraphics(on: boolean): void {
    this.#lowGraphics = on;
    // Beyond 1.5 device pixels per CSS pixel the cost grows faster than anyone can see.
    this.renderer.setPixelRatio(on ? 1 : Math.min(window.devicePixelRatio, 1.5));
    this.resize();
  }

  /** Fits the drawing to the canvas's size on the page, and draws again. */
  resize(): void {
    const { clientWidth: w, clientHeight: h } = this.#canvas;
    if (w === 0 || h === 0) return;
    // Setting a canvas's size, even the size it has, throws its drawing buffer away and makes a
    // new one: the door's turning character asks every frame, while the space loads behind it.
    const ratio = this.renderer.getPixelRatio();
    const zoom = this.#closerWhenSmall ? viewZoom(w, h) : 1;
    if (this.#canvas.width !== Math.floor(w * ratio) || this.#canvas.height !== Math.floor(h * ratio) || this.camera.aspect !== w / h || this.camera.zoom !== zoom) {
      this.renderer.setSize(w, h, false);
      this.camera.aspect = w / h;
      this.camera.zoom = zoom;
      this.camera.updateProjectionMatrix();
    }
    this.#dirty = true;
  }

  /** Whether a frame is due (something asked for one since the last). */
  get needsDrawing(): boolean {
    return this.#dirty;
  }

  /**
   * Compiles the shaders of everything in the scene, so that the first frame does not wait for
   * them (the page's main thread waited for each: docs/benchmarks.md). three compiles hidden
   * objects too (figures and name tags have nobody to show before the child enters); where the
   * browser compiles in the background (KHR_parallel_shader_compile), nothing waits at all.
   */
  precompile(): void {
    void this.renderer.compileAsync(this.scene, this.camera).then(() => this.#warm());
  }

  /**
   * One drawing nobody sees, behind the door: it sends the world's geometry and textures to the
   * GPU, which compiling does not, so the first frame after Enter only draws (on the LTE profile
   * its work after the join went from 190–340 ms to 180–290 ms). It is not counted as a frame.
   */
  #warm(): void {
    // A view that has drawn already (the staff page builds it at Enter), or has gone, needs none.
    if (this.#lastDrawn !== -Infinity || this.#disposed) return;
    this.renderer.render(this.scene, this.camera);
  }

  requestRender(): void {
    this.#dirty = true;
  }

  /** Draws a frame if anything asked for one since the last (and, in low graphics, not too soon); returns whether it drew. */
  renderIfNeeded(now: number): boolean {
    if (!this.#dirty) return false;
    if (this.#lowGraphics && now - this.#lastDrawn < LOW_GRAPHICS_FRAME_MS - 2) return false;
    this.#lastDrawn = now;
    this.#dirty = false;
    this.renderer.render(this.scene, this.camera);
    return true;
  }

  dispose(): void {
    this.#disposed = true;
    window.removeEventListener("resize", this.#onResize);
    this.renderer.dispose();
  }
}

/** A view this small (its shorter side, CSS px) or smaller is seen closer in. */
const SMALL_VIEW_PX = 600;

/**
 * How much closer a small view looks: on a phone the 3D view is about 400 px high, and people and
 * their name tags were half their size on a tablet (a name 6–7 px high). Up to 1.5× closer, so
 * they are about as large as on a tablet, with less of the room around in view. 1 on tablets and
 * computers.
 */
export function viewZoom(width: number, height: number): number {
  return Math.min(1.5, Math.max(1, SMALL_VIEW_PX / Math.min(width, height)));
}
