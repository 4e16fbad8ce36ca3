import { VOICE_LIMITS } from "../../../shared/domain/voice.ts";
import type { VoiceGroups } from "../../../shared/protocol/voice.ts";

/** Someone in a voice group, as staff see them (the server's overview). */
export type GroupPerson = VoiceGroups["groups"][number]["people"][number];

export const NO_GROUPS: VoiceGroups = { groups: [], locked: [], muted: [], lessonVoice: false, turn: null };

/** The people in one voice group (`spot:<id>`, `counselling`, `lesson`), in the server's order. */
export function peopleIn(overview: VoiceGroups, group: string): GroupPerson[] {
  return overview.groups.find((g) => g.group === group)?.people ?? [];
}

/**
 * The lesson's listeners, the teacher not counted (as the server counts them against the
 * peer-to-peer cap), and whether the cap is reached: then nobody more can join without a media server.
 */
export function lessonListeners(overview: VoiceGroups, isTeacher: (p: GroupPerson) => boolean): { count: number; full: boolean } {
  const count = peopleIn(overview, "lesson").filter((p) => !isTeacher(p)).length;
  return { count, full: count >= VOICE_LIMITS.p2pListeners };
}

/** Voice-muted people present who are in no talk now: staff can still lift their mute. */
export function mutedOutside(overview: VoiceGroups): string[] {
  const inTalk = new Set(overview.groups.flatMap((g) => g.people.map((p) => p.session)));
  return overview.muted.filter((session) => !inTalk.has(session));
}
