import { type Camera, InstancedBufferAttribute, InstancedBufferGeometry, Mesh, PlaneGeometry, ShaderMaterial, Vector2, Vector3 } from "three";
import { NAME_TAG, NAME_TAG_ORDER, type TagBounds } from "./labels.ts";
import { NameAtlas } from "./nameAtlas.ts";

/**
 * Every name tag in one draw call: a quad per tag, turned to face the camera in the vertex
 * shader as a sprite would be, showing its box of the NameAtlas (only the part the tag covers:
 * the same place and size on screen as the whole box, fewer transparent pixels). Tags are drawn over walls (no
 * depth test), so the nearer of two overlapping tags must be drawn last: each write sorts them
 * back to front along the direction the camera looked in its last frame.
 */
export interface TagSpot {
  x: number;
  y: number;
  z: number;
  slot: number;
  /** The part of the slot the tag covers (NameAtlas.draw). */
  bounds: TagBounds;
}

const vertexShader = /* glsl */ `
attribute vec4 tag;    // where the centre of the tag's box is (world), and its slot in the atlas
attribute vec4 bounds; // the part of the box the tag covers: left, top, right, bottom, 0–1 from the top left
uniform vec2 grid;     // the atlas's columns and rows
uniform vec2 size;     // the whole box over a head, in metres
varying vec2 vUv;
void main() {
  // This corner of the quad, as a fraction of the box from its top left.
  vec2 f = vec2(mix(bounds.x, bounds.z, uv.x), mix(bounds.w, bounds.y, uv.y));
  vec4 centre = modelViewMatrix * vec4(tag.xyz, 1.0);
  centre.xy += (vec2(f.x, 1.0 - f.y) - 0.5) * size;
  gl_Position = projectionMatrix * centre;
  vec2 cell = vec2(mod(tag.w, grid.x), floor(tag.w / grid.x));
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

export class NameTags {
  readonly atlas = new NameAtlas();
  readonly mesh: Mesh<InstancedBufferGeometry, ShaderMaterial>;
  readonly #uniforms = {
    map: { value: this.atlas.texture },
    grid: { value: new Vector2(this.atlas.columns, this.atlas.rows) },
    size: { value: new Vector2(NAME_TAG.metresWide, NAME_TAG.metresHigh) },
  };
  #capacity = 0;
  #shown = true;
  readonly #forward = new Vector3(0, 0, -1);
  readonly #order: TagSpot[] = [];

  constructor() {
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
    this.mesh.name = "name tags";
    this.mesh.renderOrder = NAME_TAG_ORDER;
    // The tags span the whole floor and move every frame: bounds would only be stale.
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
   * Writes every tag's place and slot for the next frame, farthest first. The space's cameras
   * never turn, so the direction of the last frame is the right one (and before the first frame,
   * "north" orders tags at one height the same way).
   */
  write(spots: Iterable<TagSpot>): void {
    const order = this.#order;
    order.length = 0;
    for (const spot of spots) order.push(spot);
    const f = this.#forward;
    order.sort((a, b) => f.x * (b.x - a.x) + f.y * (b.y - a.y) + f.z * (b.z - a.z));
    this.#ensure(order.length);
    const tag = this.mesh.geometry.getAttribute("tag") as InstancedBufferAttribute;
    const bounds = this.mesh.geometry.getAttribute("bounds") as InstancedBufferAttribute;
    const t = tag.array as Float32Array;
    const b = bounds.array as Float32Array;
    for (let i = 0; i < order.length; i++) {
      const s = order[i] as TagSpot;
      t[i * 4] = s.x;
      t[i * 4 + 1] = s.y;
      t[i * 4 + 2] = s.z;
      t[i * 4 + 3] = s.slot;
      b[i * 4] = s.bounds.left / NAME_TAG.width;
      b[i * 4 + 1] = s.bounds.top / NAME_TAG.height;
      b[i * 4 + 2] = s.bounds.right / NAME_TAG.width;
      b[i * 4 + 3] = s.bounds.bottom / NAME_TAG.height;
    }
    tag.needsUpdate = true;
    bounds.needsUpdate = true;
    this.mesh.geometry.instanceCount = order.length;
    // The atlas may have grown into a new texture since the last write.
    this.#uniforms.map.value = this.atlas.texture;
    this.#uniforms.grid.value.set(this.atlas.columns, this.atlas.rows);
    this.#refreshVisibility();
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

  /** No tags, no draw call (three.js would still issue one for zero instances). */
  #refreshVisibility(): void {
    this.mesh.visible = this.#shown && this.mesh.geometry.instanceCount > 0;
  }

  /** Room for n tags: the instance buffer doubles when a space outgrows it. */
  #ensure(n: number): void {
    if (n <= this.#capacity) return;
    while (this.#capacity < n) this.#capacity = Math.max(64, this.#capacity * 2);
    const geometry = this.mesh.geometry;
    const fresh = () => new InstancedBufferAttribute(new Float32Array(this.#capacity * 4), 4);
    if (geometry.getAttribute("tag")) {
      // A resized attribute needs a new buffer: free the old ones with the geometry's other buffers.
      const rebuilt = new InstancedBufferGeometry();
      rebuilt.index = geometry.index;
      rebuilt.setAttribute("position", geometry.getAttribute("position"));
      rebuilt.setAttribute("uv", geometry.getAttribute("uv"));
      geometry.dispose();
      this.mesh.geometry = rebuilt;
    }
    this.mesh.geometry.setAttribute("tag", fresh());
    this.mesh.geometry.setAttribute("bounds", fresh());
  }
}
