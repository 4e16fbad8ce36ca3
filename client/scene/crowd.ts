import { Box3, type BufferGeometry, type Color, DataTexture, FloatType, type Frustum, Group, InstancedBufferAttribute, InstancedBufferGeometry, Mesh, RGBAFormat } from "three";
import { type DrawPlan, drawInParts } from "./drawParts.ts";
import type { PartRanges } from "../../assets/characters/parts.ts";
import { PARTS, PERSON_TEXELS, OPTIONS, partOf } from "../../assets/characters/rig.ts";
import { type FigureMaterial, figureMaterial, shadowMaterial } from "./figure.ts";

/**
 * Everyone's figure in one draw call, however many people are in the space and whatever they
 * wear: one multi-draw of the character's parts (assets/characters/parts.ts), each part
 * instanced for the people who wear it, near or far (a lighter mesh); everyone's shadow in
 * another. Each person is a row of a small float texture per part they wear (the program reads
 * it), rewritten from the people's poses whenever something moved or changed (a few hundred
 * texels), so nobody needs a fixed place in the buffers and leaving needs no bookkeeping.
 */
export interface FigurePose {
  x: number;
  z: number;
  heading: number;
  /** The look's colours, linear (as three.js stores colours). */
  colours: { outfit: Color; skin: Color; hair: Color };
  /** Hair style, outfit, accessory and expression, as indices (figure.ts lookIndices). */
  look: readonly [number, number, number, number];
  /** Walk phase, walk amount, sitting, gesture (rig.ts GESTURE). */
  motion: readonly [number, number, number, number];
}

/** Beyond this distance from the camera (metres), a figure is drawn with the far mesh. */
export const FAR_METRES = 11;

/** Where the camera stands, and (in the space, not on the door) what it sees. */
export interface CrowdView {
  x: number;
  z: number;
  frustum: Frustum | null;
}

/**
 * Room for a whole person around where they stand, whatever they do and whichever way they face.
 * A figure reaches 0.45 m from where it stands and 1.6 m up (the "?" beside its head); on a
 * cushion it sits 0.25 m lower, legs out in front; its shadow is 0.38 m round. The box leaves
 * a quarter of a metre or more to spare on every side (test/unit/crowd.test.ts checks the edges).
 */
const REACH = { side: 1, below: 0.5, above: 2.4 };

/** A space holds at most LIMITS.maxParticipants (60); the buffers double beyond this. */
const FIRST_CAPACITY = 64;

/** A person shows at most this many parts: the body, hair, outfit, accessory, face. */
const PARTS_A_PERSON = OPTIONS.length;

export class Crowd {
  readonly group = new Group();
  readonly material: FigureMaterial;
  readonly #parts: PartRanges;
  readonly #figures: Mesh;
  readonly #shadowShape: BufferGeometry;
  readonly #shadowMaterial = shadowMaterial();
  #shadows!: Mesh<InstancedBufferGeometry>;
  #people!: DataTexture;
  #capacity = 0;
  #shadowsShown = true;
  readonly #plan: DrawPlan = { draws: 0, counts: new Int32Array(PARTS), offsets: new Int32Array(PARTS), instances: new Int32Array(PARTS), triangles: 0 };
  /** The first row of each draw (the program's figureFirstRow). */
  readonly #firstRow = new Int32Array(PARTS);
  /** Per part this frame: how many wear it, and (while their rows are written) its next free row. */
  readonly #wearers = new Int32Array(PARTS);
  readonly #nextRow = new Int32Array(PARTS);
  /** This frame's people (those in view) and the part each wears per WHO (-1: none), reused from frame to frame. */
  #poses: FigurePose[] = [];
  /** Each drawn person's place among everyone (their breath's phase: it must not change when others leave the view). */
  #seeds = new Int32Array(0);
  readonly #bounds = new Box3();
  #worn = new Int32Array(0);

  constructor(shapes: { figure: BufferGeometry; shadow: BufferGeometry }) {
    this.group.name = "crowd";
    const parts = shapes.figure.userData.parts as PartRanges | undefined;
    if (parts?.offset?.length !== PARTS || parts.count?.length !== PARTS) throw new Error("the character model's parts do not match this page");
    this.#parts = parts;
    this.#shadowShape = shapes.shadow;
    this.material = figureMaterial(shapes.figure, this.#firstRow);
    this.#figures = new Mesh(shapes.figure, this.material);
    this.#figures.name = "figures";
    drawInParts(this.#figures, this.#plan);
    this.#build(FIRST_CAPACITY);
    this.#figures.visible = false;
    // People are spread over the whole floor and move every frame: bounds would only be stale.
    this.#figures.frustumCulled = false;
    this.group.add(this.#figures);
  }

  /**
   * Writes everyone (`count` of them) the camera sees; its distance decides near or far. People
   * outside the view cost nothing: software WebGL (a school laptop without a GPU) runs the whole
   * vertex program and clips for each figure drawn, on screen or not, and in a space of 40 the
   * follow camera sees about half (docs/benchmarks.md).
   */
  write(poses: Iterable<FigurePose>, count: number, camera: CrowdView): void {
    if (count > this.#capacity) this.#rebuild(Math.max(count, this.#capacity * 2));
    const parts = this.#parts;
    const wearers = this.#wearers.fill(0);
    const people = this.#poses;
    people.length = 0;
    const shadows = this.#shadows.geometry;
    const shadowAt = shadows.getAttribute("shadowAt").array as Float32Array;
    // Who wears which part (and each one's shadow: round, so where is enough).
    let seed = -1;
    for (const pose of poses) {
      seed++;
      if (camera.frustum && !camera.frustum.intersectsBox(reach(this.#bounds, pose))) continue;
      const n = people.length;
      people.push(pose);
      this.#seeds[n] = seed;
      const level = (pose.x - camera.x) ** 2 + (pose.z - camera.z) ** 2 > FAR_METRES ** 2 ? 1 : 0;
      for (let who = 0; who < PARTS_A_PERSON; who++) {
        const part = partOf(level, who, who === 0 ? 0 : (pose.look[who - 1] ?? 0));
        const shown = (parts.count[part] ?? 0) > 0;
        this.#worn[n * PARTS_A_PERSON + who] = shown ? part : -1;
        if (shown) wearers[part] = (wearers[part] ?? 0) + 1;
      }
      shadowAt[n * 2] = pose.x;
      shadowAt[n * 2 + 1] = pose.z;
    }
    // One draw per part someone wears; its people are the rows from its first.
    const plan = this.#plan;
    plan.draws = 0;
    plan.triangles = 0;
    let rows = 0;
    for (let part = 0; part < PARTS; part++) {
      const n = wearers[part] ?? 0;
      this.#nextRow[part] = rows;
      if (n === 0) continue;
      const d = plan.draws++;
      const indices = parts.count[part] ?? 0;
      plan.counts[d] = indices;
      plan.offsets[d] = parts.offset[part] ?? 0;
      plan.instances[d] = n;
      this.#firstRow[d] = rows;
      plan.triangles += (indices / 3) * n;
      rows += n;
    }
    const data = this.#people.image.data as Float32Array;
    people.forEach((pose, n) => {
      for (let who = 0; who < PARTS_A_PERSON; who++) {
        const part = this.#worn[n * PARTS_A_PERSON + who] ?? -1;
        if (part < 0) continue;
        const row = this.#nextRow[part] ?? 0;
        this.#nextRow[part] = row + 1;
        writePerson(data, row * PERSON_TEXELS * 4, pose, this.#seeds[n] ?? n);
      }
    });
    this.#people.needsUpdate = true;
    this.#figures.visible = plan.draws > 0;
    shadows.instanceCount = people.length;
    shadows.getAttribute("shadowAt").needsUpdate = true;
    // Zero instances would still cost a draw call.
    this.#shadows.visible = this.#shadowsShown && people.length > 0;
  }

  /** How many people were drawn in the last write (those in view). */
  get drawn(): number {
    return this.#poses.length;
  }

  /** Low graphics leaves out the soft shadows (blended pixels are the dear part of software drawing); takes effect at the next write. */
  set shadowsShown(on: boolean) {
    this.#shadowsShown = on;
  }

  dispose(): void {
    this.#disposeBuffers();
    this.group.remove(this.#figures);
    this.material.dispose();
    this.#shadowMaterial.dispose();
    this.#figures.geometry.dispose();
    this.#shadowShape.dispose();
  }

  #disposeBuffers(): void {
    this.group.remove(this.#shadows);
    // The shadows' instances live on a copy of the shape (the shape itself is kept).
    this.#shadows.geometry.dispose();
    this.#people.dispose();
  }

  #build(capacity: number): void {
    this.#capacity = capacity;
    this.#worn = new Int32Array(capacity * PARTS_A_PERSON);
    this.#seeds = new Int32Array(capacity);
    this.#people = new DataTexture(new Float32Array(capacity * PARTS_A_PERSON * PERSON_TEXELS * 4), PERSON_TEXELS, capacity * PARTS_A_PERSON, RGBAFormat, FloatType);
    this.material.userData.people.value = this.#people;
    const shadows = new InstancedBufferGeometry().copy(this.#shadowShape as InstancedBufferGeometry);
    shadows.setAttribute("shadowAt", new InstancedBufferAttribute(new Float32Array(capacity * 2), 2));
    shadows.instanceCount = 0;
    this.#shadows = new Mesh(shadows, this.#shadowMaterial);
    this.#shadows.name = "shadows";
    this.#shadows.visible = false;
    this.#shadows.frustumCulled = false;
    this.group.add(this.#shadows);
  }

  /** More people than the buffers hold: bigger ones (everyone is written again at once). */
  #rebuild(capacity: number): void {
    this.#disposeBuffers();
    this.#build(capacity);
  }
}

/** The box a person may fill, wherever they stand. */
function reach(box: Box3, pose: FigurePose): Box3 {
  box.min.set(pose.x - REACH.side, -REACH.below, pose.z - REACH.side);
  box.max.set(pose.x + REACH.side, REACH.above, pose.z + REACH.side);
  return box;
}

/** A person's row (rig.ts PERSON_TEXELS): where, how they move, their colours packed. */
function writePerson(data: Float32Array, at: number, pose: FigurePose, seed: number): void {
  data[at] = pose.x;
  data[at + 1] = pose.z;
  data[at + 2] = pose.heading;
  data[at + 3] = pose.look[1];
  data.set(pose.motion, at + 4);
  data[at + 8] = packed(pose.colours.skin);
  data[at + 9] = packed(pose.colours.hair);
  data[at + 10] = packed(pose.colours.outfit);
  data[at + 11] = seed;
}

const byte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
const packed = (c: Color) => byte(c.r) * 65536 + byte(c.g) * 256 + byte(c.b);
