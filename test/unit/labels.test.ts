import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/domain/limits.ts";
import { BUBBLE, NAME_TAG, REACTION } from "../../client/scene/labels.ts";

/** The atlases of pictures over heads (client/scene/atlas.ts grows each up to 2048 × 2048 pixels). */
describe("pictures over avatars' heads", () => {
  it("fit one for everyone a space lets in, each kind in a texture every WebGL 2 device takes", () => {
    for (const kind of [NAME_TAG, BUBBLE, REACTION]) {
      expect(kind.columns * kind.width, kind.name).toBeLessThanOrEqual(2048);
      expect(kind.columns * Math.floor(2048 / kind.height), kind.name).toBeGreaterThanOrEqual(LIMITS.maxParticipants);
    }
  });
});
