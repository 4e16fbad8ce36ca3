import { BufferAttribute, BufferGeometry, Color, Euler, Matrix4, Quaternion, Vector3 } from "three";

/**
 * Builds a model source's mesh from three's primitive shapes, in Node, at build time: each piece
 * placed, coloured and labelled, then all merged into one indexed geometry with the attributes the
 * page reads (scripts/assets/glb.ts writes them; client/scene/glb.ts reads them):
 *
 *   position  float ×3     normal  float ×3
 *   color     byte ×4 (normalized, linear: as three.js takes vertex colours)
 *   kind      byte ×4 (what the piece is; the model's own meaning, e.g. assets/characters/rig.ts)
 */
export interface Placement {
  at?: readonly [number, number, number];
  /** Euler angles, radians, applied in XYZ order before the move. */
  rotate?: readonly [number, number, number];
  scale?: readonly [number, number, number];
  colour?: number;
  kind?: readonly [number, number, number, number];
  /** Keep only the triangles this accepts (centroid in the piece's placed coordinates). */
  keep?: (centroid: Vector3) => boolean;
}

export class ModelBuilder {
  readonly #positions: number[] = [];
  readonly #normals: number[] = [];
  readonly #colours: number[] = [];
  readonly #kinds: number[] = [];
  readonly #index: number[] = [];

  add(shape: BufferGeometry, place: Placement = {}): this {
    const matrix = new Matrix4().compose(
      new Vector3(...(place.at ?? [0, 0, 0])),
      new Quaternion().setFromEuler(new Euler(...(place.rotate ?? [0, 0, 0]))),
      new Vector3(...(place.scale ?? [1, 1, 1])),
    );
    const g = shape.index ? shape : withIndex(shape);
    g.applyMatrix4(matrix);
    if (place.scale) g.computeVertexNormals();
    const position = g.getAttribute("position");
    const normal = g.getAttribute("normal");
    const index = g.index?.array ?? [];
    // Linear, as three.js shades (the hex colours are sRGB); flat colours show no banding at 8 bits.
    const linear = new Color(place.colour ?? 0xffffff);
    const rgba = [linear.r, linear.g, linear.b].map((c) => Math.round(c * 255)).concat(255);
    const kind = place.kind ?? [0, 0, 0, 0];
    const base = this.#positions.length / 3;
    // Vertices used by a kept triangle, renumbered from `base`.
    const used = new Map<number, number>();
    const centroid = new Vector3();
    const v = new Vector3();
    for (let t = 0; t < index.length; t += 3) {
      const tri = [index[t] ?? 0, index[t + 1] ?? 0, index[t + 2] ?? 0];
      if (place.keep) {
        centroid.set(0, 0, 0);
        for (const i of tri) centroid.add(v.fromBufferAttribute(position, i));
        if (!place.keep(centroid.divideScalar(3))) continue;
      }
      for (const i of tri) {
        let at = used.get(i);
        if (at === undefined) {
          at = base + used.size;
          used.set(i, at);
          this.#positions.push(position.getX(i), position.getY(i), position.getZ(i));
          this.#normals.push(normal.getX(i), normal.getY(i), normal.getZ(i));
          this.#colours.push(...rgba);
          this.#kinds.push(...kind);
        }
        this.#index.push(at);
      }
    }
    shape.dispose();
    return this;
  }

  get triangles(): number {
    return this.#index.length / 3;
  }

  build(): BufferGeometry {
    const g = new BufferGeometry();
    g.setAttribute("position", new BufferAttribute(new Float32Array(this.#positions), 3));
    g.setAttribute("normal", new BufferAttribute(new Float32Array(this.#normals), 3));
    g.setAttribute("color", new BufferAttribute(new Uint8Array(this.#colours), 4, true));
    g.setAttribute("kind", new BufferAttribute(new Uint8Array(this.#kinds), 4));
    const count = this.#positions.length / 3;
    g.setIndex(new BufferAttribute(count > 65535 ? new Uint32Array(this.#index) : new Uint16Array(this.#index), 1));
    return g;
  }
}

/** Non-indexed shapes (three's polyhedra) get an index of their own: one vertex per corner. */
function withIndex(shape: BufferGeometry): BufferGeometry {
  const count = shape.getAttribute("position").count;
  shape.setIndex([...Array(count).keys()]);
  return shape;
}
