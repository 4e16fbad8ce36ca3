import { z } from "zod/mini";
import { VOICE_LIMITS } from "../domain/voice.ts";
import { Target, bounded, int } from "./messages.ts";

/**
 * Voice (issue 16): the messages and events of talking together. Loaded with the page's voice
 * part (client/voice/), never on a first visit, and not at all when a person keeps voice off. The
 * capability table decides who may send each; the server decides who may connect to whom and
 * relays only the signalling of links its rules allow (server/rooms/voice/).
 */

const { sdpMaxChars, candidateMaxChars } = VOICE_LIMITS;

/** WebRTC signalling, as RTCSessionDescriptionInit and RTCIceCandidateInit write it. */
export const Description = z.strictObject({
  type: z.enum(["offer", "answer", "pranswer", "rollback"]),
  sdp: z.optional(z.string().check(z.maxLength(sdpMaxChars))),
});
export const Candidate = z.strictObject({
  candidate: z.string().check(z.maxLength(candidateMaxChars)),
  sdpMid: z.optional(z.nullable(bounded(0, 64))),
  sdpMLineIndex: z.optional(z.nullable(int(0, 64))),
  usernameFragment: z.optional(z.nullable(bounded(0, 256))),
});
export type Description = z.infer<typeof Description>;
export type Candidate = z.infer<typeof Candidate>;

export const VoiceMessages = {
  /** Joins the talk where I stand (a talk spot, the counselling room, the lesson): listening only. */
  talkJoin: z.strictObject({}),
  talkLeave: z.strictObject({}),
  /** My microphone on or off (only while the rules let me speak: see Talk.canSpeak). */
  talkMic: z.strictObject({ on: z.boolean() }),
  /** Signalling for the voice link with `to` (a session id): relayed only if the rules allow that link. */
  signal: z.union([z.strictObject({ to: Target, description: Description }), z.strictObject({ to: Target, candidate: Candidate })]),
  /** The child's answer to a counsellor's offer of a voice talk; no keeps it to text. */
  voiceOfferReply: z.strictObject({ accept: z.boolean() }),
  // Staff (the capability table: runVoice)
  /** Offers a voice talk to a child in the counselling room with them. */
  voiceOffer: z.strictObject({ target: Target }),
  /** Mutes a person's voice for the space (the server stops their links sending), or lets them speak again. */
  voiceMute: z.strictObject({ target: Target, muted: z.boolean() }),
  /** Ends a talk spot's talk (everyone in it leaves the talk; they may join again unless it is locked). */
  spotEnd: z.strictObject({ spot: bounded(1, 32) }),
  /** Locks a talk spot: nobody new joins its talk until it is unlocked. */
  spotLock: z.strictObject({ spot: bounded(1, 32), locked: z.boolean() }),
  /** The lesson's teacher speaks to the classroom (children listen; one speaks when given the turn from the hand queue). */
  lessonVoice: z.strictObject({ on: z.boolean() }),
  /** Takes the turn to speak back from the child who has it. */
  endTurn: z.strictObject({}),
  /**
   * The lesson's teacher shares a screen or a window to the board (and is in the lesson's talk
   * for it): it reaches everyone in that talk over their links with the teacher, as video.
   */
  screenShare: z.strictObject({ on: z.boolean() }),
  /** Data saver: the screen share reaches me at one frame a second (the sharer's page slows that link). */
  screenSaver: z.strictObject({ on: z.boolean() }),
} as const;

/** Someone in a talk, as the others in it see them. */
export const TalkPerson = z.object({
  session: z.string(),
  nickname: z.string(),
  /** Their microphone is on. */
  mic: z.boolean(),
  staff: z.boolean(),
  /**
   * With a media server: their participant id in the talk's audio room (MediaGrant.id), once
   * granted. The room's "talking" events name people by it; this is how a page shows who speaks.
   */
  mediaId: z.optional(z.number()),
});
export type TalkPerson = z.infer<typeof TalkPerson>;

/**
 * A voice link with one other person: who may send to whom over it. The server decides both
 * directions; a page never receives from a peer the link says does not send. `polite`: this page
 * gives way when both offer at once (perfect negotiation).
 */
export const Link = z.object({
  peer: z.string(),
  send: z.boolean(),
  receive: z.boolean(),
  polite: z.boolean(),
  /** The screen share flows over this link: from me when I share, to me when the peer does. */
  video: z.boolean(),
  /** The viewer at the other end asked for data saver: one frame a second on this link (the sharer's side). */
  saver: z.boolean(),
});
export type Link = z.infer<typeof Link>;

export const IceServer = z.object({ urls: z.array(z.string()), username: z.optional(z.string()), credential: z.optional(z.string()) });
export type IceServer = z.infer<typeof IceServer>;

/**
 * With a media server (HIDAMARI_JANUS_URL): my grant to the talk's Janus rooms, used instead of
 * peer links. The AudioBridge room mixes the talk, so I receive one stream whatever its size; the
 * VideoRoom room carries a shared screen. `id` is my participant id there, chosen by the server
 * (which mutes it there when the rules say I may not speak); `token` admits me to these rooms only.
 */
export const MediaGrant = z.object({
  url: z.string(),
  audioRoom: z.number(),
  id: z.number(),
  token: z.string(),
  /**
   * The VideoRoom room and the sharer's feed id, while a screen is shared in my talk, and the
   * room's pin: VideoRoom checks tokens for publishers only, so viewers need the pin, which the
   * server changes when someone leaves the talk (a viewer already watching stays).
   */
  screen: z.optional(z.object({ room: z.number(), feed: z.number(), pin: z.string() })),
});
export type MediaGrant = z.infer<typeof MediaGrant>;

/**
 * Why the server refused a voice action: words for each are in the voice part's dictionary.
 * `no_link` is also what malformed or unauthorised signalling meets (and it is audited);
 * `media_down`: the media server (HIDAMARI_JANUS_URL) did not admit me to the talk's room.
 */
export const TALK_REFUSALS = ["no_talk_here", "talk_full", "talk_locked", "voice_muted", "not_your_turn", "no_link", "p2p_full", "no_offer", "media_down"] as const;
export type TalkRefusal = (typeof TALK_REFUSALS)[number];

/**
 * My talk, whole, each time anything in it changes: the talk where I stand (null: none here),
 * who is in it, whether I have joined, may speak, have my microphone on, and (joined) my links
 * and the ICE servers to reach them by (with short-lived TURN credentials when configured).
 */
export const Talk = z.object({
  group: z.nullable(z.string()),
  people: z.array(TalkPerson),
  locked: z.boolean(),
  full: z.boolean(),
  joined: z.boolean(),
  canSpeak: z.boolean(),
  mic: z.boolean(),
  /** Staff muted my voice for the space. */
  muted: z.boolean(),
  links: z.array(Link),
  iceServers: z.array(IceServer),
  /**
   * Reach the others through the TURN server only (RTCConfiguration iceTransportPolicy "relay"):
   * set when TURN is configured and HIDAMARI_TURN_POLICY is not "all", so no child's network
   * address ever reaches another child's device.
   */
  relay: z.boolean(),
  /** Who shares a screen to the board in my talk (a session id; the lesson's teacher), or null. */
  screen: z.nullable(z.string()),
  /** Joined, with a media server configured: my grant to its rooms (and no peer links). Null peer-to-peer. */
  media: z.nullable(MediaGrant),
});
export type Talk = z.infer<typeof Talk>;

/** For staff: every voice group in the space, who is in it, and the locked spots. */
export const VoiceGroups = z.object({
  groups: z.array(z.object({ group: z.string(), people: z.array(z.extend(TalkPerson, { muted: z.boolean() })) })),
  locked: z.array(z.string()),
  /** Voice-muted people present (session ids). */
  muted: z.array(z.string()),
  /** The lesson's teacher has voice on; `turn`: the child who may speak in it now (a session id). */
  lessonVoice: z.boolean(),
  turn: z.nullable(z.string()),
});
export type VoiceGroups = z.infer<typeof VoiceGroups>;

export const VoiceEvents = {
  talk: Talk,
  signal: z.union([z.object({ from: z.string(), description: Description }), z.object({ from: z.string(), candidate: Candidate })]),
  /** A counsellor offers me a voice talk (`by`: their nickname). */
  voiceOffer: z.object({ by: z.string() }),
  talkRefused: z.object({ code: z.enum(TALK_REFUSALS), about: z.optional(z.string()) }),
  voiceGroups: VoiceGroups,
  /** To the counsellor who offered: the child (`about`, their nickname) chose voice, or to keep to text, or did not answer in time (VOICE_LIMITS.offerSeconds). */
  voiceAnswer: z.object({ about: z.string(), accept: z.boolean(), unanswered: z.optional(z.literal(true)) }),
} as const;
export type VoiceEventType = keyof typeof VoiceEvents;
