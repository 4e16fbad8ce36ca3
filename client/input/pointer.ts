import { type Camera, Plane, Raycaster, Vector2, Vector3 } from "three";

/**
 * Click or tap on the floor to walk there. A press that travels more than a few pixels is a
 * drag, not a tap, so scrolling or looking around never sends anyone walking.
 */
const TAP_SLOP_PX = 8;

export class FloorPointer {
  readonly #canvas: HTMLCanvasElement;
  readonly #camera: Camera;
  readonly #onTap: (x: number, z: number) => void;
  readonly #ray = new Raycaster();
  readonly #ndc = new Vector2();
  readonly #floor = new Plane(new Vector3(0, 1, 0), 0);
  readonly #hit = new Vector3();
  #start: { x: number; y: number; id: number } | null = null;

  readonly #down = (e: PointerEvent) => {
    if (e.button === 0) this.#start = { x: e.clientX, y: e.clientY, id: e.pointerId };
  };
  readonly #up = (e: PointerEvent) => {
    const start = this.#start;
    this.#start = null;
    if (!start || start.id !== e.pointerId || Math.hypot(e.clientX - start.x, e.clientY - start.y) > TAP_SLOP_PX) return;
    const rect = this.#canvas.getBoundingClientRect();
    this.#ndc.set(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
    this.#ray.setFromCamera(this.#ndc, this.#camera);
    if (this.#ray.ray.intersectPlane(this.#floor, this.#hit)) this.#onTap(this.#hit.x, this.#hit.z);
  };

  constructor(canvas: HTMLCanvasElement, camera: Camera, onTap: (x: number, z: number) => void) {
    this.#canvas = canvas;
    this.#camera = camera;
    this.#onTap = onTap;
    canvas.addEventListener("pointerdown", this.#down);
    canvas.addEventListener("pointerup", this.#up);
  }

  dispose(): void {
    this.#canvas.removeEventListener("pointerdown", this.#down);
    this.#canvas.removeEventListener("pointerup", this.#up);
  }
}
