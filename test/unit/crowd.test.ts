import { Box3, Color, Frustum, Matrix4, PerspectiveCamera, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import { figureMesh, figureModel } from "../../assets/characters/figure.ts";
import { FollowCamera } from "../../client/scene/camera.ts";
import { Crowd, type CrowdView, type FigurePose } from "../../client/scene/crowd.ts";

/**
 * The crowd draws only the people the camera sees (software WebGL runs every figure's vertex
 * program, on screen or not). What matters to a child: nobody who should show on their screen is
 * left out, down to a hand or a hair at the screen's edge.
 */
const { figure, shadow } = figureModel();
if (!figure || !shadow) throw new Error("the character model has no figure or shadow");
const model = { figure, shadow };

/** A student's follow camera on a 1280 × 800 page, following someone at (x, z). */
function view(x: number, z: number, aspect = 1280 / 800): { view: CrowdView } {
  const camera = new PerspectiveCamera(45, aspect, 0.1, 200);
  new FollowCamera(camera).follow(x, z, 0, true);
  camera.updateMatrixWorld();
  const frustum = new Frustum().setFromProjectionMatrix(new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
  return { view: { x: camera.position.x, z: camera.position.z, frustum } };
}

const pose = (x: number, z: number, heading = 0): FigurePose => ({
  x,
  z,
  heading,
  colours: { outfit: new Color(), skin: new Color(), hair: new Color() },
  look: [0, 0, 0, 0],
  motion: [0, 0, 0, 0],
});

/** How many of these people the crowd draws. */
function drawn(crowd: Crowd, poses: FigurePose[], camera: CrowdView): number {
  crowd.write(poses, poses.length, camera);
  return crowd.drawn;
}

describe("the crowd's figures in view", () => {
  it("should draw the people in front of the camera and leave out those behind it", () => {
    const crowd = new Crowd(model);
    const { view: camera } = view(4, 0);
    // The camera stands 11 m south of the child it follows and looks north.
    const inFront = [pose(4, 0), pose(2, -6), pose(8, -10)];
    const behind = [pose(4, 13), pose(-6, 16), pose(14, 14)];
    expect(drawn(crowd, [...inFront, ...behind], camera)).toBe(3);
    expect(drawn(crowd, behind, camera)).toBe(0);
    // On the door (no frustum) everyone is drawn.
    expect(drawn(crowd, behind, { x: 0, z: 0, frustum: null })).toBe(3);
  });

  it("should draw everyone whose figure may show, however little, along each edge of the screen", () => {
    const crowd = new Crowd(model);
    const { view: camera } = view(0, 0);
    const frustum = camera.frustum as Frustum;
    const corners = [figureMesh("near").geometry, figureMesh("far").geometry].flatMap((g) => {
      const at = g.getAttribute("position");
      return Array.from({ length: at.count }, (_, i) => new Vector3(at.getX(i), at.getY(i), at.getZ(i)));
    });
    // The box the standing figure fills, turned each eighth of a turn, with 0.1 m to spare for the
    // bob of a step, the breath and sitting up on a chair: if it touches the view, some of the
    // figure may show. (Poses reach less far than crowd.ts REACH leaves room for; this checks the
    // figure itself, the "?" on one side and the hair behind.)
    const headings = Array.from({ length: 8 }, (_, i) => (i * Math.PI) / 4);
    const filled = headings.map((h) => {
      const box = new Box3().setFromPoints(corners.map((v) => new Vector3(Math.cos(h) * v.x + Math.sin(h) * v.z, v.y, Math.cos(h) * v.z - Math.sin(h) * v.x)));
      return box.expandByScalar(0.1);
    });
    const there = new Box3();
    let kept = 0;
    let left = 0;
    const missed: FigurePose[] = [];
    // The floor around the view, every 0.1 m.
    for (let x = -26; x <= 26; x += 0.1)
      for (let z = -36; z <= 14; z += 0.1)
        headings.forEach((heading, h) => {
          const at = pose(x, z, heading);
          if (drawn(crowd, [at], camera) === 1) return void kept++;
          left++;
          const box = filled[h] as Box3;
          there.set(box.min.clone().add(new Vector3(x, 0, z)), box.max.clone().add(new Vector3(x, 0, z)));
          if (frustum.intersectsBox(there)) missed.push(at);
        });
    // The view holds a good part of the floor, and leaves out a good part.
    expect(kept).toBeGreaterThan(200_000);
    expect(left).toBeGreaterThan(200_000);
    expect(missed.slice(0, 5)).toEqual([]);
  }, 60_000);

  it("should keep each person's breath their own when others leave the view", () => {
    // The breath's phase comes from a person's place among everyone, not among those drawn: the
    // program reads it from the people's texture (the fourth texel of a row's third).
    const crowd = new Crowd(model);
    const { view: camera } = view(4, 0);
    const seedOf = (c: Crowd) => {
      const data = (c.material.userData.people.value?.image as { data: Float32Array }).data;
      // The body is each person's first part, so the first row is the first drawn person's body.
      return data[11];
    };
    drawn(crowd, [pose(4, 0), pose(4, -3)], camera);
    const both = seedOf(crowd);
    drawn(crowd, [pose(4, 20), pose(4, -3)], camera);
    expect(crowd.drawn).toBe(1);
    // The second person keeps the seed she had as the second of two.
    expect(seedOf(crowd)).toBe(1);
    expect(both).toBe(0);
  });
});
