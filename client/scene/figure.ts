import { type BufferGeometry, Color, MeshBasicMaterial, MeshLambertMaterial } from "three";
import { ACCESSORY_IDS, AVATAR_COLOURS, HAIR_COLOURS, HAIR_STYLE_IDS, OUTFIT_IDS, SKIN_TONES } from "../../shared/domain/avatar.ts";
import { EXPRESSIONS, type Expression } from "../../assets/characters/rig.ts";

/**
 * The character's material (issue 17). The mesh (assets/characters/figure.ts, built into a GLB)
 * holds every look, and brings its own vertex program (assets/characters/program.ts, in the
 * mesh's userData): each instance says which look it wears and how it moves, and the program
 * folds away what it does not wear, colours it and bends it. Everybody, whatever they wear or do,
 * is one draw call (two with the far level of detail).
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

export type FigureMaterial = MeshLambertMaterial & { userData: { time: { value: number }; idle: { value: number } } };

/** Lambert shading with the model's vertex program spliced in. `idle` turns breathing, waving and nodding on (1) or off (0). */
export function figureMaterial(shape: BufferGeometry): FigureMaterial {
  const program = String(shape.userData.program ?? "");
  if (!program) throw new Error("the character model has no vertex program");
  const material = new MeshLambertMaterial({ vertexColors: true }) as FigureMaterial;
  const time = { value: 0 };
  const idle = { value: 1 };
  material.userData = { time, idle };
  material.onBeforeCompile = (shader) => {
    shader.uniforms.figureTime = time;
    shader.uniforms.figureIdle = idle;
    shader.vertexShader = shader.vertexShader
      .replace("#include <color_pars_vertex>", `#include <color_pars_vertex>\n${program}`)
      .replace("#include <color_vertex>", "vColor = vec4(fColour(), 1.0);")
      // A part not worn is folded to a point: its normal needs no turning either.
      .replace("#include <beginnormal_vertex>", "#include <beginnormal_vertex>\nbool shown = fShow();\nif (shown) objectNormal = fPose(objectNormal, 0.0);")
      .replace("#include <begin_vertex>", "#include <begin_vertex>\ntransformed = shown ? fPose(transformed, 1.0) : vec3(0.0);");
  };
  material.customProgramCacheKey = () => `hidamari-figure-${program.length}`;
  return material;
}

export function shadowMaterial(): MeshBasicMaterial {
  return new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.16, depthWrite: false });
}
