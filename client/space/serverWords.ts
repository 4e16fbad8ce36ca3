import { LIMITS } from "../../shared/domain/limits.ts";
import { type ErrorCode, LESSON_ERROR_CODES, LESSON_NOTICES, type LessonErrorCode, type LessonNoticeCode, type NoticeCode } from "../../shared/protocol/events.ts";
import { ERROR_TEXT, NOTICE_TEXT, type StaffCode } from "../i18n/codes.ts";
import type { Lang, MessageKey } from "../i18n/index.ts";
import type { Connection } from "../net/connection.ts";
import type { Notices } from "../ui/notices.ts";
import { rubyNodes, rubyTranslator } from "../ui/ruby.ts";

/** Where the space's refusals and notices are said, and what else they touch. */
export interface Saying {
  lang: Lang;
  notices: Notices;
  /** The lesson's words, fetched the first time a lesson's own code comes (space/lessonLoader.ts). */
  loadLesson: () => Promise<{ lessonSays: typeof import("../ui/lessonPanel.ts")["lessonSays"] }>;
  /** My chat line was refused: it keeps its place in the box (the notice says why). */
  chatRefused(): void;
  /** "Look at the board": the board's line is lit. */
  lookHere(): void;
  /** Staff: the words of the notices and refusals only staff meet. */
  staffWords?: (code: StaffCode, about?: string) => string;
}

/**
 * What the server says to this page, in the page's words: the page's dictionary first; else a
 * lesson's own code, worded by its words (fetched the first time one comes: lessonSays); else a
 * staff-only one, worded by the staff page; else nothing here (a quick check's or the self-study
 * corner's: their own panels word those).
 */
export function sayWhatTheServerSays(net: Connection, s: Saying): void {
  const rt = rubyTranslator(s.lang);
  const say = (key: MessageKey | undefined, code: ErrorCode | NoticeCode, params: Record<string, string>, kind: "info" | "error", ms?: number) => {
    if (key) s.notices.show(rt(key, params), kind, ms);
    else if (isLessonCode(code)) void s.loadLesson().then(({ lessonSays }) => s.notices.show(rubyNodes(lessonSays(s.lang, code), params), kind, ms));
    else {
      const text = s.staffWords?.(code as StaffCode, params.about);
      if (text) s.notices.show(text, kind, ms);
    }
  };
  net.on("serverError", (error) => {
    if (error.about === "placed") return; // the server moved me (a knock accepted): not an error
    if (error.about === "chat") s.chatRefused(); // my line keeps its place in the box; the notice below says why
    // "Chat is resting now", "a little slower": the way things are for a while, said calmly, not a fault in red.
    const kind = CALM_REFUSALS.has(error.code) ? "info" : "error";
    say(Object.hasOwn(ERROR_TEXT, error.code) ? ERROR_TEXT[error.code as keyof typeof ERROR_TEXT] : undefined, error.code, { max: String(LIMITS.chatMaxChars) }, kind);
  });
  net.on("notice", (notice) => {
    say(Object.hasOwn(NOTICE_TEXT, notice.code) ? NOTICE_TEXT[notice.code as keyof typeof NOTICE_TEXT] : undefined, notice.code, { by: notice.by ?? "", about: notice.about ?? "" }, "info", 8000);
    if (notice.code === "look_here") s.lookHere();
  });
}

/** Refusals that describe a while, not a mistake: shown as a plain notice. */
const CALM_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["muted", "rate_limited"]);

const LESSON_CODES: ReadonlySet<string> = new Set([...LESSON_ERROR_CODES, ...LESSON_NOTICES]);
function isLessonCode(code: string): code is LessonErrorCode | LessonNoticeCode {
  return LESSON_CODES.has(code);
}
