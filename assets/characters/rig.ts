import { ACCESSORY_IDS, HAIR_STYLE_IDS, OUTFIT_IDS } from "../../shared/domain/avatar.ts";

/**
 * What the character model (figure.ts) and the page's figure shader (client/scene/figure.ts)
 * agree on. Every vertex carries a `kind` (four bytes):
 *
 *   kind.x  WHO: which choice shows it (ALWAYS, or a hair style, outfit, accessory, expression)
 *   kind.y  a bit mask over that choice's options (bit i: option i of its list shows the vertex)
 *   kind.z  the body segment it moves with (SEG)
 *   kind.w  where its colour comes from (PAINT): its own vertex colour, or the person's choices
 *
 * so one geometry holds every look: the page draws each choice's part for those who wear it
 * (parts.ts), and the program bends the segments for walking, sitting, waving and
 * nodding: one draw call for everybody.
 */
export const WHO = { always: 0, hair: 1, outfit: 2, accessory: 3, expression: 4 } as const;

/** Faces the page can show (client/scene/expression.ts chooses one from status and emotes). */
export const EXPRESSIONS = ["calm", "happy", "sleepy", "question"] as const;
export type Expression = (typeof EXPRESSIONS)[number];

export const SEG = { body: 0, head: 1, leftArm: 2, rightArm: 3, leftThigh: 4, rightThigh: 5, leftShin: 6, rightShin: 7 } as const;

/** Where each segment turns (model units: metres, the figure facing −z, its right hand at +x). */
export const PIVOT = {
  neck: [0, 0.78, 0],
  leftShoulder: [-0.2, 0.76, 0],
  rightShoulder: [0.2, 0.76, 0],
  leftHip: [-0.09, 0.4, 0],
  rightHip: [0.09, 0.4, 0],
  leftKnee: [-0.09, 0.21, 0],
  rightKnee: [0.09, 0.21, 0],
} as const;

/**
 * Colour sources. OWN: the vertex's colour. SKIN, HAIR, OUTFIT: the person's choices. The rest
 * depend on the outfit (OUTFIT_PAINT): the body, the forearms (long or short sleeves), thighs and
 * shins (trousers, shorts or a skirt's bare legs).
 */
export const PAINT = { own: 0, skin: 1, hair: 2, outfit: 3, torso: 4, sleeve: 5, thigh: 6, shin: 7, outfitDark: 8 } as const;

/** What an outfit-dependent paint resolves to. */
export const SOURCE = { skin: 0, outfit: 1, outfitDark: 2, white: 3, charcoal: 4, denim: 5 } as const;
export const SOURCE_HEX = { white: 0xf4f2ec, charcoal: 0x3c3f4a, denim: 0x4f6d96 } as const;

type Source = (typeof SOURCE)[keyof typeof SOURCE];
/** Per outfit, in OUTFIT_IDS order: [torso, sleeve, thigh, shin]. */
export const OUTFIT_PAINT: Record<(typeof OUTFIT_IDS)[number], readonly [Source, Source, Source, Source]> = {
  sailor: [SOURCE.white, SOURCE.white, SOURCE.outfit, SOURCE.skin],
  blazer: [SOURCE.outfit, SOURCE.outfit, SOURCE.charcoal, SOURCE.charcoal],
  gym: [SOURCE.white, SOURCE.skin, SOURCE.outfit, SOURCE.skin],
  hoodie: [SOURCE.outfit, SOURCE.outfit, SOURCE.denim, SOURCE.denim],
  tshirt: [SOURCE.outfit, SOURCE.skin, SOURCE.denim, SOURCE.skin],
  dress: [SOURCE.outfit, SOURCE.skin, SOURCE.skin, SOURCE.skin],
};

/** The bit of an option in its list (for kind.y). */
export const bit = <T extends string>(list: readonly T[], ...options: T[]) => options.reduce((mask, o) => mask | (1 << list.indexOf(o)), 0);
export const hairBit = (...styles: (typeof HAIR_STYLE_IDS)[number][]) => bit(HAIR_STYLE_IDS, ...styles);
export const outfitBit = (...outfits: (typeof OUTFIT_IDS)[number][]) => bit(OUTFIT_IDS, ...outfits);
export const accessoryBit = (...accessories: (typeof ACCESSORY_IDS)[number][]) => bit(ACCESSORY_IDS, ...accessories);
export const expressionBit = (...faces: Expression[]) => bit(EXPRESSIONS, ...faces);

/**
 * A person's row of the page's `figurePeople` texture, texel by texel: [x, z, heading, outfit
 * index], [walk phase, walk amount, sitting, gesture], [skin, hair, outfit colour, seed]. The
 * colours are linear RGB packed 8:8:8 into one float each (exact: 24 bits fit a float's
 * mantissa), as precise as the model's own vertex colours; the seed staggers people's breathing.
 */
export const PERSON_TEXELS = 3;

/** Options of each WHO: the body is one part. */
export const OPTIONS = [1, HAIR_STYLE_IDS.length, OUTFIT_IDS.length, ACCESSORY_IDS.length, EXPRESSIONS.length] as const;
const FIRST_OF_WHO = OPTIONS.map((_, who) => OPTIONS.slice(0, who).reduce((a, b) => a + b, 0));
const PER_LEVEL = OPTIONS.reduce((a, b) => a + b, 0);
/** Parts the page may draw (parts.ts): the body and every option of every choice, at both levels of detail. */
export const PARTS = 2 * PER_LEVEL;
/** A part's number: level 0 near, 1 far; `option` an index into its WHO's list (0 for the body). */
export const partOf = (level: number, who: number, option: number): number => level * PER_LEVEL + (FIRST_OF_WHO[who] ?? 0) + option;

export const GESTURE = { none: 0, wave: 1, handUp: 2, nod: 3, tilt: 4 } as const;
export type Gesture = keyof typeof GESTURE;
