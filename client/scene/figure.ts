import {
  BoxGeometry,
  ConeGeometry,
  CylinderGeometry,
  Group,
  IcosahedronGeometry,
  Mesh,
  MeshLambertMaterial,
  CircleGeometry,
  MeshBasicMaterial,
  type Material,
} from "three";
import { AVATAR_COLOURS } from "../../shared/domain/avatar.ts";

/**
 * A friendly low-poly figure: a rounded body in the chosen colour, a head with two eyes, and one
 * accessory. Geometries and materials are shared by all figures and never disposed per avatar.
 */
const geometry = {
  body: new CylinderGeometry(0.22, 0.3, 0.7, 10),
  head: new IcosahedronGeometry(0.27, 1),
  eye: new IcosahedronGeometry(0.035, 0),
  capTop: new CylinderGeometry(0.22, 0.27, 0.14, 10),
  capBrim: new BoxGeometry(0.3, 0.03, 0.2),
  bow: new ConeGeometry(0.09, 0.16, 6),
  lens: new CylinderGeometry(0.075, 0.075, 0.02, 10),
  bridge: new BoxGeometry(0.08, 0.02, 0.02),
  stem: new CylinderGeometry(0.015, 0.015, 0.14, 5),
  leaf: new ConeGeometry(0.07, 0.2, 5),
  shadow: new CircleGeometry(0.38, 16),
};

const materials = new Map<string, Material>();
function lambert(hex: number): Material {
  const key = `l${hex}`;
  let m = materials.get(key);
  if (!m) materials.set(key, (m = new MeshLambertMaterial({ color: hex })));
  return m;
}
const shadowMaterial = new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.16, depthWrite: false });

const SKIN = 0xffe0c2;
const EYE = 0x3b2a20;

function part(g: keyof typeof geometry, m: Material, x: number, y: number, z: number): Mesh {
  const mesh = new Mesh(geometry[g], m);
  mesh.position.set(x, y, z);
  return mesh;
}

export function buildFigure(colourId: string, accessory: string): Group {
  const colour = AVATAR_COLOURS.find((c) => c.id === colourId)?.hex ?? AVATAR_COLOURS[0].hex;
  const figure = new Group();
  const shadow = part("shadow", shadowMaterial, 0, 0.01, 0);
  shadow.rotation.x = -Math.PI / 2;
  figure.add(shadow, part("body", lambert(colour), 0, 0.35, 0), part("head", lambert(SKIN), 0, 0.97, 0));
  // Eyes look towards -z, the figure's front.
  figure.add(part("eye", lambert(EYE), -0.09, 1.0, -0.24), part("eye", lambert(EYE), 0.09, 1.0, -0.24));

  switch (accessory) {
    case "cap": {
      figure.add(part("capTop", lambert(colour), 0, 1.2, 0));
      figure.add(part("capBrim", lambert(colour), 0, 1.15, -0.26));
      break;
    }
    case "ribbon": {
      const left = part("bow", lambert(0xe75480), -0.1, 1.24, 0.05);
      const right = part("bow", lambert(0xe75480), 0.1, 1.24, 0.05);
      left.rotation.z = Math.PI / 2;
      right.rotation.z = -Math.PI / 2;
      figure.add(left, right);
      break;
    }
    case "glasses": {
      const frame = lambert(0x333333);
      for (const x of [-0.09, 0.09]) {
        const lens = part("lens", frame, x, 1.0, -0.255);
        lens.rotation.x = Math.PI / 2;
        figure.add(lens);
      }
      figure.add(part("bridge", frame, 0, 1.0, -0.26));
      break;
    }
    case "leaf": {
      figure.add(part("stem", lambert(0x5a8f4e), 0, 1.3, 0));
      const leaf = part("leaf", lambert(0x7fb77e), 0.07, 1.36, 0);
      leaf.rotation.z = -Math.PI / 3;
      figure.add(leaf);
      break;
    }
  }
  return figure;
}
