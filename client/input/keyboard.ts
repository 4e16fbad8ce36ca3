/**
 * Arrow keys and WASD walk, unless the person is typing somewhere. Reports a direction on the
 * floor plane: x east, z south (so "up" is north, away from the camera). Other ways of steering
 * (the on-screen joystick) are added to the page's `Steering` and read through the same call.
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
const LETTERS = new Set(["KeyW", "KeyA", "KeyS", "KeyD"]);

export type Direction = { x: number; z: number };
export interface DirectionSource {
  /** A direction (length at most 1), or null when idle. */
  direction(): Direction | null;
}

/**
 * How the page steers, handed to the 3D view: other direction sources (a joystick) and whether
 * one-letter keys are on (WCAG 2.1.4: speech input can press them by accident).
 */
export class Steering {
  readonly sources = new Set<DirectionSource>();
  letters = true;

  /** Is this key one that walks (given the one-letter setting)? */
  isWalkKey(code: string): boolean {
    return code in DIRECTIONS && (this.letters || !LETTERS.has(code));
  }
}

export class Keyboard {
  readonly #held = new Set<string>();
  readonly #target: Window;
  readonly #steering: Steering;
  readonly #down = (e: KeyboardEvent) => {
    if (!this.#steering.isWalkKey(e.code) || !walksFrom(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    this.#held.add(e.code);
    e.preventDefault(); // keep arrows from scrolling the page
  };
  readonly #up = (e: KeyboardEvent) => this.#held.delete(e.code);
  readonly #clear = () => this.#held.clear();

  constructor(steering: Steering, target: Window = window) {
    this.#steering = steering;
    this.#target = target;
    target.addEventListener("keydown", this.#down);
    target.addEventListener("keyup", this.#up);
    target.addEventListener("blur", this.#clear);
  }

  /** The held direction, normalised, or another source's, or null when nothing steers. */
  direction(): Direction | null {
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
    if (length > 0) return { x: x / length, z: z / length };
    for (const source of this.#steering.sources) {
      const d = source.direction();
      if (d) return d;
    }
    return null;
  }

  dispose(): void {
    this.#target.removeEventListener("keydown", this.#down);
    this.#target.removeEventListener("keyup", this.#up);
    this.#target.removeEventListener("blur", this.#clear);
  }
}

/**
 * Keys walk from the 3D view, the page, or a button; not while typing, and not where arrows
 * already mean something (radio groups, the scrollable chat log, dialogs).
 */
export function walksFrom(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return false;
  return target.closest("dialog, [role=log], [role=radiogroup], [role=listbox], [role=slider]") === null;
}
