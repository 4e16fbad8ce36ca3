import type { Lang, Translate } from "../../i18n/index.ts";
import type { SpaceShell } from "../../space/shell.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";
import { SpaceControls } from "./controls.ts";
import { PeopleList } from "./people.ts";
import { HelpQueueList } from "./queue.ts";
import { CallsCard } from "./calls.ts";
import { LessonConsole } from "./lesson.ts";
import { DeckConsole } from "./deck.ts";
import { ExhibitConsole } from "./exhibit.ts";
import { PollConsole } from "./poll.ts";
import { StudyConsole } from "./study.ts";
import { TablesConsole } from "./tables.ts";
import { VoiceConsole } from "./voice.ts";
import { BookingsConsole } from "./bookings.ts";
import { checkInsConsole } from "./checkIns.ts";
import { voiceWords as voiceWordsFor } from "./voiceWords.ts";
import { forgetInSpace } from "../inSpace.ts";
import { CLOSE_CODES } from "../../../shared/protocol/events.ts";

/** How often "time present", mutes and quiet-corner flags are recomputed. */
const REFRESH_MS = 30_000;

/**
 * The counsellor's console beside the 3D view: the help queue, everyone present with what can
 * be done for them, and the space's controls. Everything shown comes from shell.net events.
 */
export function consolePanel(shell: SpaceShell, t: Translate, st: StaffTranslate, lang: Lang): HTMLElement {
  const net = shell.net;
  const ask = (question: string) => window.confirm(question);
  /** Children this page knocked for, by name (as the answer names them): a booking's knock, sent by the server, is not mine to walk to. */
  const invited = new Set<string>();
  let closing = false;

  const people = new PeopleList(t, st, lang, {
    greet: (target) => net.send("greet", { target }),
    invite: (target) => {
      const name = shell.names.get(target)?.nickname;
      if (name !== undefined && net.send("invite", { target })) invited.add(name);
    },
    lookAt: (target) => net.send("lookingAt", { target: target ?? "" }),
    mute: (target, minutes) => net.send("mute", { target, minutes }),
    emcee: (target, on) => net.send("emcee", { target, on }),
    remove: (target, name) => ask(st("removeConfirm", { name })) && net.send("remove", { target }),
    block: (target, name) => ask(st("blockConfirm", { name })) && net.send("block", { target }),
  });
  const queue = new HelpQueueList(st, lang, (id) => net.send("answerHelp", { id }), (id) => net.send("readReport", { id }));
  // Calls waiting for an answer stay over the 3D view, and counted in the tab's title, until answered.
  const calls = new CallsCard(st, lang, {
    answer: (id) => net.send("answerHelp", { id }),
    show: (id) => queue.show(id),
    present: (from) => shell.names.has(from),
    goTo: (from) => {
      if (!shell.names.has(from)) return false;
      shell.follow(from);
      return true;
    },
    focusAway: () => shell.focusView(),
  });
  shell.stage.append(calls.element);
  const controls = new SpaceControls(st, {
    announce: (text, classroom) => net.send("announce", classroom ? { text, zone: "classroom" } : { text }),
    lockCounselling: (locked) => net.send("lockCounselling", { locked }),
    welcomeSession: (on) => net.send("welcomeSession", { on }),
    closeSpace: () => {
      if (!ask(st("closeConfirm"))) return;
      closing = true;
      forgetInSpace();
      net.send("closeSpace", {});
    },
  });

  const voice = new VoiceConsole(lang, {
    mute: (target, muted) => net.send("voiceMute", { target, muted }),
    endSpot: (spot) => net.send("spotEnd", { spot }),
    lockSpot: (spot, locked) => net.send("spotLock", { spot, locked }),
    // "Speak to the class by voice" is to speak: the voice part (client/voice/voice.ts,
    // LESSON_SPEAK_EVENT) opens my microphone once the lesson's talk lets me.
    lessonVoice: (on) => {
      if (on) document.dispatchEvent(new CustomEvent("hidamari-lesson-speak"));
      net.send("lessonVoice", { on });
    },
    // Heard by the voice part (client/voice/screenShare.ts), which opens the picker; nothing hears it with voice off.
    share: (on) => {
      const heard = !document.dispatchEvent(new CustomEvent("hidamari-screen-share", { detail: on, cancelable: true }));
      if (!heard && on) shell.notices.show(voiceWordsFor(lang)("screenShareNoVoice"), "error", 8000);
      if (!heard && !on) net.send("screenShare", { on: false });
    },
    endTurn: () => net.send("endTurn", {}),
    offer: (target) => net.send("voiceOffer", { target }),
    notify: (text, kind) => shell.notices.show(text, kind, kind === "error" ? 8000 : 10_000),
  });
  net.on("voiceGroups", (groups) => voice.groups(groups));
  net.on("talk", (talk) => voice.screen(talk.screen));
  net.on("voiceAnswer", (answer) => voice.answer(answer));
  net.on("talkRefused", (refusal) => voice.refused(refusal));

  const lesson = new LessonConsole(t, st, lang, {
    start: (l) => net.send("startLesson", l),
    end: () => net.send("endLesson", {}),
    confirm: ask,
    pin: (question) => net.send("pinAsk", { question }),
    nextHand: () => net.send("nextHand", {}),
    lowerHands: () => net.send("lowerHands", {}),
    answer: (question, text, toClass) => net.send("answer", { question, text, toClass }),
  });

  const tables = new TablesConsole(
    t,
    st,
    {
      start: () => net.send("startTables", {}),
      end: () => net.send("endTables", {}),
      visit: (table) => net.send("visitTable", { table }),
      say: (text) => net.send("chat", { channel: "table", text }),
      sayToAll: (text) => net.send("speakToTables", { text }),
      clearBoard: () => net.send("tableBoard", { text: "" }),
      confirm: ask,
    },
    (line) => shell.lineText(line),
  );
  net.on("tables", (on) => tables.tables(on));
  net.on("tableBoard", (board) => tables.board(board));
  net.on("chat", (line) => tables.line(line));
  net.on("history", (lines) => lines.forEach((line) => tables.line(line)));

  const deck = new DeckConsole(st, {
    show: (id) => net.send("showDeck", { deck: id }),
    turn: (page) => net.send("turnPage", { page }),
    hide: () => net.send("hideDeck", {}),
    lookHere: () => net.send("lookHere", {}),
    mark: (mark) => net.send("mark", mark),
    clear: () => net.send("clearMarks", {}),
    unpin: () => net.send("unpin", {}),
  });
  net.on("board", (board) => deck.board(board));
  net.on("boardMarks", (page, marks) => {
    deck.marks.set(page, marks);
    deck.marksChanged();
  });
  net.on("boardMark", (page, mark) => {
    deck.marks.add(page, mark);
    deck.marksChanged();
  });

  const exhibit = new ExhibitConsole(st, (target, title) => net.send("exhibitAsk", { target, title }));
  net.on("exhibitGrant", (grant) => void exhibit.granted(grant));

  const polls = new PollConsole(st, {
    start: (poll) => void net.send("startPoll", poll),
    close: (poll) => net.send("closePoll", { poll }),
  });
  const study = new StudyConsole(st, lang);
  net.on("studying", (desks) => study.desks(desks));
  const bookings = new BookingsConsole(st);
  void bookings.load();

  const ended = h("p", { class: "console-ended" });
  const back = h("button", { type: "button", class: "primary" }, st("backToStaffPage"));
  back.addEventListener("click", () => {
    forgetInSpace(); // back to the staff page on purpose: a reload now shows it, not the space
    location.reload();
  });
  const endedBox = h("div", { class: "console-ended-box", role: "status", hidden: true }, ended, back);

  const element = h(
    "section",
    { class: "panel console", "aria-labelledby": "console-title" },
    h("h2", { id: "console-title" }, st("console")),
    endedBox,
    queue.element,
    bookings.element,
    people.element,
    lesson.element,
    voice.element,
    tables.element,
    study.element,
    checkInsConsole(st, lang),
    deck.element,
    exhibit.element,
    polls.element,
    controls.element,
  );

  net.on("avatarAdded", (avatar, isMe) => {
    people.upsert(avatar, isMe);
    lesson.person(avatar, isMe);
    voice.person(avatar, isMe);
    exhibit.person(avatar, isMe);
    study.person(avatar);
    tables.person(avatar);
  });
  // A hand going up is the one change a counsellor must not miss while looking elsewhere.
  const hands = new Set<string>();
  net.on("avatarChanged", (avatar, isMe) => {
    people.upsert(avatar, isMe);
    lesson.person(avatar, isMe);
    voice.person(avatar, isMe);
    study.person(avatar);
    tables.person(avatar);
    // Heard (when sound is on) and seen over the 3D view, told to a screen reader: the console's
    // list of hands may be scrolled far out of sight.
    if (avatar.hand && !hands.has(avatar.id) && !isMe) {
      shell.sounds.play("hand");
      shell.notices.show(st("handUpNotice", { name: avatar.nickname }), "info", 8000);
    }
    if (avatar.hand) hands.add(avatar.id);
    else hands.delete(avatar.id);
  });
  net.on("avatarRemoved", (id) => {
    people.remove(id);
    lesson.gone(id);
    voice.gone(id);
    exhibit.gone(id);
    study.gone(id);
    tables.gone(id);
  });
  net.on("lesson", (on) => {
    lesson.show(on);
    voice.lesson(on);
    polls.lesson(on !== null);
    tables.lesson(on !== null);
  });
  net.on("poll", (poll) => polls.poll(poll));
  net.on("pollTally", (tally) => polls.tally(tally));
  net.on("childDetails", (details) => people.showDetails(details));
  net.on("serverError", (error) => {
    if (error.about === "startPoll" || error.about === "closePoll") polls.refused(error.code);
  });
  net.on("hands", (order) => {
    lesson.hands(order);
  });
  net.on("question", (question) => {
    const asked = lesson.question(question);
    if (asked === null) return;
    shell.sounds.play("help");
    shell.notices.show(st("questionNotice", { name: question.nickname, text: asked }), "info", 10_000);
  });
  net.on("counsellingLocked", (locked) => controls.showLocked(locked));
  net.on("welcomeSession", (on) => controls.showWelcome(on));
  net.on("queue", (items) => {
    calls.update(items);
    for (const item of queue.update(items)) {
      shell.sounds.play(item.kind === "talk" ? "knock" : "help");
      shell.notices.show(`🔔 ${queue.describe(item)}`, "info", 10_000);
    }
  });
  net.on("notice", (notice) => {
    if (notice.code === "space_closing") {
      closing = true;
      forgetInSpace(); // closed: a reload must not open it again
    }
    if (notice.code === "booking_due" || notice.code === "booking_absent") void bookings.load();
    // The child came in at my knock: I go to meet them (they waited alone in the room before).
    const mine = (notice.code === "knock_accepted" || notice.code === "knock_declined") && invited.delete(notice.about ?? "");
    if (mine && notice.code === "knock_accepted" && shell.zone !== "counselling") void shell.goToZone("counselling");
  });
  net.on("disconnected", (code) => {
    window.clearInterval(timer);
    calls.update([]); // no one can answer from here now: the card and the title's count go
    for (const control of element.querySelectorAll<HTMLButtonElement | HTMLInputElement>("button, input")) control.disabled = control !== back;
    // Came into the space from another tab or device: that page is where they are now. A reload
    // here must not take the seat back (the two would put each other out in turn).
    const replaced = code === CLOSE_CODES.replaced;
    if (replaced) forgetInSpace();
    setText(ended, closing ? st("spaceClosed") : replaced ? st("consoleReplaced") : t("disconnected"));
    endedBox.hidden = false;
    back.focus();
  });
  const timer = window.setInterval(() => {
    people.refresh();
    study.refresh();
    void bookings.load();
  }, REFRESH_MS);

  return element;
}
