/** Sizes and rates both sides agree on. The server enforces them; the client uses them to help. */
export const LIMITS = {
  nicknameMaxChars: 12,
  chatMaxChars: 200,
  /** A lesson's title as the door and the space show it. */
  lessonTitleMaxChars: 40,
  /** Questions a teacher can still answer (the oldest is forgotten first). */
  questionsKept: 50,
  /** A group table's board (shared/domain/tables.ts): a few short lines the children at the table share. */
  tableBoardLines: 6,
  tableBoardLineChars: 40,
  /** Chat lines kept per channel for people who arrive later. */
  chatHistory: 30,
  /** Walking speed, metres per second. */
  walkSpeed: 3.2,
  /** Slack for network jitter when checking a move against the speed limit, in seconds. */
  moveJitterSeconds: 0.35,
  /**
   * Walking time a walker had and did not use (a report held up on a busy link, a pause) counts
   * for their next step, up to this many seconds. A report that arrives late and the next one on
   * time are then judged by the time really between them, not refused as a leap: walkers on a
   * flaky link (or a busy server) are not snapped back mid-walk.
   */
  moveCarrySeconds: 1,
  /** The longest single step the server accepts, metres (a teleport guard independent of timing). */
  maxStep: 2.5,
  /**
   * How often the client sends its position while walking. The server patches others 5 times a
   * second (SpaceRoom's patch rate), so a 10 Hz send only had every other position overwritten
   * before anyone saw it: 5 Hz carries the same to others, with half the messages to receive.
   */
  moveSendHz: 5,
  /**
   * A walk travels as where it started and how fast it goes (shared/domain/motion.ts): the walker
   * reports again when it turns (its velocity changes by more than `motionTurnMetresPerSecond`,
   * about 5° at walking pace), drifts by more than `motionDriftMetres`, or every
   * `moveHeartbeatSeconds` while it goes on unchanged, so the server knows the link is alive.
   * A walker not heard from for `motionStaleSeconds` is stopped where the walk had got to.
   */
  moveHeartbeatSeconds: 2.5,
  motionStaleSeconds: 5,
  motionDriftMetres: 0.1,
  motionTurnMetresPerSecond: 0.25,
  /**
   * How often the server tells everyone what changed in the space, milliseconds. Walks travel as
   * velocities (motion.ts), so this is no longer how smooth walking looks, only how soon a turn,
   * a stop or a raised hand is seen; a tick with nothing changed sends nothing.
   */
  patchMs: 400,
  /** Avatar body radius, metres: walls keep at least this distance. */
  avatarRadius: 0.3,
  maxParticipants: 60,
  /** How long a speech bubble stays over an avatar, milliseconds. */
  bubbleMs: 6000,
  /**
   * When the last staff member has gone (not a dropped link: that keeps its seat first), how long
   * students stay before the space closes kindly. Children are never left alone in it for long.
   */
  unsupervisedSeconds: 60,
  /** How long a dropped link keeps its seat, avatar, zone and status, seconds. */
  reconnectSeconds: 30,
  /**
   * How often a space asks the store whether each child in it is still let in, seconds: a code
   * replaced or taken back where the space is not told (the CLI writes the database only) ends
   * the visit within this time. The staff page tells every space at once.
   */
  rollCheckSeconds: 60,
} as const;

/**
 * Message budgets per person and type, as token buckets: `burst` messages at once, refilled at
 * `perSecond`. Generous for a child who double-taps, tight for a script. Over budget is answered
 * with `rate_limited` and dropped; `abuseLimit` refusals within `abuseWindowSeconds` disconnect.
 */
export const RATE_LIMITS = {
  move: { perSecond: 15, burst: 30 },
  chat: { perSecond: 1, burst: 5 },
  emote: { perSecond: 2, burst: 6 },
  hand: { perSecond: 2, burst: 6 },
  status: { perSecond: 2, burst: 6 },
  help: { perSecond: 0.2, burst: 3 },
  askToTalk: { perSecond: 0.2, burst: 3 },
  report: { perSecond: 0.2, burst: 3 },
  sit: { perSecond: 2, burst: 6 },
  stand: { perSecond: 2, burst: 6 },
  question: { perSecond: 0.2, burst: 3 },
  /** A child may change their mind, and double-tap: not a loop. */
  answerPoll: { perSecond: 1, burst: 5 },
  /** The self-study corner: a goal changed a few times, sites opened and come back from, an end. */
  studyGoal: { perSecond: 0.5, burst: 5 },
  studySite: { perSecond: 0.5, burst: 8 },
  studyEnd: { perSecond: 0.5, burst: 4 },
  /** A table's board is written and put up whole: a child who corrects it twice is fine, a loop is not. */
  tableBoard: { perSecond: 0.5, burst: 4 },
  /** To everyone at once, staff's or an event's MC's: five in a row, then one every 5 s. */
  announce: { perSecond: 0.2, burst: 5 },
  knockReply: { perSecond: 1, burst: 3 },
  consentReply: { perSecond: 1, burst: 3 },
  unpin: { perSecond: 1, burst: 3 },
  /** "Look at the board": a cue, not an alarm. */
  lookHere: { perSecond: 0.1, burst: 2 },
  /** A teacher writing on the board: a stroke at a time, quickly. */
  mark: { perSecond: 5, burst: 30 },
  /**
   * Voice signalling: each link's offer, answer and a dozen candidates, for up to five peers at
   * once, and again when a link changes; the microphone pressed and let go (push to talk).
   */
  signal: { perSecond: 20, burst: 120 },
  talkMic: { perSecond: 4, burst: 20 },
  /** Every other type (staff actions): plenty for a person, not for a loop. */
  other: { perSecond: 3, burst: 10 },
  abuseLimit: 60,
  abuseWindowSeconds: 10,
} as const;

/** Positions travel as centimetres in int16: 1 cm precision over ±327 m. */
export const POSITION_SCALE = 100;
/** Headings travel as one byte: 256 steps around the circle. */
export const HEADING_STEPS = 256;

export const toWire = (metres: number): number => Math.round(metres * POSITION_SCALE);
export const fromWire = (cm: number): number => cm / POSITION_SCALE;
export const headingToWire = (radians: number): number => {
  const turn = radians / (2 * Math.PI);
  return ((Math.round((turn - Math.floor(turn)) * HEADING_STEPS) % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS;
};
export const headingFromWire = (step: number): number => (step / HEADING_STEPS) * 2 * Math.PI;
