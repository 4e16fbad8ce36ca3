/**
 * The lesson's page parts (its panel, its words), fetched the first time a lesson is on or the
 * door has one to tell: a lesson adds nothing to a first visit (issue 15). The space's modules
 * import these few lines with themselves (space/modules.ts): as a file of its own, fetched behind
 * the progress bar, it cost the first visit a request and 350 bytes of gzip for nothing.
 */
export const loadLesson = () => import("../ui/lessonPanel.ts");
/** A question staff ask a child (a knock, may the teacher show their answer): fetched when first asked. */
export const loadAsk = () => import("../ui/ask.ts");
/** The exhibit wall's panel: fetched when the space first has works on it. */
export const loadExhibitWall = () => import("../ui/exhibitWall.ts");
/** The self-study corner's panel: fetched the first time the child is in the quiet corner. */
export const loadStudy = () => import("../ui/studyPanel.ts");
/** The board's page full-screen ("look at the board"), with the teacher's writing: fetched when first opened. */
export const loadBoardViewer = () => import("../ui/boardViewer.ts");
/** An announcement's banner: fetched when the first comes (the line is in the chat at once). */
export const loadBanner = () => import("../ui/banner.ts");
