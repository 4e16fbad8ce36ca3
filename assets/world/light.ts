/**
 * The space's light, the same in every area: a warm sky and a high sun. The page lights the room
 * with it (client/scene/stage.ts) and the character's program lights the people with it
 * (assets/characters/program.ts), so both agree.
 */
export const LIGHT = { sky: 0xfff4e0, ground: 0xc9a27e, skyIntensity: 2.2, sun: 0xffe2b8, sunIntensity: 1.6, sunFrom: [-8, 20, 10] } as const;

/**
 * The still world's colours have this light in them already (bakeLight.ts, when the model is
 * built), divided by this so that they fit in a byte; the page multiplies them back.
 */
export const BAKED_LIGHT_SCALE = 1.25;
