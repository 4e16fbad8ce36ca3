import { type Camera, Plane, Raycaster, Vector2, Vector3 } from "three";

/**
 * Click or tap on the floor to walk there, only on a deliberate tap: a press that travels more
 * than a few pixels is a drag (which looks around, see `onDrag`), one held long is a rest, and a
 * second finger makes it a pinch, so scrolling, resting a hand or zooming never carries a child
 * out of a conversation.
 */
const TAP_SLOP_PX = 8;
const TAP_MAX_MS = 600;

export class FloorPointer {
  readonly #canvas: HTMLCanvasElement;
  readonly #camera: Camera;
  readonly #onTap: (x: number, z: number) => void;
  readonly #ray = new Raycaster();
  readonly #ndc = new Vector2();
  readonly #floor = new Plane(new Vector3(0, 1, 0), 0);
  readonly #hit = new Vector3();
  readonly #onDrag: (dxPx: number, dyPx: number) => void;
  #start: { x: number; y: number; id: number; at: number; lastX: number; lastY: number; dragging: boolean } | null = null;

  readonly #down = (e: PointerEvent) => {
    // A second finger (not the primary pointer) makes it a gesture, not a tap.
    this.#start = e.isPrimary && e.button === 0 ? { x: e.clientX, y: e.clientY, id: e.pointerId, at: e.timeStamp, lastX: e.clientX, lastY: e.clientY, dragging: false } : null;
  };
  readonly #move = (e: PointerEvent) => {
    const start = this.#start;
    if (!start || start.id !== e.pointerId) return;
    start.dragging ||= Math.hypot(e.clientX - start.x, e.clientY - start.y) > TAP_SLOP_PX;
    if (start.dragging) this.#onDrag(e.clientX - start.lastX, e.clientY - start.lastY);
    start.lastX = e.clientX;
    start.lastY = e.clientY;
  };
  readonly #cancel = () => {
    this.#start = null;
  };
  readonly #up = (e: PointerEvent) => {
    const start = this.#start;
    this.#start = null;
    if (!start || start.id !== e.pointerId || start.dragging || e.timeStamp - start.at > TAP_MAX_MS) return;
    if (Math.hypot(e.clientX - start.x, e.clientY - start.y) > TAP_SLOP_PX) return;
    const rect = this.#canvas.getBoundingClientRect();
    this.#ndc.set(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
    this.#ray.setFromCamera(this.#ndc, this.#camera);
    if (this.#ray.ray.intersectPlane(this.#floor, this.#hit)) this.#onTap(this.#hit.x, this.#hit.z);
  };

  constructor(canvas: HTMLCanvasElement, camera: Camera, onTap: (x: number, z: number) => void, onDrag: (dxPx: number, dyPx: number) => void = () => {}) {
    this.#canvas = canvas;
    this.#camera = camera;
    this.#onTap = onTap;
    this.#onDrag = onDrag;
    canvas.addEventListener("pointerdown", this.#down);
    canvas.addEventListener("pointermove", this.#move);
    canvas.addEventListener("pointerup", this.#up);
    canvas.addEventListener("pointercancel", this.#cancel);
  }

  dispose(): void {
    this.#canvas.removeEventListener("pointerdown", this.#down);
    this.#canvas.removeEventListener("pointermove", this.#move);
    this.#canvas.removeEventListener("pointerup", this.#up);
    this.#canvas.removeEventListener("pointercancel", this.#cancel);
  }
}
