import fs from "node:fs";
import path from "node:path";
import { Document, NodeIO } from "@gltf-transform/core";
import { type BufferGeometry, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import { figureMesh, figureModel } from "../../assets/characters/figure.ts";
import type { PartRanges } from "../../assets/characters/parts.ts";
import { EXPRESSIONS, OUTFIT_PAINT, WHO, partOf } from "../../assets/characters/rig.ts";
import { ASSETS } from "../../assets/manifest.ts";
import { CLOCK } from "../../assets/world/decor.ts";
import { spaceMesh } from "../../assets/world/space.ts";
import { FURNITURE } from "../../shared/domain/furniture.ts";
import { readGlb } from "../../client/scene/glb.ts";
import { buildAssets } from "../../scripts/assets/vitePlugin.ts";
import { ACCESSORY_IDS, HAIR_STYLE_IDS, LOOK_COUNT, OUTFIT_IDS } from "../../shared/domain/avatar.ts";

/**
 * assets/ (issue 17): every model is made here from code, written as a valid glTF binary the page
 * reads back exactly, within the triangle budgets, and listed with its origin and licence.
 */
const built = await buildAssets();

describe("the assets' manifest", () => {
  it("should list every model with a source file that exists, what it is, its origin and its licence", () => {
    expect(ASSETS.length).toBeGreaterThanOrEqual(2);
    for (const asset of ASSETS) {
      expect(fs.existsSync(path.resolve(asset.source)), asset.source).toBe(true);
      expect(asset.what.length).toBeGreaterThan(10);
      expect(asset.origin).toMatch(/made here/);
      expect(asset.licence.length).toBeGreaterThan(5);
    }
  });

  it("should account for every file in assets/: a listed source, or a module one of them imports", () => {
    const files = fs.readdirSync("assets", { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name));
    const sources = new Set(ASSETS.map((a) => path.normalize(a.source)));
    const imported = new Set<string>(["assets/manifest.ts"]);
    for (const file of files) {
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/from "(\.\.?\/[^"]+)"/g)) imported.add(path.normalize(path.join(path.dirname(file), spec ?? "")));
    }
    const unaccounted = files.filter((f) => !sources.has(path.normalize(f)) && !imported.has(path.normalize(f)));
    expect(unaccounted).toEqual([]);
  });
});

describe("the built models", () => {
  it("should be glTF binaries a standard reader opens, with the meshes the page asks for", async () => {
    const io = new NodeIO();
    const meshes = async (id: string) => {
      const doc: Document = await io.readBinary(built.get(id) ?? new Uint8Array());
      return doc.getRoot().listMeshes().map((m) => m.getName());
    };
    expect(await meshes("figure")).toEqual(["figure", "shadow"]);
    expect(await meshes("space")).toEqual(["static", "door", "hourHand", "minuteHand"]);
  });

  it("should read back in the page exactly as made: attributes, index and the character's program", () => {
    const bytes = built.get("figure") ?? new Uint8Array();
    const read = readGlb(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const made = figureModel().figure as BufferGeometry;
    const figure = read.get("figure");
    expect(figure).toBeDefined();
    for (const name of ["position", "normal", "color", "kind"]) {
      expect(Array.from(figure?.getAttribute(name).array ?? []), name).toEqual(Array.from(made.getAttribute(name).array));
      expect(figure?.getAttribute(name).normalized, name).toBe(made.getAttribute(name).normalized);
    }
    expect(Array.from(figure?.index?.array ?? [])).toEqual(Array.from(made.index?.array ?? []));
    expect(figure?.userData.program).toContain("vec3 fPose(");
    expect(figure?.userData.program).toBe(made.userData.program);
    expect(figure?.userData.parts).toEqual(made.userData.parts);
  });

  it("should refuse bytes that are not a glTF binary, with a clear error", () => {
    expect(() => readGlb(new TextEncoder().encode("<html>not found</html>").buffer as ArrayBuffer)).toThrow(/not a glTF 2 binary/);
  });
});

describe("the issue's triangle budgets", () => {
  it("should keep a character within 800 triangles near and fewer far, every look included", () => {
    const near = figureMesh("near").triangles;
    const far = figureMesh("far").triangles;
    expect(near).toBeLessThanOrEqual(800);
    expect(far).toBeLessThan(near * 0.7);
  });

  it("should keep the world within 20,000 triangles, none of them an underside the camera above never sees", () => {
    const { geometry, triangles } = spaceMesh();
    expect(triangles).toBeLessThanOrEqual(20_000);
    const p = geometry.getAttribute("position");
    const index = Array.from(geometry.index?.array ?? []);
    const [a, b, c] = [new Vector3(), new Vector3(), new Vector3()];
    let downward = 0;
    for (let t = 0; t < index.length; t += 3) {
      a.fromBufferAttribute(p, index[t] ?? 0);
      b.fromBufferAttribute(p, index[t + 1] ?? 0).sub(a);
      c.fromBufferAttribute(p, index[t + 2] ?? 0).sub(a);
      if (b.cross(c).normalize().y <= -0.9) downward++;
    }
    expect(downward).toBe(0);
  });

  it("should close the counselling room's door exactly across its doorway, and turn the clock's hands about its centre", () => {
    const meshes = readGlb((built.get("space") ?? new Uint8Array()).slice().buffer as ArrayBuffer);
    const door = meshes.get("door");
    const doorway = FURNITURE.find((f) => f.kind === "door")?.footprint;
    expect(door?.userData.at).toEqual([((doorway?.x0 ?? 0) + (doorway?.x1 ?? 0)) / 2, 0, doorway?.z0]);
    door?.computeBoundingBox();
    // Closed (not turned), the panel runs from the hinge along the doorway, nearly all of it, and stands taller than a child.
    const box = door?.boundingBox;
    expect(box?.min.z).toBeCloseTo(0, 2);
    expect((box?.max.z ?? 0) / ((doorway?.z1 ?? 0) - (doorway?.z0 ?? 0))).toBeGreaterThan(0.95);
    expect(box?.max.y).toBeGreaterThan(1.9);
    const hour = meshes.get("hourHand");
    const minute = meshes.get("minuteHand");
    expect(hour?.userData.at.slice(0, 2)).toEqual([CLOCK.x, CLOCK.y]);
    expect(minute?.userData.at.slice(0, 2)).toEqual([CLOCK.x, CLOCK.y]);
    // The minute hand is the longer, and in front of the hour hand.
    hour?.computeBoundingBox();
    minute?.computeBoundingBox();
    expect(minute?.boundingBox?.max.y).toBeGreaterThan(hour?.boundingBox?.max.y ?? Infinity);
    expect(minute?.userData.at[2]).toBeGreaterThan(hour?.userData.at[2]);
  });
});

describe("the character's looks", () => {
  it("should offer at least 6 hair styles, 6 outfits and 40 distinct looks", () => {
    expect(HAIR_STYLE_IDS.length).toBeGreaterThanOrEqual(6);
    expect(OUTFIT_IDS.length).toBeGreaterThanOrEqual(6);
    expect(LOOK_COUNT).toBeGreaterThanOrEqual(40);
  });

  it("should give every hair style, outfit, accessory and face parts of its own in the mesh", () => {
    const kind = figureMesh("near").geometry.getAttribute("kind");
    const masks = (who: number) => {
      const seen = new Set<number>();
      for (let i = 0; i < kind.count; i++) if (kind.getX(i) === who) seen.add(kind.getY(i));
      return [...seen];
    };
    const covers = (who: number, option: number) => masks(who).some((mask) => (mask >> option) & 1);
    // "none" needs no parts; every other option is drawn by something only it shows (or shares).
    ACCESSORY_IDS.forEach((id, i) => id === "none" || expect(covers(WHO.accessory, i), id).toBe(true));
    HAIR_STYLE_IDS.forEach((id, i) => expect(covers(WHO.hair, i), id).toBe(true));
    EXPRESSIONS.forEach((id, i) => expect(covers(WHO.expression, i), id).toBe(true));
    // Outfits differ by their own pieces or by how they paint sleeves and legs.
    const painted = new Set(OUTFIT_IDS.map((id) => OUTFIT_PAINT[id].join()));
    expect(painted.size).toBe(OUTFIT_IDS.length);
  });

  it("should draw each look, near and far, as exactly the triangles that look shows: its parts, nothing else, nothing twice", () => {
    const figure = figureModel().figure as BufferGeometry;
    const parts = figure.userData.parts as PartRanges;
    const index = Array.from(figure.index?.array ?? []);
    const bytes = figure.index?.array.BYTES_PER_ELEMENT ?? 2;
    const key = (a: number, b: number, c: number) => [a, b, c].join();
    const drawn = (level: number, look: number[]) => {
      const out: string[] = [];
      [0, ...look].forEach((option, who) => {
        const at = (parts.offset[partOf(level, who, option)] ?? 0) / bytes;
        const n = parts.count[partOf(level, who, option)] ?? 0;
        for (let t = at; t < at + n; t += 3) out.push(key(index[t] ?? 0, index[t + 1] ?? 0, index[t + 2] ?? 0));
      });
      return out.sort();
    };
    // What the look shows, straight from the model: a triangle of a piece everyone has, or of a piece whose mask has the look's option.
    let base = 0;
    for (const [level, detail] of (["near", "far"] as const).entries()) {
      const mesh = figureMesh(detail).geometry;
      const kind = mesh.getAttribute("kind");
      const own = Array.from(mesh.index?.array ?? []);
      const shown = (look: number[]) => {
        const out: string[] = [];
        for (let t = 0; t < own.length; t += 3) {
          const who = kind.getX(own[t] ?? 0);
          if (who === WHO.always || (kind.getY(own[t] ?? 0) >> (look[who - 1] ?? 0)) & 1) out.push(key(base + (own[t] ?? 0), base + (own[t + 1] ?? 0), base + (own[t + 2] ?? 0)));
        }
        return out.sort();
      };
      for (let hair = 0; hair < HAIR_STYLE_IDS.length; hair++)
        for (let outfit = 0; outfit < OUTFIT_IDS.length; outfit++)
          for (let accessory = 0; accessory < ACCESSORY_IDS.length; accessory++)
            for (let face = 0; face < EXPRESSIONS.length; face++) {
              const look = [hair, outfit, accessory, face];
              expect(drawn(level, look), `${detail} ${look.join()}`).toEqual(shown(look));
            }
      base += mesh.getAttribute("position").count;
    }
  });
});
