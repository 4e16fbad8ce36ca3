import { Color } from "three";
import type { Look } from "../../shared/domain/avatar.ts";
import { Crowd, type FigurePose } from "./crowd.ts";
import { lookColours, lookIndices } from "./figure.ts";
import { loadModel } from "./models.ts";
import { Stage } from "./stage.ts";

/**
 * The door's character preview (issue 17): the chosen look, turning once round after each change
 * and then resting face on (still at once with reduced motion), so a waiting door draws nothing.
 * Drawn as the space draws people (crowd.ts).
 */
const TURN_MS = 2400;

export class LookPreview {
  readonly canvas: HTMLCanvasElement;
  readonly #stage: Stage;
  #crowd: Crowd | null = null;
  readonly #pose: FigurePose = { x: 0, z: 0, heading: 0, colours: { outfit: new Color(), skin: new Color(), hair: new Color() }, look: [0, 0, 0, 0], motion: [0, 0, 0, 0] };
  #turnFrom = 0;
  #frame = 0;

  constructor(readonly reducedMotion: boolean) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "look-canvas";
    // Full graphics: the canvas is small, and a child looks closely at their own character here.
    this.#stage = new Stage(this.canvas, false);
    // Face on, from a child's eye height, the figure filling the frame.
    this.#stage.camera.fov = 30;
    this.#stage.camera.position.set(0, 0.85, -3.4);
    this.#stage.camera.lookAt(0, 0.7, 0);
    void loadModel("figure", "figure", "shadow").then((shapes) => {
      if (!this.#stage.renderer.getContext()) return;
      this.#crowd = new Crowd(shapes);
      this.#crowd.material.userData.idle.value = 0;
      this.#stage.scene.add(this.#crowd.group);
      this.#draw(performance.now());
    });
  }

  show(look: Look): void {
    lookColours(look, this.#pose.colours);
    this.#pose.look = lookIndices(look, "happy");
    this.#turnFrom = performance.now();
    this.#draw(this.#turnFrom);
  }

  /**
   * Face on and still, at once: Enter was pressed, and the space's first frame is being made on
   * the same thread (on a slow tablet each turning frame of this one delays it).
   */
  rest(): void {
    this.#turnFrom = Number.NEGATIVE_INFINITY;
    this.#draw(performance.now());
  }

  #draw(now: number): void {
    cancelAnimationFrame(this.#frame);
    const k = this.reducedMotion ? 1 : Math.min(1, (now - this.#turnFrom) / TURN_MS);
    // The figure faces −z at heading 0, towards this camera: one whole turn ends face on.
    this.#pose.heading = k * Math.PI * 2;
    this.#stage.resize();
    this.#crowd?.write([this.#pose], 1, { x: 0, z: 0, frustum: null });
    this.#stage.requestRender();
    this.#stage.renderIfNeeded(Number.POSITIVE_INFINITY);
    if (k < 1) this.#frame = requestAnimationFrame((t) => this.#draw(t));
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
    this.#crowd?.dispose();
    this.#stage.dispose();
  }
}
