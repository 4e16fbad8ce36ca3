import { Color, Vector3 } from "three";
import { LIGHT } from "../world/light.ts";
import { OUTFIT_IDS } from "../../shared/domain/avatar.ts";
import { GESTURE, OUTFIT_PAINT, PAINT, PARTS, PIVOT, SEG, SOURCE_HEX } from "./rig.ts";

/**
 * The character's vertex program (GLSL), shipped inside the model (the figure mesh's glTF
 * `extras`, three's `userData`): the rig that labels the mesh (rig.ts) and the code that bends it
 * are one asset, made and versioned together, and the page splices it into a plain material
 * (client/scene/figure.ts) without carrying it in its JavaScript.
 *
 * The page draws each part of a look (the body, a hair style, an outfit's pieces, an accessory, a
 * face) for the people who wear it, so no vertex of a part nobody shows is run (client/scene/crowd.ts).
 * Who a vertex belongs to is a row of the `figurePeople` texture (rig.ts PERSON_TEXELS), found from
 * the draw and the instance. Per vertex:
 *  - fRead(): that row;
 *  - fColour(): skin, hair and outfit from the person's choices (the outfit decides sleeves and legs);
 *  - fPose(v, w): legs and arms swing with the walk, legs fold to sit, the right arm waves or stays
 *    up while the hand is up, the head nods or tilts; breathing while idle motion is on;
 *  - fPlace(v, w): turned to the heading, and (w = 1) moved to where the person stands;
 *  - fLight(n): the room's light (assets/world/light.ts) on a vertex, by three's Lambert formula (the
 *    page lights people per vertex, not per pixel: client/scene/figure.ts).
 */
const glslFloat = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
const glslColour = (hex: number, intensity = 1) => {
  const c = new Color(hex).multiplyScalar(intensity);
  return `vec3(${[c.r, c.g, c.b].map((x) => glslFloat(Number(x.toFixed(4)))).join(", ")})`;
};
const sunFrom = new Vector3(...LIGHT.sunFrom).normalize();

export const FIGURE_PROGRAM = /* glsl */ `
attribute vec4 kind;
uniform float figureTime;
uniform float figureIdle;
uniform highp sampler2D figurePeople;
// The first row of each sub-draw: its instances are the rows that follow.
uniform int figureFirstRow[${PARTS}];
#ifdef FIGURE_MULTI_DRAW
#define FIGURE_DRAW gl_DrawID
#else
// Without WEBGL_multi_draw the page draws the parts one by one and says which.
uniform int figureDraw;
#define FIGURE_DRAW figureDraw
#endif
const vec4 outfitPaint[${OUTFIT_IDS.length}] = vec4[](${OUTFIT_IDS.map((id) => `vec4(${OUTFIT_PAINT[id].map(glslFloat).join(", ")})`).join(", ")});
const vec3 fixedColours[3] = vec3[](${[SOURCE_HEX.white, SOURCE_HEX.charcoal, SOURCE_HEX.denim].map(glslColour).join(", ")});

vec4 fPlacing;
vec4 fMotion;
vec3 fSkin;
vec3 fHair;
vec3 fOutfit;
float fSeed;

vec3 fUnpack(float p) { return vec3(floor(p / 65536.0), mod(floor(p / 256.0), 256.0), mod(p, 256.0)) / 255.0; }

void fRead() {
  int row = figureFirstRow[FIGURE_DRAW] + gl_InstanceID;
  fPlacing = texelFetch(figurePeople, ivec2(0, row), 0);
  fMotion = texelFetch(figurePeople, ivec2(1, row), 0);
  vec4 colours = texelFetch(figurePeople, ivec2(2, row), 0);
  fSkin = fUnpack(colours.x);
  fHair = fUnpack(colours.y);
  fOutfit = fUnpack(colours.z);
  fSeed = colours.w;
}

vec3 fSource(int s) {
  if (s == 0) return fSkin;
  if (s == 1) return fOutfit;
  if (s == 2) return fOutfit * 0.45;
  // Chosen, not indexed: fixedColours[s - 3] is an index below 0 in lanes that already returned.
  // (Once, with the index, some people were not drawn at all; not seen again either way, so not
  // proven the cause. test/browser/character.test.ts checks that each child is drawn.)
  if (s == 3) return fixedColours[0];
  if (s == 4) return fixedColours[1];
  return fixedColours[2];
}

vec3 fColour() {
  int paint = int(kind.w + 0.5);
  if (paint == ${PAINT.skin}) return fSkin;
  if (paint == ${PAINT.hair}) return fHair;
  if (paint == ${PAINT.outfit}) return fOutfit;
  if (paint == ${PAINT.outfitDark}) return fOutfit * 0.45;
  if (paint >= ${PAINT.torso} && paint <= ${PAINT.shin}) {
    vec4 table = outfitPaint[int(fPlacing.w + 0.5)];
    return fSource(int(table[paint - ${PAINT.torso}] + 0.5));
  }
  return color.rgb;
}

/** Turned about y by the heading (the figure faces −z at 0), then, for a point, moved to where the person stands. */
vec3 fPlace(vec3 v, float w) {
  float c = cos(fPlacing.z), s = sin(fPlacing.z);
  return vec3(c * v.x + s * v.z, v.y, c * v.z - s * v.x) + vec3(fPlacing.x, 0.0, fPlacing.y) * w;
}

vec3 rotX(vec3 v, float a) { float c = cos(a), s = sin(a); return vec3(v.x, v.y * c - v.z * s, v.y * s + v.z * c); }
vec3 rotZ(vec3 v, float a) { float c = cos(a), s = sin(a); return vec3(v.x * c - v.y * s, v.x * s + v.y * c, v.z); }
vec3 fTurnX(vec3 v, vec3 pivot, float a, float w) { return rotX(v - pivot * w, a) + pivot * w; }
vec3 fTurnZ(vec3 v, vec3 pivot, float a, float w) { return rotZ(v - pivot * w, a) + pivot * w; }

vec3 fPose(vec3 v, float w) {
  int seg = int(kind.z + 0.5);
  float phase = fMotion.x;
  float walk = fMotion.y;
  float sit = fMotion.z;
  int gesture = int(fMotion.w + 0.5);
  float t = figureTime;
  // Standing still (most people, most of the time): only the breath, no turning at all.
  if (walk == 0.0 && sit == 0.0 && gesture == 0) {
    if (w > 0.5 && seg <= ${SEG.rightArm}) v.y += 0.008 * sin(t * 2.1 + fSeed * 1.7) * figureIdle;
    return v;
  }
  // sit: 1 on a chair (thighs forward, shins down), 2 on a floor cushion (down on it, legs out, knees a little bent).
  float chair = min(sit, 1.0);
  float floorSit = max(sit - 1.0, 0.0);
  float swing = sin(phase) * 0.65 * walk;
  if (seg >= ${SEG.leftThigh}) {
    float side = (seg == ${SEG.leftThigh} || seg == ${SEG.leftShin}) ? -1.0 : 1.0;
    vec3 hip = vec3(side * ${PIVOT.rightHip[0]}, ${PIVOT.rightHip[1]}, 0.0);
    vec3 knee = vec3(side * ${PIVOT.rightKnee[0]}, ${PIVOT.rightKnee[1]}, 0.0);
    float legSwing = swing * side;
    if (seg >= ${SEG.leftShin}) v = fTurnX(v, knee, -max(0.0, -legSwing) * 0.9 - chair * 1.45 + floorSit * 1.15, w);
    v = fTurnX(v, hip, legSwing + chair * 1.45, w);
  } else if (seg == ${SEG.leftArm} || seg == ${SEG.rightArm}) {
    float side = seg == ${SEG.leftArm} ? -1.0 : 1.0;
    vec3 shoulder = vec3(side * ${PIVOT.rightShoulder[0]}, ${PIVOT.rightShoulder[1]}, 0.0);
    if (seg == ${SEG.rightArm} && gesture == ${GESTURE.handUp}) v = fTurnZ(v, shoulder, 2.85, w);
    // With reduced motion (figureIdle 0) the wave is held still, the hand up and open.
    else if (seg == ${SEG.rightArm} && gesture == ${GESTURE.wave}) v = fTurnZ(v, shoulder, 2.45 + 0.35 * sin(t * 9.0) * figureIdle, w);
    else v = fTurnX(v, shoulder, -swing * side * 0.8 - chair * 0.5, w);
  } else if (seg == ${SEG.head}) {
    vec3 neck = vec3(${PIVOT.neck[0]}, ${PIVOT.neck[1]}, ${PIVOT.neck[2]});
    // A nod; with reduced motion, the head bowed a little and held there.
    if (gesture == ${GESTURE.nod}) v = fTurnX(v, neck, -0.28 * mix(0.5, max(0.0, sin(t * 7.0)), figureIdle), w);
    if (gesture == ${GESTURE.tilt}) v = fTurnZ(v, neck, 0.22, w);
  }
  if (w > 0.5) {
    float breath = seg <= ${SEG.rightArm} ? 0.008 * sin(t * 2.1 + fSeed * 1.7) * figureIdle * (1.0 - walk) : 0.0;
    // The bob of each step goes with reduced motion too; the legs still walk.
    v.y += abs(sin(phase)) * 0.035 * walk * figureIdle + breath + chair * 0.08 - floorSit * 0.25;
  }
  return v;
}

/** The hemisphere light by the normal's height, the sun by its angle, each over π (three's Lambert). */
vec3 fLight(vec3 n) {
  n = normalize(n);
  vec3 sky = mix(${glslColour(LIGHT.ground, LIGHT.skyIntensity)}, ${glslColour(LIGHT.sky, LIGHT.skyIntensity)}, 0.5 * n.y + 0.5);
  vec3 sun = max(dot(n, vec3(${[sunFrom.x, sunFrom.y, sunFrom.z].map((x) => glslFloat(Number(x.toFixed(5)))).join(", ")})), 0.0) * ${glslColour(LIGHT.sun, LIGHT.sunIntensity)};
  return (sky + sun) * RECIPROCAL_PI;
}
`;
