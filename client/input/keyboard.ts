/**
 * Arrow keys and WASD walk, unless the person is typing somewhere. Reports a direction on the
 * floor plane: x east, z south (so "up" is north, away from the camera).
 */
const DIRECTIONS: Record<string, [number, number]> = {
  KeyW: [0, -1],
  ArrowUp: [0, -1],
  KeyS: [0, 1],
  ArrowDown: [0, 1],
  KeyA: [-1, 0],
  ArrowLeft: [-1, 0],
  KeyD: [1, 0],
  ArrowRight: [1, 0],
};

export class Keyboard {
  readonly #held = new Set<string>();
  readonly #target: Window;
  readonly #down = (e: KeyboardEvent) => {
    if (!(e.code in DIRECTIONS) || isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    this.#held.add(e.code);
    e.preventDefault(); // keep arrows from scrolling the page
  };
  readonly #up = (e: KeyboardEvent) => this.#held.delete(e.code);
  readonly #clear = () => this.#held.clear();

  constructor(target: Window = window) {
    this.#target = target;
    target.addEventListener("keydown", this.#down);
    target.addEventListener("keyup", this.#up);
    target.addEventListener("blur", this.#clear);
  }

  /** The held direction, normalised, or null when nothing is held. */
  direction(): { x: number; z: number } | null {
    let x = 0;
    let z = 0;
    for (const code of this.#held) {
      const d = DIRECTIONS[code];
      if (d) {
        x += d[0];
        z += d[1];
      }
    }
    const length = Math.hypot(x, z);
    return length === 0 ? null : { x: x / length, z: z / length };
  }

  dispose(): void {
    this.#target.removeEventListener("keydown", this.#down);
    this.#target.removeEventListener("keyup", this.#up);
    this.#target.removeEventListener("blur", this.#clear);
  }
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}
