import { type BufferGeometry, type Color, Group, InstancedBufferAttribute, InstancedMesh, type Material } from "three";
import { ATTRIBUTE } from "../../assets/characters/rig.ts";
import { type FigureMaterial, figureMaterial, shadowMaterial } from "./figure.ts";

const { look: LOOK_ATTRIBUTE, motion: MOTION_ATTRIBUTE, skin: SKIN_ATTRIBUTE, hair: HAIR_ATTRIBUTE } = ATTRIBUTE;

/**
 * Everyone's figure in one draw call for those near the camera and one for those far (a lighter
 * mesh), and everyone's shadow in another, however many people are in the space. Instances are
 * rewritten from the people's poses whenever something moved or changed (a few dozen matrices),
 * so nobody needs a fixed place in the buffers and leaving needs no bookkeeping.
 */
export interface FigurePose {
  x: number;
  z: number;
  heading: number;
  /** The look's colours, linear (as three.js stores colours). */
  colours: { outfit: Color; skin: Color; hair: Color };
  /** Hair style, outfit, accessory and expression, as indices (figure.ts lookIndices). */
  look: readonly [number, number, number, number];
  /** Walk phase, walk amount, sitting, gesture (rig.ts ATTRIBUTE.motion). */
  motion: readonly [number, number, number, number];
}

/** Beyond this distance from the camera (metres), a figure is drawn with the far mesh. */
export const FAR_METRES = 11;

/** A space holds at most LIMITS.maxParticipants (60); the buffers double beyond this. */
const FIRST_CAPACITY = 64;

type Figures = InstancedMesh<BufferGeometry, Material>;

export class Crowd {
  readonly group = new Group();
  readonly material: FigureMaterial;
  readonly #shapes: { near: BufferGeometry; far: BufferGeometry; shadow: BufferGeometry };
  #near!: Figures;
  #far!: Figures;
  #shadows!: Figures;
  #capacity = 0;
  #shadowsShown = true;

  constructor(shapes: { near: BufferGeometry; far: BufferGeometry; shadow: BufferGeometry }) {
    this.group.name = "crowd";
    this.#shapes = shapes;
    this.material = figureMaterial(shapes.near);
    this.#build(FIRST_CAPACITY);
  }

  /** Writes everyone (`count` of them); `camera` decides near or far by distance. */
  write(poses: Iterable<FigurePose>, count: number, camera: { x: number; z: number }): void {
    if (count > this.#capacity) this.#rebuild(Math.max(count, this.#capacity * 2));
    const counts = { near: 0, far: 0, shadows: 0 };
    for (const pose of poses) {
      const far = (pose.x - camera.x) ** 2 + (pose.z - camera.z) ** 2 > FAR_METRES ** 2;
      const mesh = far ? this.#far : this.#near;
      const n = far ? counts.far++ : counts.near++;
      writeFigure(mesh, n, pose);
      const shadow = this.#shadows.instanceMatrix.array as Float32Array;
      const m = counts.shadows++ * 16;
      // The shadow is round: a move is enough.
      shadow[m] = 1;
      shadow[m + 5] = 1;
      shadow[m + 10] = 1;
      shadow[m + 12] = pose.x;
      shadow[m + 14] = pose.z;
      shadow[m + 15] = 1;
    }
    for (const [mesh, n] of [[this.#near, counts.near], [this.#far, counts.far], [this.#shadows, counts.shadows]] as const) {
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
      // Zero instances would still cost a draw call.
      mesh.visible = n > 0;
      if (mesh === this.#shadows) continue;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      for (const name of [LOOK_ATTRIBUTE, MOTION_ATTRIBUTE, SKIN_ATTRIBUTE, HAIR_ATTRIBUTE]) mesh.geometry.getAttribute(name).needsUpdate = true;
    }
    this.#shadows.visible &&= this.#shadowsShown;
  }

  /** Low graphics leaves out the soft shadows (blended pixels are the dear part of software drawing); takes effect at the next write. */
  set shadowsShown(on: boolean) {
    this.#shadowsShown = on;
  }

  dispose(): void {
    this.#disposeMeshes();
    this.material.dispose();
    this.#shapes.near.dispose();
    this.#shapes.far.dispose();
    this.#shapes.shadow.dispose();
  }

  #disposeMeshes(): void {
    for (const mesh of [this.#near, this.#far, this.#shadows]) {
      this.group.remove(mesh);
      mesh.dispose();
    }
    // The instanced attributes live on clones of the shapes (the shapes themselves are kept).
    this.#near.geometry.dispose();
    this.#far.geometry.dispose();
    this.#shadows.geometry.dispose();
    this.#shadows.material.dispose();
  }

  #build(capacity: number): void {
    this.#capacity = capacity;
    const figures = (shape: BufferGeometry, name: string) => {
      const geometry = shape.clone();
      geometry.setAttribute(LOOK_ATTRIBUTE, new InstancedBufferAttribute(new Float32Array(capacity * 4), 4));
      geometry.setAttribute(MOTION_ATTRIBUTE, new InstancedBufferAttribute(new Float32Array(capacity * 4), 4));
      geometry.setAttribute(SKIN_ATTRIBUTE, new InstancedBufferAttribute(new Float32Array(capacity * 3).fill(1), 3));
      geometry.setAttribute(HAIR_ATTRIBUTE, new InstancedBufferAttribute(new Float32Array(capacity * 3), 3));
      const mesh = new InstancedMesh<BufferGeometry, Material>(geometry, this.material, capacity);
      mesh.name = name;
      // Creates instanceColor before the first compile, so the shader is built with it.
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3).fill(1), 3);
      return mesh;
    };
    this.#near = figures(this.#shapes.near, "figures");
    this.#far = figures(this.#shapes.far, "figures-far");
    this.#shadows = new InstancedMesh<BufferGeometry, Material>(this.#shapes.shadow.clone(), shadowMaterial(), capacity);
    this.#shadows.name = "shadows";
    for (const mesh of [this.#near, this.#far, this.#shadows]) {
      mesh.count = 0;
      mesh.visible = false;
      // People are spread over the whole floor and move every frame: bounds would only be stale.
      mesh.frustumCulled = false;
      this.group.add(mesh);
    }
  }

  /** More people than the buffers hold: bigger meshes (everyone is written again at once). */
  #rebuild(capacity: number): void {
    this.#disposeMeshes();
    this.#build(capacity);
  }
}

function writeFigure(mesh: Figures, n: number, pose: FigurePose): void {
  const matrix = mesh.instanceMatrix.array as Float32Array;
  // Column-major: a turn about y by the heading, then a move to (x, 0, z).
  const c = Math.cos(pose.heading);
  const s = Math.sin(pose.heading);
  const m = n * 16;
  matrix.fill(0, m, m + 16);
  matrix[m] = c;
  matrix[m + 2] = -s;
  matrix[m + 5] = 1;
  matrix[m + 8] = s;
  matrix[m + 10] = c;
  matrix[m + 12] = pose.x;
  matrix[m + 14] = pose.z;
  matrix[m + 15] = 1;
  const geometry = mesh.geometry;
  (geometry.getAttribute(LOOK_ATTRIBUTE).array as Float32Array).set(pose.look, n * 4);
  (geometry.getAttribute(MOTION_ATTRIBUTE).array as Float32Array).set(pose.motion, n * 4);
  pose.colours.skin.toArray(geometry.getAttribute(SKIN_ATTRIBUTE).array, n * 3);
  pose.colours.hair.toArray(geometry.getAttribute(HAIR_ATTRIBUTE).array, n * 3);
  mesh.setColorAt(n, pose.colours.outfit);
}
