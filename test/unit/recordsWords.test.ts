import { describe, expect, it } from "vitest";
import { LoggedEvent, type LoggedEventType } from "../../shared/log/events.ts";
import { recordsWords } from "../../client/ui/recordsWords.ts";

/**
 * "What we record" (client/ui/recordsWords.ts) must stay true and whole: each kind of event the
 * session log keeps about a child is named by one of its lines (by the line's start, the same in
 * both languages' order), or is not about what a child does. A new kind of event fails here
 * until the child's explanation says it (a newcomer's trial found hands, questions, quick
 * checks and voice missing from it).
 */
const SAID_BY: Record<LoggedEventType, number | "not the child's doing"> = {
  entered: 1,
  left: 1,
  reconnected: 1,
  zone_changed: 1,
  position: 1,
  seated: 1,
  stood: 1,
  cushion: 1,
  table_joined: 1,
  status_changed: 2,
  emote: 2,
  help_requested: 2,
  hand: 3,
  question_asked: 3,
  poll_answered: 3,
  consent_answered: 3,
  table_board: 3,
  talk: 4,
  chat_sent: 5,
  self_study_started: 6,
  self_study_goal: 6,
  self_study_did: 6,
  self_study_ended: 6,
  self_study_site: 6,
  help_answered: "not the child's doing",
  staff_action: "not the child's doing",
  space_opened: "not the child's doing",
  space_closed: "not the child's doing",
  lesson_started: "not the child's doing",
  lesson_ended: "not the child's doing",
  board_page: "not the child's doing",
  look_here: "not the child's doing",
  poll_started: "not the child's doing",
  poll_closed: "not the child's doing",
  tables_started: "not the child's doing",
  tables_ended: "not the child's doing",
};

describe("what a child is told is recorded", () => {
  it("should account for every kind of event the log keeps", () => {
    const kinds = LoggedEvent.options.map((option) => option.shape.type.value).sort();
    expect(Object.keys(SAID_BY).sort()).toEqual(kinds);
  });

  it.each(["ja", "en"] as const)("should have in %s each line the events are said by", (lang) => {
    const lines = recordsWords(lang).what;
    for (const line of Object.values(SAID_BY)) if (typeof line === "number") expect(lines[line], `line ${line}`).toBeTruthy();
    expect(lines).toHaveLength(recordsWords(lang === "ja" ? "en" : "ja").what.length);
  });
});
