import { z } from "zod/mini";
import { LIMITS } from "../domain/limits.ts";
import { STAFF_ROLES } from "../domain/roles.ts";
import { normaliseText } from "../domain/text.ts";
import { Nickname } from "./messages.ts";
import { ConsentLevel } from "../research/consent.ts";
import { PLAZA_MAX_ORGS } from "../domain/plaza.ts";
import { DECK } from "../domain/deck.ts";
import { EXHIBITS } from "../domain/exhibits.ts";
import { PlazaSummary } from "./door.ts";

// What the student's page reads too lives in door.ts, so that the first visit carries none of
// the staff and admin bodies below (a zod schema is built when its module loads: not tree-shaken).
export { HTTP_ERRORS, type HttpError, LessonSummary, Me, PlazaSummary } from "./door.ts";

/** Bodies of every HTTP request the pages send, and the errors they get back. */

const bounded = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const Username = z.string().check(z.trim(), z.minLength(3), z.maxLength(40), z.regex(/^[a-zA-Z0-9._-]+$/));
const Password = bounded(10, 200);
const DisplayName = trimmed(1, 40);

export const EnterBody = z.strictObject({ code: bounded(1, 40) });
export const SignInBody = z.strictObject({ username: bounded(1, 40), password: bounded(1, 200) });
export const RegisterStudentBody = z.strictObject({ nickname: Nickname, note: z.optional(bounded(0, 500)) });
export const BlockBody = z.strictObject({ blocked: z.boolean() });
/**
 * A new staff account. No password: whoever makes an account must not know it, so the answer
 * carries a one-time welcome link with which the person chooses their own.
 */
export const AddStaffBody = z.strictObject({ username: Username, displayName: DisplayName, role: z.enum(STAFF_ROLES) });
const Words = z.array(bounded(1, 40)).check(z.maxLength(500));
export const WordsBody = z.strictObject({ ja: Words, en: Words });
export const SetupBody = z.strictObject({
  token: bounded(10, 200),
  organisation: trimmed(1, 80),
  username: Username,
  displayName: DisplayName,
  password: Password,
});
export const EmptyBody = z.strictObject({});
export const KeepOutBody = z.strictObject({ keptOut: z.boolean() });
/** A joint event in the shared plaza: its title, the planned times the doors show, who takes part. */
export const OpenPlazaBody = z
  .strictObject({
    title: trimmed(1, 60),
    startsAt: z.int().check(z.gte(0)),
    endsAt: z.int().check(z.gte(0)),
    orgs: z.array(bounded(1, 64)).check(z.minLength(1), z.maxLength(PLAZA_MAX_ORGS)),
  })
  .check(z.refine((b) => b.endsAt > b.startsAt && b.endsAt - b.startsAt <= 12 * 60 * 60 * 1000, { message: "ends after it starts, within 12 hours", path: ["endsAt"] }));
export const PlazaList = z.object({
  plazas: z.array(z.extend(PlazaSummary, { orgs: z.array(z.object({ id: z.string(), name: z.string() })), mine: z.boolean() })),
});
export const OrganisationNames = z.object({ organisations: z.array(z.object({ id: z.string(), name: z.string() })) });
/** A new organisation and its first admin, made by the federation admin (the admin gets a welcome link, never a password chosen for them). */
export const NewOrganisationBody = z.strictObject({
  name: trimmed(1, 80),
  admin: z.strictObject({ username: Username, displayName: DisplayName }),
});

/** How long a welcome link works, once: long enough to pass it on by letter or in person. */
export const WELCOME_LINK_DAYS = 7;
const WelcomeToken = bounded(10, 200);
/** What the welcome page asks before it shows the form: whose link it is (the link itself changes nothing). */
export const WelcomeLookBody = z.strictObject({ token: WelcomeToken });
/** The person who holds the link chooses their password, with the setup form's rules. */
export const WelcomeBody = z.strictObject({ token: WelcomeToken, password: Password });
/** A welcome link as its issuer sees it, to pass on (an absolute URL), and when it stops working. */
export const WelcomeLink = z.object({ url: z.string(), expiresAt: z.number() });
export type WelcomeLink = z.infer<typeof WelcomeLink>;
/** Whose link it is, for the welcome page; `reset` when the account has a password already (it is replaced). */
export const WelcomeInfo = z.object({ orgName: z.string(), username: z.string(), displayName: z.string(), expiresAt: z.number(), reset: z.boolean() });
export type WelcomeInfo = z.infer<typeof WelcomeInfo>;
/** An organisation's staff as its admin sees them; `claimed` once the person has chosen a password. */
export const StaffSummary = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(STAFF_ROLES), federation: z.boolean(), claimed: z.boolean() });
export const StaffList = z.object({ staff: z.array(StaffSummary) });
export const StaffAdded = z.object({ staff: StaffSummary, welcome: WelcomeLink });
export const OrganisationCreated = z.object({ id: z.string(), name: z.string(), admin: z.object({ id: z.string(), username: z.string(), displayName: z.string() }), welcome: WelcomeLink });
export const OrganisationList = z.object({
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.number(),
      staff: z.number(),
      students: z.number(),
      admins: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string(), claimed: z.boolean(), federation: z.boolean() })),
    }),
  ),
});
export type OrganisationList = z.infer<typeof OrganisationList>;
export const StudyBody = z.strictObject({ name: trimmed(1, 120) });
/** Purge events older than `days` (never keeping less than… the retention period is the ceiling). */
export const PurgeBody = z.strictObject({ days: z.optional(z.int().check(z.gte(1), z.lte(3650))) });

/** A picture for the lesson board, as a data URL (PNG or JPEG), at most BOARD_MAX_BYTES once decoded. */
export const BOARD_MAX_BYTES = 2 * 1024 * 1024;
export const BoardBody = z.strictObject({
  title: z.pipe(z.string().check(z.maxLength(80 * 8)), z.transform((s: string) => normaliseText(s, 80))),
  image: z.string().check(z.maxLength(Math.ceil((BOARD_MAX_BYTES * 4) / 3) + 64), z.regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/)),
});

export const PASSWORD_MIN = 10;
export const NICKNAME_MAX = LIMITS.nicknameMaxChars;

/** Answers of the students registry (GET/POST /api/staff/students…). */
export const StudentSummary = z.object({ id: z.string(), nickname: z.string(), note: z.string(), hasCode: z.boolean(), blocked: z.boolean(), consent: ConsentLevel, keptOutOfPlazas: z.boolean() });
export type StudentSummary = z.infer<typeof StudentSummary>;
export const StudentList = z.object({ students: z.array(StudentSummary) });
export const Registered = z.object({ student: StudentSummary, code: z.string() });
export const NewCode = z.object({ code: z.string() });
export const Ok = z.object({ ok: z.literal(true) });

/**
 * A deck for the lesson board (shared/domain/deck.ts): announced with its page count, then each
 * page sent with its two images (PNG, JPEG or WebP; the server checks the bytes and the sizes)
 * and its words for screen readers.
 */
export const NewDeckBody = z.strictObject({
  title: z.pipe(z.string().check(z.maxLength(DECK.titleMaxChars * 8)), z.transform((s: string) => normaliseText(s, DECK.titleMaxChars))),
  pages: z.int().check(z.gte(1), z.lte(DECK.maxPages)),
});
const pageImage = (maxBytes: number) => z.string().check(z.maxLength(Math.ceil((maxBytes * 4) / 3) + 64), z.regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/));
export const DeckPageBody = z.strictObject({
  text: z.pipe(z.string().check(z.maxLength(DECK.textMaxChars * 8)), z.transform((s: string) => normaliseText(s, DECK.textMaxChars))),
  small: pageImage(DECK.small.maxBytes),
  large: pageImage(DECK.large.maxBytes),
});
export const DeckSummary = z.object({ id: z.string(), title: z.string(), pages: z.number(), ready: z.boolean(), createdAt: z.number() });
export type DeckSummary = z.infer<typeof DeckSummary>;
export const DeckList = z.object({ decks: z.array(DeckSummary) });
export const DeckCreated = z.object({ id: z.string() });

/** A child's work for the exhibit wall, sent once the child agreed (the grant says who, how, and what it is called). */
export const ExhibitBody = z.strictObject({
  grant: z.string().check(z.minLength(1), z.maxLength(80)),
  image: z.string().check(z.maxLength(Math.ceil((EXHIBITS.maxBytes * 4) / 3) + 64), z.regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/)),
});
export const ExhibitCreated = z.object({ id: z.string() });
