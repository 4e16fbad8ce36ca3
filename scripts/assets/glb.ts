import { Document, NodeIO, VertexLayout } from "@gltf-transform/core";
import type { BufferAttribute, BufferGeometry } from "three";

/**
 * A model source's meshes as one binary glTF (GLB): open, and readable by any glTF viewer; read in
 * the page by client/scene/glb.ts, which knows only what this writes: named meshes of one indexed
 * primitive, each attribute in a buffer view of its own (no interleaving, no strides). Attributes
 * keep the array type and `normalized` flag the source chose (colours as normalized bytes); names
 * three does not know as glTF's travel as custom attributes, `_NAME`.
 */
const GLTF_NAME: Record<string, string> = { position: "POSITION", normal: "NORMAL", color: "COLOR_0", uv: "TEXCOORD_0" };
const TYPE = { 1: "SCALAR", 2: "VEC2", 3: "VEC3", 4: "VEC4" } as const;

export const gltfAttributeName = (three: string) => GLTF_NAME[three] ?? `_${three.toUpperCase()}`;

export async function writeGlb(meshes: Record<string, BufferGeometry>, generator: string): Promise<Uint8Array> {
  const doc = new Document();
  doc.getRoot().getAsset().generator = generator;
  const buffer = doc.createBuffer();
  const scene = doc.createScene();
  for (const [name, geometry] of Object.entries(meshes)) {
    const primitive = doc.createPrimitive();
    for (const [attribute, data] of Object.entries(geometry.attributes) as [string, BufferAttribute][]) {
      const type = TYPE[data.itemSize as keyof typeof TYPE];
      if (!type) throw new Error(`${name}.${attribute}: ${data.itemSize} components per vertex is not a glTF type`);
      const accessor = doc.createAccessor(`${name}.${attribute}`).setType(type).setArray(data.array as Float32Array).setNormalized(data.normalized).setBuffer(buffer);
      primitive.setAttribute(gltfAttributeName(attribute), accessor);
    }
    const index = geometry.index;
    if (!index) throw new Error(`${name}: a model's mesh must be indexed`);
    primitive.setIndices(doc.createAccessor(`${name}.index`).setType("SCALAR").setArray(index.array as Uint16Array).setBuffer(buffer));
    // A mesh's userData travels as its glTF extras (as three's GLTFLoader maps them), e.g. the character's vertex program.
    const mesh = doc.createMesh(name).addPrimitive(primitive).setExtras({ ...geometry.userData });
    scene.addChild(doc.createNode(name).setMesh(mesh));
  }
  return new NodeIO().setVertexLayout(VertexLayout.SEPARATE).writeBinary(doc);
}
