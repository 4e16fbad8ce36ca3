import { describe, expect, it } from "vitest";
import { normaliseText } from "../../shared/domain/text.ts";

describe("normaliseText", () => {
  it("composes to NFC", () => {
    // か + combining dakuten becomes が
    expect(normaliseText("\u304B\u3099", 10)).toBe("\u304C");
  });

  it("strips control characters and bidi overrides", () => {
    expect(normaliseText("a\u0000b\u0007c", 10)).toBe("abc");
    expect(normaliseText("\u202Eevil\u202C txt", 20)).toBe("evil txt");
    expect(normaliseText("x\u2066y\u2069z\u200Bw", 20)).toBe("xyzw");
  });

  it("removes lone surrogates but keeps emoji and ZWJ sequences", () => {
    expect(normaliseText("a\uD800b", 10)).toBe("ab");
    expect(normaliseText("b\uDC00", 10)).toBe("b");
    const family = "👩\u200D👩\u200D👧";
    expect(normaliseText(family, 10)).toBe(family);
  });

  it("collapses whitespace, newlines and ideographic spaces, and trims", () => {
    expect(normaliseText("  hello\n\n\tthere\u3000\u3000you  ", 40)).toBe("hello there you");
  });

  it("caps length in characters, not UTF-16 units", () => {
    expect(normaliseText("😀".repeat(20), 5)).toBe("😀".repeat(5));
    expect(normaliseText("あいうえおかきくけこ", 4)).toBe("あいうえ");
  });

  it("does not end a capped line with the space it was cut at", () => {
    expect(normaliseText("また あした ね", 3)).toBe("また");
    expect(normaliseText("see you tomorrow", 8)).toBe("see you");
  });

  it("leaves a line within the cap as it is", () => {
    expect(normaliseText("はい", 2)).toBe("はい");
    expect(normaliseText("a b", 3)).toBe("a b");
  });

  it("can leave nothing behind, which callers treat as empty", () => {
    expect(normaliseText(" \u200B\u202E ", 10)).toBe("");
  });
});
