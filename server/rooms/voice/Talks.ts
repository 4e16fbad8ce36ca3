import { TALK_SPOTS, VOICE_LIMITS, type VoiceGroupId, spotAt, spotGroup } from "../../../shared/domain/voice.ts";
import type { Point } from "../../../shared/domain/geometry.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { IceServer, Link, MediaGrant, Talk, TalkPerson, VoiceGroups } from "../../../shared/protocol/voice.ts";

/** Someone the voice rules look at: where they stand and who they are. */
export interface Talker {
  readonly session: string;
  readonly account: string;
  readonly nickname: string;
  readonly staff: boolean;
  readonly zone: ZoneId;
  readonly at: Point;
}

/** One person in a talk: since joining, listening; `mic` once they said their microphone is on. */
interface Joined {
  group: VoiceGroupId;
  mic: boolean;
  /** Handed out once when joining (their TURN credentials are good for an hour): a state that changes every second would be sent every patch. */
  readonly iceServers: IceServer[];
}

/**
 * The voice of one space (docs/voice.md): who has joined which talk, voice mutes, locked spots,
 * the lesson's voice and turn, the counselling room's voice offer. It decides who may hear whom;
 * handlers/voice.ts turns its answers into messages. Nothing here is kept beyond the room: a
 * talk is joined again by choice, never restored.
 */
export class Talks {
  readonly #joined = new Map<string, Joined>();
  /** Voice-muted accounts: a new tab or a reload keeps the mute. */
  readonly muted = new Set<string>();
  readonly locked = new Set<string>();
  /** The lesson's teacher has voice on; `turn`: the child who may speak now (a session id). */
  lessonVoice = false;
  turn: string | null = null;
  /** Who shares a screen to the board (the lesson's teacher, a session id), and who asked for it at one frame a second. */
  screen: string | null = null;
  readonly savers = new Set<string>();
  /** A voice talk accepted in the counselling room: open until its last person leaves it. */
  counselling = false;
  /** Offers waiting for a child's answer: child's session → the offering staff member's session. */
  readonly offers = new Map<string, string>();
  /** Each waiting offer's time limit (VOICE_LIMITS.offerSeconds), by the child's session. */
  readonly offerLimits = new Map<string, { clear(): void }>();
  /** Set by anything that may change someone's talk; the room sends what changed before its next patch. */
  dirty = false;
  /** What each person was last sent (JSON), and staff the overview: only changes are sent. */
  readonly sent = new Map<string, string>();
  sentOverview = "";
  /** Where a talk could be joined for each person at the last look (publishTalks): walking into or out of one changes it. */
  readonly where = new Map<string, VoiceGroupId | null>();

  /**
   * `iceServers`: what a person joining is given to reach the others by. `heard`: each joining,
   * leaving and microphone change, for the session log (the room logs them; never what was said).
   * `media`: with a media server (HIDAMARI_JANUS_URL), each joined person's grant to its rooms
   * (null until it arrives): talks then carry no peer links, and a lesson has no peer-to-peer cap.
   */
  constructor(
    readonly iceServers: (pseudonym: string) => IceServer[],
    readonly heard: (session: string, kind: TalkKind, action: TalkAction) => void = () => {},
    readonly media: ((session: string) => MediaGrant | null) | null = null,
    /** Peer links go through TURN only (docs/voice.md): config's HIDAMARI_TURN_POLICY with TURN set. */
    readonly relay = false,
  ) {}

  /** The talk someone standing there may join, if any. */
  groupAt(t: Talker): VoiceGroupId | null {
    if (t.zone === "classroom") return this.lessonVoice ? "lesson" : null;
    if (t.zone === "counselling") return this.counselling ? "counselling" : null;
    const spot = spotAt(t.at);
    return spot ? spotGroup(spot) : null;
  }

  joinedGroup(session: string): VoiceGroupId | null {
    return this.#joined.get(session)?.group ?? null;
  }

  join(session: string, group: VoiceGroupId, pseudonym: string): void {
    this.leave(session);
    this.#joined.set(session, { group, mic: false, iceServers: this.iceServers(pseudonym) });
    this.heard(session, kindOf(group), "joined");
    this.dirty = true;
  }

  leave(session: string): boolean {
    const me = this.#joined.get(session);
    if (!me) return false;
    if (me.mic) this.heard(session, kindOf(me.group), "mic_off");
    this.#joined.delete(session);
    this.heard(session, kindOf(me.group), "left");
    this.dirty = true;
    return true;
  }

  setMic(session: string, on: boolean): void {
    const me = this.#joined.get(session);
    if (me && me.mic !== on) {
      me.mic = on;
      this.heard(session, kindOf(me.group), on ? "mic_on" : "mic_off");
      this.dirty = true;
    }
  }

  /** Sessions in a group. */
  members(group: VoiceGroupId): string[] {
    const out: string[] = [];
    for (const [session, j] of this.#joined) if (j.group === group) out.push(session);
    return out;
  }

  /** Whether a group has room for one more (a spot's six; a lesson's peer-to-peer listeners). */
  roomFor(group: VoiceGroupId, isTeacher: (session: string) => boolean): "ok" | "talk_full" | "p2p_full" {
    const members = this.members(group);
    // Through a media server the lesson's audio is mixed: the teacher sends once, whatever the class's size.
    if (group === "lesson" && this.media === null) return members.filter((s) => !isTeacher(s)).length >= VOICE_LIMITS.p2pListeners ? "p2p_full" : "ok";
    if (group.startsWith("spot:") && members.length >= VOICE_LIMITS.spotPeople) return "talk_full";
    return "ok";
  }

  /** Whether two people share a voice link now: the same talk, and one of them may speak in it (not voice-muted). */
  linked(a: Talker, b: Talker, isTeacher: (session: string) => boolean): boolean {
    const group = this.joinedGroup(a.session);
    if (!group || a.session === b.session || this.joinedGroup(b.session) !== group) return false;
    return this.#speaks(a, group, isTeacher) || this.#speaks(b, group, isTeacher) || this.screen === a.session || this.screen === b.session;
  }

  #speaks(t: Talker, group: VoiceGroupId, isTeacher: (session: string) => boolean): boolean {
    return this.maySpeak(t, group, isTeacher) && !this.muted.has(t.account);
  }

  /** Whether the rules let this person speak in this group (a voice mute aside). */
  maySpeak(t: Talker, group: VoiceGroupId, isTeacher: (session: string) => boolean): boolean {
    if (group !== "lesson") return true;
    return isTeacher(t.session) || this.turn === t.session;
  }

  /**
   * Everyone's talk as they should see it now, keyed by session. Also takes out of their talk
   * those who walked out of it (or whose talk closed), which is how leaving a spot leaves the talk.
   */
  talks(everyone: readonly Talker[], isTeacher: (session: string) => boolean): Map<string, Talk> {
    const bySession = new Map(everyone.map((t) => [t.session, t]));
    for (const [session, j] of this.#joined) {
      const t = bySession.get(session);
      if (!t || this.groupAt(t) !== j.group) this.leave(session);
    }
    if (this.counselling && this.members("counselling").length === 0) this.counselling = false;
    if (!this.lessonVoice) this.turn = null;
    if (this.screen !== null && this.joinedGroup(this.screen) !== "lesson") this.screen = null;
    const speaks = (t: Talker, group: VoiceGroupId) => this.#speaks(t, group, isTeacher);
    // Who is in a talk reads the same to everyone standing there: worked out once per group, not per person.
    const groups = new Map<VoiceGroupId, { members: Talker[]; people: TalkPerson[] }>();
    const inGroup = (group: VoiceGroupId) => {
      let known = groups.get(group);
      if (!known) {
        const members = this.members(group).flatMap((s) => bySession.get(s) ?? []);
        const people = members.map((m): TalkPerson => {
          const mediaId = this.media?.(m.session)?.id;
          return { session: m.session, nickname: m.nickname, mic: (this.#joined.get(m.session)?.mic ?? false) && speaks(m, group), staff: m.staff, ...(mediaId === undefined ? {} : { mediaId }) };
        });
        groups.set(group, (known = { members, people }));
      }
      return known;
    };
    const out = new Map<string, Talk>();
    for (const t of everyone) {
      const group = this.groupAt(t);
      const mine = this.#joined.get(t.session);
      if (group === null) {
        out.set(t.session, NOWHERE);
        continue;
      }
      const { members, people } = inGroup(group);
      const canSpeak = speaks(t, group);
      const links: Link[] = [];
      if (mine && this.media === null) {
        for (const m of members) {
          if (m.session === t.session) continue;
          const send = canSpeak;
          const receive = speaks(m, group);
          const video = this.screen === t.session || this.screen === m.session;
          const saver = this.screen === t.session && this.savers.has(m.session);
          if (send || receive || video) links.push({ peer: m.session, send, receive, polite: t.session > m.session, video, saver });
        }
      }
      const spot = group.startsWith("spot:") ? group.slice(5) : null;
      out.set(t.session, {
        group,
        people,
        locked: spot !== null && this.locked.has(spot),
        full: !mine && this.roomFor(group, isTeacher) !== "ok",
        joined: mine !== undefined,
        canSpeak,
        mic: (mine?.mic ?? false) && canSpeak,
        muted: this.muted.has(t.account),
        links,
        iceServers: mine?.iceServers ?? [],
        relay: mine !== undefined && this.relay && this.media === null,
        screen: group === "lesson" ? this.screen : null,
        media: mine && this.media ? this.media(t.session) : null,
      });
    }
    return out;
  }

  /** For staff: every group with people in it, voice mutes present, locked spots. */
  overview(everyone: readonly Talker[]): VoiceGroups {
    const bySession = new Map(everyone.map((t) => [t.session, t]));
    const groups = new Map<string, VoiceGroups["groups"][number]["people"]>();
    for (const [session, j] of this.#joined) {
      const t = bySession.get(session);
      if (!t) continue;
      const people = groups.get(j.group) ?? [];
      people.push({ session, nickname: t.nickname, mic: j.mic, staff: t.staff, muted: this.muted.has(t.account) });
      groups.set(j.group, people);
    }
    return {
      groups: [...groups].map(([group, people]) => ({ group, people })),
      locked: TALK_SPOTS.filter((s) => this.locked.has(s.id)).map((s) => s.id),
      muted: everyone.filter((t) => this.muted.has(t.account)).map((t) => t.session),
      lessonVoice: this.lessonVoice,
      turn: this.turn,
    };
  }
}

export type TalkKind = "spot" | "counselling" | "lesson";
export type TalkAction = "joined" | "left" | "mic_on" | "mic_off";
const kindOf = (group: VoiceGroupId): TalkKind => (group.startsWith("spot:") ? "spot" : (group as TalkKind));

/** Standing where no talk can be joined: the page shows nothing. */
export const NOWHERE: Talk = { group: null, people: [], locked: false, full: false, joined: false, canSpeak: false, mic: false, muted: false, links: [], iceServers: [], relay: false, screen: null, media: null };
