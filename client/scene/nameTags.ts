import { type Camera, InstancedBufferAttribute, InstancedBufferGeometry, Mesh, PlaneGeometry, ShaderMaterial, Vector2, Vector3 } from "three";
import { NAME_TAG, NAME_TAG_ORDER } from "./labels.ts";
import { NameAtlas } from "./nameAtlas.ts";

/**
 * Every name tag in one draw call: a quad per tag, turned to face the camera in the vertex
 * shader as a sprite would be, showing its box of the NameAtlas. Tags are drawn over walls (no
 * depth test), so the nearer of two overlapping tags must be drawn last: each write sorts them
 * back to front along the direction the camera looked in its last frame.
 */
export interface TagSpot {
  x: number;
  y: number;
  z: number;
  slot: number;
}

const vertexShader = /* glsl */ `
attribute vec4 tag; // where the tag's centre is (world), and its slot in the atlas
uniform vec2 grid;  // the atlas's columns and rows
varying vec2 vUv;
void main() {
  vec4 centre = modelViewMatrix * vec4(tag.xyz, 1.0);
  centre.xy += position.xy;
  gl_Position = projectionMatrix * centre;
  vec2 cell = vec2(mod(tag.w, grid.x), floor(tag.w / grid.x));
  // The canvas's first row is the texture's top (flipY).
  vUv = vec2((cell.x + uv.x) / grid.x, 1.0 - (cell.y + 1.0 - uv.y) / grid.y);
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
  readonly #uniforms = { map: { value: this.atlas.texture }, grid: { value: new Vector2(this.atlas.columns, this.atlas.rows) } };
  #capacity = 0;
  #shown = true;
  readonly #forward = new Vector3(0, 0, -1);
  readonly #order: TagSpot[] = [];

  constructor() {
    const geometry = new InstancedBufferGeometry();
    const quad = new PlaneGeometry(NAME_TAG.metresWide, NAME_TAG.metresHigh);
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
    this.mesh.onBeforeRender = (_renderer, _scene, camera: Camera) => {
      camera.getWorldDirection(this.#forward);
    };
    this.#ensure(64);
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
    const attribute = this.mesh.geometry.getAttribute("tag") as InstancedBufferAttribute;
    const data = attribute.array as Float32Array;
    for (let i = 0; i < order.length; i++) {
      const s = order[i] as TagSpot;
      data[i * 4] = s.x;
      data[i * 4 + 1] = s.y;
      data[i * 4 + 2] = s.z;
      data[i * 4 + 3] = s.slot;
    }
    attribute.needsUpdate = true;
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
    const geometry = this.mesh?.geometry;
    const fresh = new InstancedBufferAttribute(new Float32Array(this.#capacity * 4), 4);
    if (geometry?.getAttribute("tag")) {
      // A resized attribute needs a new buffer: free the old one with the geometry's other buffers.
      const rebuilt = new InstancedBufferGeometry();
      rebuilt.index = geometry.index;
      rebuilt.setAttribute("position", geometry.getAttribute("position"));
      rebuilt.setAttribute("uv", geometry.getAttribute("uv"));
      rebuilt.setAttribute("tag", fresh);
      geometry.dispose();
      this.mesh.geometry = rebuilt;
    } else {
      geometry?.setAttribute("tag", fresh);
    }
  }
}
