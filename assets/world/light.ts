/**
 * The space's light, the same in every area: a warm sky and a high sun. The page lights the room
 * with it (client/scene/stage.ts) and the character's program lights the people with it
 * (assets/characters/program.ts), so both agree.
 */
export const LIGHT = { sky: 0xfff4e0, ground: 0xc9a27e, skyIntensity: 2.2, sun: 0xffe2b8, sunIntensity: 1.6, sunFrom: [-8, 20, 10] } as const;
