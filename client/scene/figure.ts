import { type BufferGeometry, type Color, MeshBasicMaterial, type Texture } from "three";
import { hasMultiDraw } from "./drawParts.ts";
import { ACCESSORY_IDS, AVATAR_COLOURS, HAIR_COLOURS, HAIR_STYLE_IDS, OUTFIT_IDS, SKIN_TONES } from "../../shared/domain/avatar.ts";
import { EXPRESSIONS, type Expression } from "../../assets/characters/rig.ts";

/**
 * The character's material (issue 17). The mesh (assets/characters/figure.ts, built into a GLB)
 * holds every look, and brings its own vertex program (assets/characters/program.ts, in the
 * mesh's userData): the page draws each part of a look for those who wear it (crowd.ts), and the
 * program places, colours and bends it from the person's row. Everybody, whatever they wear or
 * do, is one draw call.
 */

/** The instance's look as numbers (unknown ids fall back to the first of their list). */
export function lookIndices(look: { hair: string; outfit: string; accessory: string }, expression: Expression): [number, number, number, number] {
  const at = (list: readonly string[], id: string) => Math.max(0, list.indexOf(id));
  return [at(HAIR_STYLE_IDS, look.hair), at(OUTFIT_IDS, look.outfit), at(ACCESSORY_IDS, look.accessory), at(EXPRESSIONS, expression)];
}

const find = <T extends { id: string; hex: number }>(list: readonly T[], id: string) => (list.find((x) => x.id === id) ?? list[0])?.hex ?? 0xffffff;
/** The look's colours, linear (as three.js stores colours). */
export function lookColours(look: { colour: string; skin: string; hairColour: string }, out: { outfit: Color; skin: Color; hair: Color }): void {
  out.outfit.setHex(find(AVATAR_COLOURS, look.colour));
  out.skin.setHex(find(SKIN_TONES, look.skin));
  out.hair.setHex(find(HAIR_COLOURS, look.hairColour));
}

export type FigureMaterial = MeshBasicMaterial & { userData: { time: { value: number }; idle: { value: number }; people: { value: Texture | null } } };

/**
 * The model's vertex program spliced into a plain material: the program lights each vertex
 * (fLight). Lambert shading per pixel (three's) cost 40 walking people about 10 ms of a
 * software-WebGL frame, a third of all they cost (docs/benchmarks.md); the figures are small,
 * round and flat-coloured, so light worked out at their corners looks the same.
 * `idle` turns breathing, waving and nodding on (1) or off (0); `people` is the crowd's texture
 * of people's rows, `firstRow` each draw's first row (crowd.ts writes both).
 */
export function figureMaterial(shape: BufferGeometry, firstRow: Int32Array): FigureMaterial {
  const program = String(shape.userData.program ?? "");
  if (!program) throw new Error("the character model has no vertex program");
  const material = new MeshBasicMaterial({ vertexColors: true }) as FigureMaterial;
  const time = { value: 0 };
  const idle = { value: 1 };
  const people = { value: null };
  material.userData = { time, idle, people };
  // three declares the extension (for gl_DrawID) where the browser has it.
  (material as { extensions?: { multiDraw: boolean } }).extensions = { multiDraw: true };
  material.onBeforeCompile = (shader, renderer) => {
    shader.uniforms.figureTime = time;
    shader.uniforms.figureIdle = idle;
    shader.uniforms.figurePeople = people;
    shader.uniforms.figureFirstRow = { value: firstRow };
    // As drawParts.ts draws: in one call where the browser can, else part by part.
    const draws = hasMultiDraw(renderer) ? "#define FIGURE_MULTI_DRAW\n" : "";
    shader.vertexShader = shader.vertexShader
      .replace("#include <color_pars_vertex>", `#include <color_pars_vertex>\n${draws}${program}`)
      .replace("#include <color_vertex>", "fRead();\nvColor = vec4(fColour(), 1.0);")
      .replace("#include <begin_vertex>", "#include <begin_vertex>\nvColor.rgb *= fLight(fPlace(fPose(normal, 0.0), 0.0));\ntransformed = fPlace(fPose(transformed, 1.0), 1.0);");
  };
  material.customProgramCacheKey = () => `hidamari-figure-${program.length}`;
  return material;
}

/** Each shadow is the round shape moved to where its person stands (crowd.ts writes `shadowAt`). */
export function shadowMaterial(): MeshBasicMaterial {
  const material = new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.16, depthWrite: false });
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace("#include <common>", "#include <common>\nattribute vec2 shadowAt;")
      .replace("#include <begin_vertex>", "#include <begin_vertex>\ntransformed.xz += shadowAt;");
  };
  return material;
}
