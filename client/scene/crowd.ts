import { type BufferGeometry, type Color, Group, InstancedBufferAttribute, InstancedMesh, type Material } from "three";
import { figureGeometry, figureMaterial, shadowGeometry, shadowMaterial } from "./figure.ts";

/**
 * Everyone's figure in one draw call and everyone's shadow in another, however many people are
 * in the space. Instances are rewritten from the people's poses whenever something moved (a few
 * dozen matrices), so nobody needs a fixed place in the buffers and leaving needs no bookkeeping.
 */
export interface FigurePose {
  x: number;
  z: number;
  heading: number;
  /** The body colour, linear (as three.js stores colours). */
  colour: Color;
  /** Index into ACCESSORY_IDS (see accessoryIndex). */
  accessory: number;
}

/** A space holds at most LIMITS.maxParticipants (60); the buffers double beyond this. */
const FIRST_CAPACITY = 64;

export class Crowd {
  readonly group = new Group();
  #figures: InstancedMesh<BufferGeometry, Material>;
  #shadows: InstancedMesh<BufferGeometry, Material>;
  #capacity = 0;
  #shadowsShown = true;

  constructor() {
    this.group.name = "crowd";
    [this.#figures, this.#shadows] = this.#build(FIRST_CAPACITY);
  }

  write(poses: Iterable<FigurePose>): void {
    let n = 0;
    for (const pose of poses) {
      if (n === this.#capacity) this.#rebuild(this.#capacity * 2);
      const figure = this.#figures.instanceMatrix.array as Float32Array;
      const shadow = this.#shadows.instanceMatrix.array as Float32Array;
      // Column-major: a turn about y by the heading, then a move to (x, 0, z).
      const c = Math.cos(pose.heading);
      const s = Math.sin(pose.heading);
      const m = n * 16;
      figure[m] = c;
      figure[m + 2] = -s;
      figure[m + 5] = 1;
      figure[m + 8] = s;
      figure[m + 10] = c;
      figure[m + 12] = pose.x;
      figure[m + 14] = pose.z;
      figure[m + 15] = 1;
      // The shadow is round: a move is enough.
      shadow[m] = 1;
      shadow[m + 5] = 1;
      shadow[m + 10] = 1;
      shadow[m + 12] = pose.x;
      shadow[m + 14] = pose.z;
      shadow[m + 15] = 1;
      this.#figures.setColorAt(n, pose.colour);
      (this.#figures.geometry.getAttribute("accessory").array as Float32Array)[n] = pose.accessory;
      n++;
    }
    for (const mesh of [this.#figures, this.#shadows]) {
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
      // Zero instances would still cost a draw call.
      mesh.visible = n > 0;
    }
    this.#shadows.visible &&= this.#shadowsShown;
    if (this.#figures.instanceColor) this.#figures.instanceColor.needsUpdate = true;
    this.#figures.geometry.getAttribute("accessory").needsUpdate = true;
  }

  /** Low graphics leaves out the soft shadows (blended pixels are the dear part of software drawing); takes effect at the next write. */
  set shadowsShown(on: boolean) {
    this.#shadowsShown = on;
  }

  dispose(): void {
    for (const mesh of [this.#figures, this.#shadows]) {
      this.group.remove(mesh);
      mesh.geometry.dispose();
      mesh.material.dispose();
      mesh.dispose();
    }
  }

  #build(capacity: number): [InstancedMesh<BufferGeometry, Material>, InstancedMesh<BufferGeometry, Material>] {
    this.#capacity = capacity;
    const geometry = figureGeometry();
    geometry.setAttribute("accessory", new InstancedBufferAttribute(new Float32Array(capacity), 1));
    const figures = new InstancedMesh<BufferGeometry, Material>(geometry, figureMaterial(), capacity);
    figures.name = "figures";
    // Creates instanceColor before the first compile, so the shader is built with it.
    figures.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3).fill(1), 3);
    const shadows = new InstancedMesh<BufferGeometry, Material>(shadowGeometry(), shadowMaterial(), capacity);
    shadows.name = "shadows";
    for (const mesh of [figures, shadows]) {
      mesh.count = 0;
      mesh.visible = false;
      // People are spread over the whole floor and move every frame: bounds would only be stale.
      mesh.frustumCulled = false;
      this.group.add(mesh);
    }
    return [figures, shadows];
  }

  /** More people than the buffers hold: new, bigger meshes; the old ones' GPU memory is freed. */
  #rebuild(capacity: number): void {
    const old = { figures: this.#figures.instanceMatrix.array.slice(), shadows: this.#shadows.instanceMatrix.array.slice() };
    const colours = this.#figures.instanceColor?.array.slice();
    const accessories = this.#figures.geometry.getAttribute("accessory").array.slice();
    this.dispose();
    [this.#figures, this.#shadows] = this.#build(capacity);
    this.#figures.instanceMatrix.array.set(old.figures);
    this.#shadows.instanceMatrix.array.set(old.shadows);
    if (colours) this.#figures.instanceColor?.array.set(colours);
    this.#figures.geometry.getAttribute("accessory").array.set(accessories);
  }
}
