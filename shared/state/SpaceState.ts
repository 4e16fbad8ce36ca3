import { type SchemaType, schema, t } from "@colyseus/schema";

/**
 * The synchronised state of one space. Field definitions only: the server writes them, every
 * client reads them. Positions are centimetres (int16) and headings one byte, see limits.ts.
 * Fields marked .view() reach staff only (see server/rooms/staffView.ts).
 */
export const Avatar = schema(
  {
    nickname: t.string(),
    /** The look chosen on the door (shared/domain/avatar.ts ids; `colour` is the outfit's). */
    hair: t.string(),
    hairColour: t.string(),
    outfit: t.string(),
    colour: t.string(),
    skin: t.string(),
    accessory: t.string(),
    zone: t.string(),
    /** Where the avatar was at `at`, and its velocity from then on (cm/s): see shared/domain/motion.ts. */
    x: t.int16(),
    z: t.int16(),
    vx: t.int16(),
    vz: t.int16(),
    /** Server milliseconds modulo 65,536 when the avatar was at (x, z); only read while it moves. */
    at: t.uint16(),
    heading: t.uint8(),
    /** "student" or "staff": students see who the adults are. */
    kind: t.string(),
    status: t.string(),
    hand: t.boolean(),
    /** The link dropped and the seat is kept for a while: shown as "reconnecting". */
    away: t.boolean(),
    /** Staff only: when this person entered (epoch seconds) and whether staff greeted them. */
    since: t.uint32().view(),
    greeted: t.boolean().view(),
    mutedUntil: t.uint32().view(),
    /** A student staff handed the announcements to (an event's MC): everyone sees who it is. */
    emcee: t.boolean(),
    /** In a shared plaza: the person's organisation, beside their name ("" on their own floor). */
    badge: t.string(),
    /** The classroom seat or self-study desk the avatar sits at (shared/domain/seats.ts), 0 when not seated. */
    seat: t.uint8(),
    /**
     * The same person came in again (a reload, another tab): the session id of their earlier
     * avatar, which gives way a moment later. Pages then say neither "arrived" nor "left".
     */
    replaces: t.string(),
  },
  "Avatar",
);
export type Avatar = SchemaType<typeof Avatar>;

export const SpaceState = schema(
  {
    avatars: t.map(Avatar),
    counsellingLocked: t.boolean(),
    /** A welcome session (issue 18): staff opened the space for newcomers only; others are told at the door. */
    welcomeSession: t.boolean(),
    /** A staff member has a child's details open in the console (issue 19): children see a calm sign, never whose. */
    staffLooking: t.boolean(),
    /** The lesson board: where its picture can be fetched ("" when empty) and what it is called. */
    boardUrl: t.string(),
    boardTitle: t.string(),
    /**
     * A deck's page on the board (shared/domain/deck.ts): its number and the deck's length (0, 0
     * for a single picture), and its words for screen readers. boardUrl is then the page's address.
     */
    boardPage: t.uint8(),
    boardPages: t.uint8(),
    boardText: t.string(),
    /** A child's answer on the board, with their consent, and their nickname ("" if they chose not to show it). */
    boardPin: t.string(),
    boardPinBy: t.string(),
    /**
     * The lesson's teacher shares a screen to the board now. The picture travels with the
     * lesson's voice (docs/voice.md); this tells a page whose child keeps voice off, which has
     * none of it, that there is something to see and how.
     */
    boardScreen: t.boolean(),
    /**
     * The lesson on now in the classroom ("" title: none): what it is, who teaches it (their
     * nickname) and since when (epoch seconds). Everyone sees it; nobody is pulled in.
     */
    lessonTitle: t.string(),
    lessonSubject: t.string(),
    lessonGrade: t.uint8(),
    lessonTeacher: t.string(),
    lessonSince: t.uint32(),
  },
  "SpaceState",
);
export type SpaceState = SchemaType<typeof SpaceState>;
