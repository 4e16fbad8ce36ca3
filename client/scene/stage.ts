import { Color, HemisphereLight, DirectionalLight, PerspectiveCamera, Scene, WebGLRenderer } from "three";

/**
 * Renderer, scene, camera, lights and size. Renders only when asked: an idle space costs no
 * frames, which is what keeps a tablet cool.
 */
export class Stage {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(45, 1, 0.1, 200);
  readonly renderer: WebGLRenderer;
  readonly #canvas: HTMLCanvasElement;
  #dirty = true;
  readonly #onResize = () => this.resize();

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    this.renderer = new WebGLRenderer({ canvas, antialias: window.devicePixelRatio < 2, powerPreference: "low-power" });
    // Beyond 1.5 device pixels per CSS pixel the cost grows faster than anyone can see.
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 1.5));
    this.scene.background = new Color(0xfbeee0);
    const sky = new HemisphereLight(0xfff4e0, 0xc9a27e, 2.2);
    const sun = new DirectionalLight(0xffe2b8, 1.6);
    sun.position.set(-8, 20, 10);
    this.scene.add(sky, sun);
    window.addEventListener("resize", this.#onResize);
    this.resize();
  }

  resize(): void {
    const { clientWidth: w, clientHeight: h } = this.#canvas;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.#dirty = true;
  }

  requestRender(): void {
    this.#dirty = true;
  }

  /** Draws a frame if anything asked for one since the last; returns whether it drew. */
  renderIfNeeded(): boolean {
    if (!this.#dirty) return false;
    this.#dirty = false;
    this.renderer.render(this.scene, this.camera);
    return true;
  }

  dispose(): void {
    window.removeEventListener("resize", this.#onResize);
    this.renderer.dispose();
  }
}
