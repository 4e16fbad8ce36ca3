import { type Camera, InstancedBufferAttribute, InstancedBufferGeometry, Mesh, PlaneGeometry, ShaderMaterial, Vector2, Vector3 } from "three";
import { Atlas, type AtlasShape } from "./atlas.ts";
import type { TagBounds } from "./labels.ts";

/**
 * Every picture of one kind (name tags, bubbles, reactions) in one draw call: a quad per
 * picture, turned to face the camera in the vertex shader as a sprite would be, showing its box
 * of the kind's Atlas (only the part the picture covers: the same place and size on screen as
 * the whole box, fewer transparent pixels). They are drawn over walls (no depth test), so the
 * nearer of two overlapping pictures must be drawn last: each write sorts them back to front
 * along the direction the camera looked in its last frame.
 */
export interface TagSpot {
  x: number;
  y: number;
  z: number;
  slot: number;
  /** The part of the slot the picture covers (Atlas.draw). */
  bounds: TagBounds;
}

/** A kind of billboard: its atlas's boxes, their size over a head, and when it draws among the others. */
export interface BillboardKind extends AtlasShape {
  metresWide: number;
  metresHigh: number;
  order: number;
}

const vertexShader = /* glsl */ `
attribute vec4 place;  // where the centre of the picture's box is (world), and its slot in the atlas
attribute vec4 bounds; // the part of the box the picture covers: left, top, right, bottom, 0–1 from the top left
uniform vec2 grid;     // the atlas's columns and rows
uniform vec2 size;     // the whole box over a head, in metres
uniform vec2 grow;     // larger text: how many times larger, and the height everything grows up from
varying vec2 vUv;
void main() {
  // This corner of the quad, as a fraction of the box from its top left.
  vec2 f = vec2(mix(bounds.x, bounds.z, uv.x), mix(bounds.w, bounds.y, uv.y));
  vec3 p = place.xyz;
  p.y = grow.y + (p.y - grow.y) * grow.x;
  vec4 centre = modelViewMatrix * vec4(p, 1.0);
  centre.xy += (vec2(f.x, 1.0 - f.y) - 0.5) * size * grow.x;
  gl_Position = projectionMatrix * centre;
  vec2 cell = vec2(mod(place.w, grid.x), floor(place.w / grid.x));
  // The canvas's first row is the texture's top (flipY).
  vUv = vec2((cell.x + f.x) / grid.x, 1.0 - (cell.y + f.y) / grid.y);
}
`;

const fragmentShader = /* glsl */ `
uniform sampler2D map;
varying vec2 vUv;
void main() {
  gl_FragColor = texture2D(map, vUv);
  #include <colorspace_fragment>
}
`;

export class Billboards {
  readonly atlas: Atlas;
  readonly mesh: Mesh<InstancedBufferGeometry, ShaderMaterial>;
  readonly #uniforms: { map: { value: Atlas["texture"] }; grid: { value: Vector2 }; size: { value: Vector2 }; grow: { value: Vector2 } };
  #capacity = 0;
  #shown = true;
  readonly #forward = new Vector3(0, 0, -1);
  readonly #order: TagSpot[] = [];

  constructor(kind: BillboardKind) {
    this.atlas = new Atlas(kind);
    this.#uniforms = {
      map: { value: this.atlas.texture },
      grid: { value: new Vector2(kind.columns, this.atlas.rows) },
      size: { value: new Vector2(kind.metresWide, kind.metresHigh) },
      grow: { value: new Vector2(1, 0) },
    };
    const geometry = new InstancedBufferGeometry();
    // Only its uv (0–1, v up) and triangles are used: the shader places the corners.
    const quad = new PlaneGeometry(1, 1);
    geometry.index = quad.index;
    geometry.setAttribute("position", quad.getAttribute("position"));
    geometry.setAttribute("uv", quad.getAttribute("uv"));
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: this.#uniforms,
      transparent: true,
      depthTest: false,
      depthWrite: false,
    });
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = kind.name;
    this.mesh.renderOrder = kind.order;
    // The pictures span the whole floor and move every frame: bounds would only be stale.
    this.mesh.frustumCulled = false;
    this.mesh.onBeforeRender = (renderer, _scene, camera: Camera) => {
      camera.getWorldDirection(this.#forward);
      this.atlas.upload(renderer);
    };
    this.#ensure(64);
    // Nothing to draw until the first write (an InstancedBufferGeometry starts with every instance).
    geometry.instanceCount = 0;
    this.mesh.visible = false;
  }

  /**
   * Writes every picture's place and slot for the next frame, farthest first. The space's cameras
   * never turn, so the direction of the last frame is the right one (and before the first frame,
   * "north" orders pictures at one height the same way).
   */
  write(spots: Iterable<TagSpot>): void {
    const order = this.#order;
    order.length = 0;
    for (const spot of spots) order.push(spot);
    const f = this.#forward;
    order.sort((a, b) => f.x * (b.x - a.x) + f.y * (b.y - a.y) + f.z * (b.z - a.z));
    this.#ensure(order.length);
    const place = this.mesh.geometry.getAttribute("place") as InstancedBufferAttribute;
    const bounds = this.mesh.geometry.getAttribute("bounds") as InstancedBufferAttribute;
    const t = place.array as Float32Array;
    const b = bounds.array as Float32Array;
    const { width, height } = this.atlas.shape;
    for (let i = 0; i < order.length; i++) {
      const s = order[i] as TagSpot;
      t[i * 4] = s.x;
      t[i * 4 + 1] = s.y;
      t[i * 4 + 2] = s.z;
      t[i * 4 + 3] = s.slot;
      b[i * 4] = s.bounds.left / width;
      b[i * 4 + 1] = s.bounds.top / height;
      b[i * 4 + 2] = s.bounds.right / width;
      b[i * 4 + 3] = s.bounds.bottom / height;
    }
    place.needsUpdate = true;
    bounds.needsUpdate = true;
    this.mesh.geometry.instanceCount = order.length;
    // The atlas may have grown into a new texture since the last write.
    this.#uniforms.map.value = this.atlas.texture;
    this.#uniforms.grid.value.set(this.atlas.shape.columns, this.atlas.rows);
    this.#refreshVisibility();
  }

  /**
   * Larger text (the settings' text size): every picture `scale` times its size, and its height
   * over `fromY` (the foot of the name tags) as many times higher, so that a reaction and a bubble
   * still sit on the tag they belong to. In the shader: nothing to rewrite, no draw call more.
   */
  grow(scale: number, fromY: number): void {
    this.#uniforms.grow.value.set(scale, fromY);
  }

  set shown(on: boolean) {
    this.#shown = on;
    this.#refreshVisibility();
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.atlas.dispose();
  }

  /** None shown, no draw call (three.js would still issue one for zero instances). */
  #refreshVisibility(): void {
    this.mesh.visible = this.#shown && this.mesh.geometry.instanceCount > 0;
  }

  /** Room for n pictures: the instance buffer doubles when a space outgrows it. */
  #ensure(n: number): void {
    if (n <= this.#capacity) return;
    while (this.#capacity < n) this.#capacity = Math.max(64, this.#capacity * 2);
    const geometry = this.mesh.geometry;
    const fresh = () => new InstancedBufferAttribute(new Float32Array(this.#capacity * 4), 4);
    if (geometry.getAttribute("place")) {
      // A resized attribute needs a new buffer: free the old ones with the geometry's other buffers.
      const rebuilt = new InstancedBufferGeometry();
      rebuilt.index = geometry.index;
      rebuilt.setAttribute("position", geometry.getAttribute("position"));
      rebuilt.setAttribute("uv", geometry.getAttribute("uv"));
      geometry.dispose();
      this.mesh.geometry = rebuilt;
    }
    this.mesh.geometry.setAttribute("place", fresh());
    this.mesh.geometry.setAttribute("bounds", fresh());
  }
}
