import { type PerspectiveCamera, Vector3 } from "three";

/**
 * A third-person camera that follows from behind and above at a fixed angle (north stays up,
 * so "up" on the keyboard always means the same way), easing towards its target.
 */
const OFFSET = new Vector3(0, 10.5, 11);
const LOOK_HEIGHT = 0.8;
const EASE_PER_SECOND = 5;

export class FollowCamera {
  readonly #camera: PerspectiveCamera;
  readonly #desired = new Vector3();
  readonly #look = new Vector3();
  readonly #offset: Vector3;

  /** `distance` scales how far back the camera stands: 1 follows a student, ~2.4 shows the whole floor. */
  constructor(camera: PerspectiveCamera, distance = 1) {
    this.#camera = camera;
    this.#offset = OFFSET.clone().multiplyScalar(distance);
  }

  /** Floor metres per screen pixel across the view, at the point followed (for dragging the view). */
  metresPerPixel(viewHeightPx: number): number {
    return (2 * this.#offset.length() * Math.tan((this.#camera.fov * Math.PI) / 360)) / this.#camera.zoom / Math.max(1, viewHeightPx);
  }

  /** The floor's depth is foreshortened by the camera's tilt: this many metres of depth per metre on screen. */
  get depthFactor(): number {
    return this.#offset.length() / this.#offset.y;
  }

  /** Moves towards (x, z); returns true while the camera is still travelling. */
  follow(x: number, z: number, dtSeconds: number, instant = false): boolean {
    this.#desired.set(x + this.#offset.x, this.#offset.y, z + this.#offset.z);
    const distance = this.#camera.position.distanceTo(this.#desired);
    if (instant || distance < 0.002) {
      this.#camera.position.copy(this.#desired);
    } else {
      this.#camera.position.lerp(this.#desired, 1 - Math.exp(-EASE_PER_SECOND * dtSeconds));
    }
    this.#look.set(this.#camera.position.x - this.#offset.x, LOOK_HEIGHT, this.#camera.position.z - this.#offset.z);
    this.#camera.lookAt(this.#look);
    return distance >= 0.002 && !instant;
  }
}
