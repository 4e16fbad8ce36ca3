import type { BufferGeometry } from "three";
import { figureModel } from "./characters/figure.ts";
import { spaceModel } from "./world/space.ts";

/**
 * Everything the world and the characters are made of, where it comes from and under what terms
 * (issue 17). Each model is made by code in this folder at build time (scripts/assets/vitePlugin.ts
 * turns it into a GLB with its hash in its name); nothing is downloaded from elsewhere. A unit
 * test holds every file in assets/ to being listed here or used by what is.
 */
export interface ModelAsset {
  /** The page asks for it by this id (virtual:hidamari-assets). */
  readonly id: string;
  readonly kind: "model";
  /** The file that makes it. */
  readonly source: string;
  readonly what: string;
  readonly origin: string;
  readonly licence: string;
  build(): Record<string, BufferGeometry>;
}

/** Made in this repository, from code, by its engineers: no third party holds rights in it. */
const MADE_HERE = { origin: "made here, from code (no outside files, no generated-image models)", licence: "the project's own work: no third-party rights" } as const;

export const ASSETS: readonly ModelAsset[] = [
  {
    id: "figure",
    kind: "model",
    source: "assets/characters/figure.ts",
    what: "the character: every hair style, outfit, accessory and face in one mesh, near and far detail (rig.ts labels its parts)",
    ...MADE_HERE,
    build: figureModel,
  },
  {
    id: "space",
    kind: "model",
    source: "assets/world/space.ts",
    what: "the space: floors, walls and windows, furniture, drawings, light and trees, and the talk mats, from shared/ data in one mesh; the door and the clock's hands apart, as they move",
    ...MADE_HERE,
    build: spaceModel,
  },
];
