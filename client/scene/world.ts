import { CanvasTexture, Group, Mesh, MeshBasicMaterial, MeshLambertMaterial, PlaneGeometry, SRGBColorSpace, type BufferGeometry } from "three";
import { ZONES } from "../../shared/domain/zones.ts";
import type { Lang } from "../i18n/index.ts";

/**
 * The space as the page shows it: the static world (assets/world/space.ts, built into a GLB: one
 * vertex-coloured mesh, one draw call) and the zones' names on the floor, in the page's language.
 */
function floorLabel(text: string, at: { x: number; z: number }): Mesh {
  const canvas = document.createElement("canvas");
  canvas.width = 512;
  canvas.height = 128;
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.font = "bold 64px 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "rgba(90, 60, 40, 0.55)";
    ctx.fillText(text, 256, 64, 500);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  const label = new Mesh(new PlaneGeometry(4, 1), new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false }));
  label.rotation.x = -Math.PI / 2;
  label.position.set(at.x, 0.03, at.z);
  return label;
}

export function buildWorld(lang: Lang): Group {
  const world = new Group();
  world.name = "world";
  for (const zone of ZONES) world.add(floorLabel(zone.name[lang], zone.label));
  return world;
}

/** The static world's mesh, once its model has arrived. */
export function addStatic(world: Group, shape: BufferGeometry): void {
  const mesh = new Mesh(shape, new MeshLambertMaterial({ vertexColors: true }));
  mesh.name = "static";
  world.add(mesh);
}

export function disposeWorld(world: Group): void {
  world.traverse((object) => {
    if (object instanceof Mesh) {
      object.geometry.dispose();
      const material = object.material as MeshBasicMaterial | MeshLambertMaterial;
      material.map?.dispose();
      material.dispose();
    }
  });
}
