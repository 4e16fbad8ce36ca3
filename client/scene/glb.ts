import { BufferAttribute, BufferGeometry } from "three";

/**
 * Reads the models the build makes from assets/ (scripts/assets/glb.ts writes them): each named
 * mesh as a BufferGeometry, its glTF extras as the geometry's userData (as three's own loader
 * maps them). Only that shape of glTF is read (one indexed primitive a mesh, one buffer,
 * attributes not interleaved): three's GLTFLoader would cost every first visit ~20 KB of
 * JavaScript for scenes, materials and textures these files do not have.
 */
const ARRAY = { 5120: Int8Array, 5121: Uint8Array, 5122: Int16Array, 5123: Uint16Array, 5125: Uint32Array, 5126: Float32Array } as const;
const SIZE = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 } as const;
const THREE_NAME: Record<string, string> = { POSITION: "position", NORMAL: "normal", COLOR_0: "color", TEXCOORD_0: "uv" };

interface Gltf {
  meshes: { name: string; extras?: Record<string, unknown>; primitives: { attributes: Record<string, number>; indices: number }[] }[];
  accessors: { bufferView: number; byteOffset?: number; componentType: keyof typeof ARRAY; count: number; type: keyof typeof SIZE; normalized?: boolean }[];
  bufferViews: { byteOffset?: number; byteStride?: number }[];
}

export function readGlb(bytes: ArrayBuffer): Map<string, BufferGeometry> {
  const view = new DataView(bytes);
  if (view.getUint32(0, true) !== 0x46546c67 /* "glTF" */ || view.getUint32(4, true) !== 2) throw new Error("not a glTF 2 binary");
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 20, jsonLength))) as Gltf;
  // The binary chunk follows the JSON chunk (both 4-byte aligned), after its own 8-byte header.
  const bin = 20 + jsonLength + 8;
  const attribute = (i: number) => {
    const a = json.accessors[i];
    const bufferView = a && json.bufferViews[a.bufferView];
    const size = a ? SIZE[a.type] : 0;
    // Tightly packed only: a stride, if written, is the element's own size.
    if (!a || !bufferView || (bufferView.byteStride && bufferView.byteStride !== size * ARRAY[a.componentType].BYTES_PER_ELEMENT)) throw new Error(`accessor ${i} is not one this reader knows`);
    const array = new ARRAY[a.componentType](bytes, bin + (bufferView.byteOffset ?? 0) + (a.byteOffset ?? 0), a.count * size);
    return new BufferAttribute(array, size, a.normalized ?? false);
  };
  const meshes = new Map<string, BufferGeometry>();
  for (const mesh of json.meshes) {
    const primitive = mesh.primitives[0];
    if (!primitive) continue;
    const geometry = new BufferGeometry();
    for (const [name, accessor] of Object.entries(primitive.attributes)) geometry.setAttribute(THREE_NAME[name] ?? name.slice(1).toLowerCase(), attribute(accessor));
    geometry.setIndex(attribute(primitive.indices));
    geometry.userData = mesh.extras ?? {};
    meshes.set(mesh.name, geometry);
  }
  return meshes;
}
