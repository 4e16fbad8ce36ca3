import { describe, expect, it } from "vitest";
import { loadWords, translator } from "../../client/i18n/index.ts";
import { describeNearby } from "../../client/ui/nearby.ts";

await loadWords("en");
const en = translator("en");
const ja = translator("ja");

describe("near you", () => {
  it("names the people a few steps away, nearest first, with the way to them on the screen", () => {
    const me = { x: 4, z: 0 };
    const others = [
      { nickname: "Far", x: 10, z: 0 },
      { nickname: "Sora", x: 6, z: 0.5 },
      { nickname: "Ken", x: 4, z: -1.5 },
      { nickname: "Mio", x: 4.3, z: 0.2 },
    ];
    expect(describeNearby(me, others, en)).toBe("Mio (right here), Ken (up), Sora (right)");
    expect(describeNearby(me, others, ja)).toBe("Mioさん（すぐ そば）、Kenさん（おく）、Soraさん（みぎ）");
  });

  it("names the things beside me, once each", () => {
    // In front of the classroom's board; then beside a desk of the first row.
    expect(describeNearby({ x: -10, z: -10.8 }, [], en)).toBe("the board (up)");
    expect(describeNearby({ x: -14.8, z: -8 }, [], en)).toBe("a desk (right here)");
    expect(describeNearby({ x: -14.3, z: -8 }, [], en)).toBe("a desk (right)");
  });

  it("says so when nobody and nothing is near", () => {
    expect(describeNearby({ x: 4, z: 0 }, [], en)).toBe("nobody");
    expect(describeNearby({ x: 4, z: 0 }, [], ja)).toBe("だれも いません");
  });
});

describe("names in sentences", () => {
  it("adds さん to a child's nickname, but not to a name that has its own honorific", () => {
    expect(ja("arrived", { name: "はると" })).toBe("はるとさんが きました");
    expect(ja("arrived", { name: "さとう先生" })).toBe("さとう先生が きました");
    expect(ja("followName", { name: "みおちゃん" })).toBe("みおちゃんに ついていく");
    expect(describeNearby({ x: 0, z: 0 }, [{ nickname: "さとう先生", x: 1, z: 0 }], ja)).toBe("さとう先生（みぎ）");
    expect(en("arrived", { name: "Ms Sato" })).toBe("Ms Sato arrived");
  });
});
