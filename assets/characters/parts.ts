import { BufferAttribute, BufferGeometry } from "three";
import { OPTIONS, PARTS, WHO, partOf } from "./rig.ts";

/**
 * The character model cut into parts for drawing (issue 17), at build time: the body, and each
 * option of each choice (a hair style, an outfit's own pieces, an accessory, a face), at both
 * levels of detail. The model holds every look (figure.ts); drawn whole, each person ran every
 * look's vertices through the program and folded away those not worn, about half of them, and in
 * software WebGL vertices are what people cost. Here each part is a range of one index buffer over
 * the model's vertices (near and far side by side), so the page draws a person as the ranges of
 * what they wear (client/scene/crowd.ts), and a vertex shared by several options (the hair's cap)
 * is stored once. The ranges travel in the mesh's extras as `parts`.
 */

/** Per part (rig.ts partOf): where its indices start, in bytes, and how many there are (0: nothing to draw, e.g. no accessory). */
export interface PartRanges {
  offset: number[];
  count: number[];
}

export function cutIntoParts(near: BufferGeometry, far: BufferGeometry): BufferGeometry {
  const levels = [near, far];
  const lists: number[][] = Array.from({ length: PARTS }, () => []);
  let base = 0;
  levels.forEach((shape, level) => {
    const kind = shape.getAttribute("kind");
    const index = shape.index?.array ?? [];
    for (let t = 0; t < index.length; t += 3) {
      // A piece has one kind: its triangle's first corner says whose it is.
      const first = index[t] ?? 0;
      const who = kind.getX(first);
      const mask = who === WHO.always ? 1 : kind.getY(first);
      for (let option = 0; option < (OPTIONS[who] ?? 0); option++) {
        if (((mask >> option) & 1) === 0) continue;
        lists[partOf(level, who, option)]?.push(base + (index[t] ?? 0), base + (index[t + 1] ?? 0), base + (index[t + 2] ?? 0));
      }
    }
    base += shape.getAttribute("position").count;
  });

  const geometry = new BufferGeometry();
  for (const name of ["position", "normal", "color", "kind"]) {
    const [a, b] = levels.map((shape) => shape.getAttribute(name) as BufferAttribute);
    if (!a || !b) throw new Error(`the character model has no ${name}`);
    const Typed = a.array.constructor as new (n: number) => Float32Array | Uint8Array;
    const joined = new Typed(a.array.length + b.array.length);
    joined.set(a.array);
    joined.set(b.array, a.array.length);
    geometry.setAttribute(name, new BufferAttribute(joined, a.itemSize, a.normalized));
  }
  const all = lists.flat();
  const indices = base > 65535 ? new Uint32Array(all) : new Uint16Array(all);
  geometry.setIndex(new BufferAttribute(indices, 1));
  const parts: PartRanges = { offset: [], count: [] };
  let at = 0;
  for (const list of lists) {
    parts.offset.push(at * indices.BYTES_PER_ELEMENT);
    parts.count.push(list.length);
    at += list.length;
  }
  geometry.userData = { ...near.userData, parts };
  return geometry;
}
