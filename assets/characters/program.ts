import { Color } from "three";
import { OUTFIT_IDS } from "../../shared/domain/avatar.ts";
import { ATTRIBUTE, GESTURE, OUTFIT_PAINT, PAINT, PIVOT, SEG, SOURCE_HEX, WHO } from "./rig.ts";

/**
 * The character's vertex program (GLSL), shipped inside the model (the near and far meshes' glTF
 * `extras`, three's `userData`): the rig that labels the mesh (rig.ts) and the code that bends it
 * are one asset, made and versioned together, and the page splices it into its Lambert material
 * (client/scene/figure.ts) without carrying it in its JavaScript. Per vertex:
 *  - fShow(): false for a part the instance does not wear (the page folds it to a point);
 *  - fColour(): skin, hair and outfit from the instance's choices (the outfit decides sleeves and legs);
 *  - fPose(v, w): legs and arms swing with the walk, legs fold to sit, the right arm waves or stays
 *    up while the hand is up, the head nods or tilts; breathing while idle motion is on.
 */
const glslFloat = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
const glslColour = (hex: number) => {
  const c = new Color(hex);
  return `vec3(${[c.r, c.g, c.b].map((x) => glslFloat(Number(x.toFixed(4)))).join(", ")})`;
};

export const FIGURE_PROGRAM = /* glsl */ `
attribute vec4 kind;
attribute vec4 ${ATTRIBUTE.look};
attribute vec4 ${ATTRIBUTE.motion};
attribute vec3 ${ATTRIBUTE.skin};
attribute vec3 ${ATTRIBUTE.hair};
uniform float figureTime;
uniform float figureIdle;
const vec4 outfitPaint[${OUTFIT_IDS.length}] = vec4[](${OUTFIT_IDS.map((id) => `vec4(${OUTFIT_PAINT[id].map(glslFloat).join(", ")})`).join(", ")});
const vec3 fixedColours[3] = vec3[](${[SOURCE_HEX.white, SOURCE_HEX.charcoal, SOURCE_HEX.denim].map(glslColour).join(", ")});

bool fShow() {
  int who = int(kind.x + 0.5);
  if (who == ${WHO.always}) return true;
  int option = int(${ATTRIBUTE.look}[who - 1] + 0.5);
  return ((int(kind.y + 0.5) >> option) & 1) == 1;
}

vec3 fSource(int s) {
  if (s == 0) return ${ATTRIBUTE.skin};
  if (s == 1) return instanceColor;
  if (s == 2) return instanceColor * 0.45;
  return fixedColours[s - 3];
}

vec3 fColour() {
  int paint = int(kind.w + 0.5);
  if (paint == ${PAINT.skin}) return ${ATTRIBUTE.skin};
  if (paint == ${PAINT.hair}) return ${ATTRIBUTE.hair};
  if (paint == ${PAINT.outfit}) return instanceColor;
  if (paint == ${PAINT.outfitDark}) return instanceColor * 0.45;
  if (paint >= ${PAINT.torso} && paint <= ${PAINT.shin}) {
    vec4 table = outfitPaint[int(${ATTRIBUTE.look}.y + 0.5)];
    return fSource(int(table[paint - ${PAINT.torso}] + 0.5));
  }
  return color.rgb;
}

vec3 rotX(vec3 v, float a) { float c = cos(a), s = sin(a); return vec3(v.x, v.y * c - v.z * s, v.y * s + v.z * c); }
vec3 rotZ(vec3 v, float a) { float c = cos(a), s = sin(a); return vec3(v.x * c - v.y * s, v.x * s + v.y * c, v.z); }
vec3 fTurnX(vec3 v, vec3 pivot, float a, float w) { return rotX(v - pivot * w, a) + pivot * w; }
vec3 fTurnZ(vec3 v, vec3 pivot, float a, float w) { return rotZ(v - pivot * w, a) + pivot * w; }

vec3 fPose(vec3 v, float w) {
  int seg = int(kind.z + 0.5);
  float phase = ${ATTRIBUTE.motion}.x;
  float walk = ${ATTRIBUTE.motion}.y;
  float sit = ${ATTRIBUTE.motion}.z;
  int gesture = int(${ATTRIBUTE.motion}.w + 0.5);
  float t = figureTime;
  // Standing still (most people, most of the time): only the breath, no turning at all.
  if (walk == 0.0 && sit == 0.0 && gesture == 0) {
    if (w > 0.5 && seg <= ${SEG.rightArm}) v.y += 0.008 * sin(t * 2.1 + float(gl_InstanceID) * 1.7) * figureIdle;
    return v;
  }
  float swing = sin(phase) * 0.65 * walk;
  if (seg >= ${SEG.leftThigh}) {
    float side = (seg == ${SEG.leftThigh} || seg == ${SEG.leftShin}) ? -1.0 : 1.0;
    vec3 hip = vec3(side * ${PIVOT.rightHip[0]}, ${PIVOT.rightHip[1]}, 0.0);
    vec3 knee = vec3(side * ${PIVOT.rightKnee[0]}, ${PIVOT.rightKnee[1]}, 0.0);
    float legSwing = swing * side;
    if (seg >= ${SEG.leftShin}) v = fTurnX(v, knee, -max(0.0, -legSwing) * 0.9 - sit * 1.45, w);
    v = fTurnX(v, hip, legSwing + sit * 1.45, w);
  } else if (seg == ${SEG.leftArm} || seg == ${SEG.rightArm}) {
    float side = seg == ${SEG.leftArm} ? -1.0 : 1.0;
    vec3 shoulder = vec3(side * ${PIVOT.rightShoulder[0]}, ${PIVOT.rightShoulder[1]}, 0.0);
    if (seg == ${SEG.rightArm} && gesture == ${GESTURE.handUp}) v = fTurnZ(v, shoulder, 2.85, w);
    else if (seg == ${SEG.rightArm} && gesture == ${GESTURE.wave}) v = fTurnZ(v, shoulder, 2.45 + 0.35 * sin(t * 9.0), w);
    else v = fTurnX(v, shoulder, -swing * side * 0.8 - sit * 0.5, w);
  } else if (seg == ${SEG.head}) {
    vec3 neck = vec3(${PIVOT.neck[0]}, ${PIVOT.neck[1]}, ${PIVOT.neck[2]});
    if (gesture == ${GESTURE.nod}) v = fTurnX(v, neck, -0.28 * max(0.0, sin(t * 7.0)), w);
    if (gesture == ${GESTURE.tilt}) v = fTurnZ(v, neck, 0.22, w);
  }
  if (w > 0.5) {
    float breath = seg <= ${SEG.rightArm} ? 0.008 * sin(t * 2.1 + float(gl_InstanceID) * 1.7) * figureIdle * (1.0 - walk) : 0.0;
    v.y += abs(sin(phase)) * 0.035 * walk + breath + sit * 0.08;
  }
  return v;
}
`;
