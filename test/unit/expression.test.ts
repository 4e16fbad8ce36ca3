import { describe, expect, it } from "vitest";
import { showing } from "../../client/scene/expression.ts";

/** Issue 17: what a character's face and body show, from status, reactions and the raised hand. */
describe("a character's face and gesture", () => {
  const calm = { status: "none" as const, hand: false };

  it("should be calm and still with nothing going on", () => {
    expect(showing(calm, null, 0)).toEqual({ face: "calm", gesture: "none" });
  });

  it("should show a reaction while it lasts, and not after", () => {
    const wave = { emote: "wave" as const, until: 2500 };
    expect(showing(calm, wave, 1000)).toEqual({ face: "happy", gesture: "wave" });
    expect(showing(calm, wave, 2500)).toEqual({ face: "calm", gesture: "none" });
    expect(showing(calm, { emote: "question", until: 3000 }, 0)).toEqual({ face: "question", gesture: "tilt" });
    expect(showing(calm, { emote: "thumbs_up", until: 3000 }, 0)).toEqual({ face: "happy", gesture: "nod" });
  });

  it("should keep a raised hand up over any reaction's gesture, and the reaction's face with it", () => {
    expect(showing({ status: "none", hand: true }, { emote: "wave", until: 3000 }, 0)).toEqual({ face: "happy", gesture: "handUp" });
    expect(showing({ status: "none", hand: true }, null, 99_999)).toEqual({ face: "calm", gesture: "handUp" });
  });

  it("should show a sleepy face on a break, until a reaction shows another", () => {
    expect(showing({ status: "break", hand: false }, null, 0).face).toBe("sleepy");
    expect(showing({ status: "break", hand: false }, { emote: "smile", until: 10 }, 0).face).toBe("happy");
  });
});
