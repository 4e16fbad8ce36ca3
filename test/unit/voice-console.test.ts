import { describe, expect, it } from "vitest";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import type { VoiceGroups } from "../../shared/protocol/voice.ts";
import { lessonListeners, mutedOutside, peopleIn } from "../../client/staff/console/voiceOverview.ts";
import { refusalWords, voiceWords } from "../../client/staff/console/voiceWords.ts";

/** The console's voice part's pure rules (client/staff/console/voiceOverview.ts, voiceWords.ts). */
const person = (session: string, nickname: string, staff = false, muted = false) => ({ session, nickname, staff, mic: false, muted });

describe("the voice console's overview", () => {
  const overview: VoiceGroups = {
    groups: [
      { group: "spot:rug", people: [person("a", "あおい"), person("s", "そら", false, true)] },
      { group: "lesson", people: [person("t", "たなか先生", true), ...Array.from({ length: VOICE_LIMITS.p2pListeners }, (_, i) => person(`k${i}`, `こ${i}`))] },
    ],
    locked: ["rug"],
    muted: ["s", "gone-from-talks"],
    lessonVoice: true,
    turn: null,
  };

  it("should find a group's people, and none for a group nobody is in", () => {
    expect(peopleIn(overview, "spot:rug").map((p) => p.nickname)).toEqual(["あおい", "そら"]);
    expect(peopleIn(overview, "counselling")).toEqual([]);
  });

  it("should count the lesson's listeners without its teacher, as the server counts them against the peer-to-peer cap", () => {
    const isTeacher = (p: { staff: boolean; nickname: string }) => p.staff && p.nickname === "たなか先生";
    expect(lessonListeners(overview, isTeacher)).toEqual({ count: VOICE_LIMITS.p2pListeners, full: true });
    const fewer = { ...overview, groups: overview.groups.map((g) => (g.group === "lesson" ? { ...g, people: g.people.slice(0, -1) } : g)) };
    expect(lessonListeners(fewer, isTeacher)).toEqual({ count: VOICE_LIMITS.p2pListeners - 1, full: false });
  });

  it("should keep the voice-muted who are in no talk, so their mute can still be lifted", () => {
    expect(mutedOutside(overview)).toEqual(["gone-from-talks"]);
  });
});

describe("the voice console's words", () => {
  it("should word refusals of staff's own actions, and leave a person's own talk's refusals to the voice part", () => {
    expect(refusalWords("no_talk_here", "voiceOffer")).toBe("refusedOffer");
    expect(refusalWords("no_talk_here", "spotLock")).toBe("refusedSpot");
    expect(refusalWords("no_talk_here", "spotEnd")).toBe("refusedSpot");
    expect(refusalWords("p2p_full", "lessonVoice")).toBe("refusedOther");
    expect(refusalWords("talk_locked", "talkJoin")).toBeNull();
    expect(refusalWords("no_link", "signal")).toBeNull();
    expect(refusalWords("no_link", undefined)).toBeNull();
  });

  it("should say either answer to an offer kindly, in both languages, with the child's nickname", () => {
    const ja = voiceWords("ja");
    const en = voiceWords("en");
    expect(ja("voiceAnswerNo", { name: "りん" })).toContain("りんさんは 文字で");
    expect(ja("voiceAnswerNo", { name: "りん" })).toContain("だいじょうぶ");
    expect(en("voiceAnswerNo", { name: "Rin" })).toBe("💬 Rin would rather keep to text. That is fine.");
    expect(en("voiceAnswerYes", { name: "Rin" })).toBe("🎙️ Rin chose to talk by voice.");
    expect(en("p2pFull", { max: VOICE_LIMITS.p2pListeners })).toContain("HIDAMARI_JANUS_URL");
  });
});
