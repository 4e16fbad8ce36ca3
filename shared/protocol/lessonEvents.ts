import { z } from "zod/mini";
import { MARKS } from "../domain/deck.ts";
import { QUESTION_PHRASE_IDS } from "../domain/lesson.ts";
import { GOAL_PRESETS } from "../domain/study.ts";

/**
 * The lesson's events (issue 15): apart from events.ts because a page needs them only once a
 * lesson is on. The student's first visit carries none of them: the connection fetches this
 * module when the first event it does not know arrives, and holds later events until it is
 * here, so nothing is read out of order (client/net/connection.ts).
 */

/** A child's question as the teacher sees it: text, or a quick phrase the teacher's page words. */
export const Question = z.object({
  id: z.string(),
  from: z.string(),
  nickname: z.string(),
  text: z.optional(z.string()),
  phrase: z.optional(z.enum(QUESTION_PHRASE_IDS)),
  at: z.number(),
});
export type Question = z.infer<typeof Question>;

const place = z.int().check(z.gte(0), z.lte(MARKS.scale));
/** A mark on a deck's page: a pen stroke (x, y pairs) or a line of text at a place (shared/domain/deck.ts MARKS). */
export const Mark = z.union([
  z.strictObject({
    kind: z.literal("pen"),
    colour: z.enum(MARKS.colours),
    width: z.union(MARKS.widths.map((w) => z.literal(w))),
    points: z.array(place).check(
      z.minLength(4),
      z.maxLength(MARKS.maxPoints * 2),
      z.refine((p) => p.length % 2 === 0, "x, y pairs"),
    ),
  }),
  z.strictObject({ kind: z.literal("text"), colour: z.enum(MARKS.colours), x: place, y: place, text: z.string().check(z.minLength(1), z.maxLength(MARKS.textMaxChars * 8)) }),
]);
export type Mark = z.infer<typeof Mark>;

/** Today's goal as the server tells it: a preset's id (each page words it), the child's own words, or both. */
export const GoalView = z.object({ preset: z.optional(z.enum(GOAL_PRESETS)), text: z.optional(z.string()) });
export type GoalView = z.infer<typeof GoalView>;

/** Someone at a self-study desk as their own staff see them: session id, since when (epoch ms), their goal, the listed site they are on now (its name). */
export const Studying = z.object({ id: z.string(), since: z.number(), goal: z.optional(GoalView), site: z.optional(z.string()) });
export type Studying = z.infer<typeof Studying>;

export const LessonEvents = {
  /** Staff only: raised hands in the order they went up (session ids), first first. */
  hands: z.object({ order: z.array(z.string()) }),
  /** A child's own place in the hand queue (1 = next), 0 when their hand is down: never others' names. */
  handPlace: z.object({ place: z.number() }),
  /** The teacher only: a child's question. */
  question: Question,
  /** The asker (private), or the classroom and the asker wherever they are (toClass, asked anonymously): the teacher's answer. */
  answer: z.object({ question: z.string(), phrase: z.optional(z.enum(QUESTION_PHRASE_IDS)), text: z.string(), by: z.string(), toClass: z.boolean() }),
  /**
   * To a child only: may this answer of yours go on the board (`pin`, text: the answer), or may this
   * work of yours be shown on the exhibit wall (`exhibit`, text: its title)? Asked by `by`;
   * answered with consentReply.
   */
  consentAsk: z.object({ id: z.string(), kind: z.enum(["pin", "exhibit"]), text: z.string(), by: z.string() }),
  /** The exhibit wall, newest first: each work's id, title and nickname ("" when the child chose not to show it); `mine` only in a child's own copy. */
  exhibits: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), by: z.string(), mine: z.optional(z.literal(true)) })) }),
  /** To the staff member who asked: the child agreed; send the picture with this grant (POST /api/staff/exhibits) within EXHIBITS.grantMinutes. */
  exhibitGrant: z.object({ grant: z.string(), title: z.string(), nickname: z.string() }),
  /** Everything written on the board's page `page` (its address): sent when the page comes up, on arrival, and when cleared. */
  boardMarks: z.object({ page: z.string(), marks: z.array(Mark) }),
  /** One more mark on the page `page`. */
  boardMark: z.object({ page: z.string(), mark: Mark }),
  /**
   * The self-study corner (shared/domain/study.ts), to the child at the desk only: studying since
   * when (epoch ms) with today's goal; or just stood up after `minutes`, and whether what they did
   * is recorded (if not, they may still say it: STUDY.recordWithinMinutes).
   */
  study: z.discriminatedUnion("state", [
    z.object({ state: z.literal("studying"), since: z.number(), goal: z.optional(GoalView) }),
    z.object({ state: z.literal("ended"), minutes: z.number(), recorded: z.boolean() }),
  ]),
  /** Staff only: their organisation's children at self-study desks, longest there first. */
  studying: z.object({ desks: z.array(Studying) }),
  /**
   * Table time (shared/domain/tables.ts), to everyone: whether the classroom is split into
   * tables, and which table each visiting staff member is at (their nickname), so the children at
   * a table know when the teacher is with them.
   */
  tables: z.object({ on: z.boolean(), visits: z.array(z.object({ table: z.int(), by: z.string() })) }),
  /** A table's board: to the children at that table and to staff. `by`: who put it up last ("" for nobody yet). */
  tableBoard: z.object({ table: z.int(), text: z.string(), by: z.string() }),
} as const;
