import type { BufferGeometry } from "three";
import ASSET_URLS from "virtual:hidamari-assets";
import { readGlb } from "./glb.ts";

/**
 * The models the build makes from assets/ (the world, the character), each a GLB with its hash in
 * its name. Both are fetched as soon as the scene's code is loaded, while the door is still open,
 * so they are there by the first frame. Each view reads geometries of its own from the bytes (a
 * view disposes what it used when it goes, e.g. moving to a plaza).
 */
const bytes = new Map<string, Promise<ArrayBuffer>>();

function fetchModel(id: string): Promise<ArrayBuffer> {
  let loading = bytes.get(id);
  if (!loading) {
    loading = fetch(ASSET_URLS[id] ?? `/missing-model/${id}`).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`model ${id}: ${r.status}`))));
    bytes.set(id, loading);
  }
  return loading;
}
fetchModel("space");
fetchModel("figure");

/** A model's meshes by name; all of `names` must be there. */
export async function loadModel<N extends string>(id: string, ...names: N[]): Promise<Record<N, BufferGeometry>> {
  const meshes = readGlb(await fetchModel(id));
  const out = {} as Record<N, BufferGeometry>;
  for (const name of names) {
    const mesh = meshes.get(name);
    if (!mesh) throw new Error(`model ${id} has no mesh ${name}`);
    out[name] = mesh;
  }
  return out;
}
