import "./style.css";
import { HTTP_ERROR_TEXT, JOIN_ERROR_TEXT, isJoinError } from "./i18n/codes.ts";
import { loadWords, pickLang, translator } from "./i18n/index.ts";
import { ApiError, api, enterWithCode, whoAmI } from "./net/api.ts";
import type { AvatarView } from "./net/connection.ts";
import { Prefs } from "./prefs.ts";
import { applyDisplay, systemReducedMotion } from "./ui/display.ts";
import { loadLookPreview, loadSpaceModules } from "./space/modules.ts";
import { loadLesson } from "./space/lessonLoader.ts";
import { type SpaceModules, SpaceShell } from "./space/shell.ts";
import { type JoinChoice, JoinScreen } from "./ui/join.ts";
import { PresenceBar } from "./ui/presenceBar.ts";
import { EmceePanel } from "./ui/emceePanel.ts";
import type { LessonPanel } from "./ui/lessonPanel.ts";
import type { LessonSummary } from "../shared/protocol/door.ts";
import { plazaLine, plazaLink, plazaWay, spaceHref } from "./ui/plazaLink.ts";
import { rubyNodes, zoneRuby } from "./ui/ruby.ts";
import { plazaSpace } from "../shared/domain/plaza.ts";
import { Tour } from "./ui/tour.ts";
import { rubyTranslator } from "./ui/ruby.ts";

/**
 * The student page's composition root: loading → the door (access code and look) → the space,
 * with the low-pressure presence bar and the knock dialog. No module holds globals.
 */
const lang = pickLang(location.search);
await loadWords(lang); // English is fetched; Japanese, the default, is already here
const t = translator(lang);
document.documentElement.lang = lang;
document.title = t("appName");

async function boot(root: HTMLElement) {
  const prefs = new Prefs();
  applyDisplay(prefs.display(systemReducedMotion()));

  // The door comes first (issue 17's first frame): three.js, the connection and the sounds load
  // behind it while the child types their code and chooses a look, and the space's parts are
  // built once they are here. Enter waits for them only if they are not, with a bar that moves.
  let ready: Promise<ReturnType<typeof openSpace>> | null = null;
  const space = () =>
    (ready ??= loadSpaceModules(join, t)
      .then(openSpace)
      .catch((error: unknown) => {
        ready = null; // Enter tries again: a link that dropped for a moment is not the end
        throw error;
      }));

  /** The space's page, hidden until the child enters: its panels, and what the server may ask of the child. */
  function openSpace(modules: SpaceModules) {
    const showTour = () => new Tour(t, () => shell.focusView()).open(shell.stage);
    const shell = new SpaceShell({ t, lang, prefs, modules, tour: showTour, endPanel: true, onReport: (target, line) => shell.net.send("report", line ? { target, line } : { target }) });
    const presence = new PresenceBar(t, lang, {
      status: (status) => shell.net.send("status", { status }),
      emote: (emote) => shell.net.send("emote", { emote }),
      lowerHand: () => shell.net.send("hand", { raised: false }),
      phrase: (phrase) => shell.net.send("chat", { channel: "space", phrase }),
      help: () => shell.net.send("help", {}),
      askToTalk: () => shell.net.send("askToTalk", {}),
    });
    shell.addPanel(presence.help, "pinned");
    shell.addPanel(presence.element, "firstWhenNarrow");
    const emcee = new EmceePanel(t, (text) => shell.net.send("announce", { text }));
    shell.addPanel(emcee.element);
    // The lesson's panel is built the first time a lesson is on (its code is fetched then); it
    // follows where I am itself. My hand's place, and table time, come to it however early.
    let lesson: Promise<LessonPanel> | null = null;
    let place = 0;
    const lessonPanel = () =>
      (lesson ??= modules.loadLesson().then(({ LessonPanel }) => {
        const panel = new LessonPanel(t, lang, { net: shell.net, names: shell.names, channels: shell.chat.channels, notify: (text, ms) => shell.notices.show(text, "info", ms) });
        panel.place(place);
        shell.addPanel(panel.element);
        return panel;
      }));
    const withLesson = (act: (panel: LessonPanel) => void) => void lesson?.then(act);
    shell.net.on("lesson", (on) => {
      if (on) void lessonPanel();
      withLesson((panel) => panel.show(on));
    });
    shell.net.on("handPlace", (p) => {
      place = p;
      withLesson((panel) => panel.place(p));
    });
    shell.net.on("answer", (answer) => withLesson((panel) => panel.answered(answer)));
    shell.net.on("tables", (tables) => void lessonPanel().then((panel) => panel.tables.tables(tables)));
    shell.net.on("tableBoard", (board) => void lessonPanel().then((panel) => panel.tables.board(board)));
    // What we record about you, and the sign that staff are looking after the space (issue 19):
    // fetched once I am in, or when the sign first shows.
    let records: Promise<(on: boolean) => void> | undefined;
    const recordsPage = () => (records ??= import("./ui/records.ts").then((m) => m.recordsInSpace({ shell, lang, api, ruby: rubyNodes })));
    shell.net.on("staffLooking", (on) => void recordsPage().then((show) => show(on)));
    // The self-study corner's panel, fetched the first time I am in the quiet corner; it follows me from then on.
    let study: unknown;
    const mine = (a: AvatarView, isMe: boolean) => {
      if (!isMe) return;
      if (a.zone === "quiet") study ??= modules.loadStudy().then((m) => m.openStudyCorner({ shell, lang, api, rubyNodes }));
      presence.show(a.status, a.hand);
      emcee.show(a.emcee);
    };
    shell.net.on("avatarAdded", mine);
    shell.net.on("avatarChanged", mine);
    // May my answer go on the board, may my work be shown? Asked privately; every answer is fine.
    shell.net.on("consentAsk", (ask) =>
      void modules.loadAsk().then(({ askConsent }) =>
        askConsent(ask, lang, (choice) => {
          if (ask.kind === "pin" && choice !== "no") shell.pinnedMine(ask.text);
          shell.net.send("consentReply", { id: ask.id, choice });
        }),
      ),
    );
    shell.net.on("knock", (by, booked) => {
      shell.sounds.play("knock");
      // A counsellor's knock, or the time of the child's booking: either answer is fine.
      void modules.loadAsk().then(({ askChild }) =>
        askChild({
          id: "knock",
          title: `🚪 ${t("knockTitle")}`,
          text: rubyTranslator(lang)(booked ? "knockBookedText" : "knockText", { name: by }),
          choices: [
            { value: "yes", label: t("knockAccept"), primary: true },
            { value: "no", label: t("knockDecline") },
          ],
          dismiss: "no",
          answer: (choice) => shell.net.send("knockReply", { accept: choice === "yes" }),
        }),
      );
    });
    // The scene's models are fetched and the world is made while the child is at the door (a
    // device without WebGL fails here, before the page holds a shell; Enter tries again).
    shell.prepare();
    root.append(shell.element);
    return { shell, showTour, recordsPage };
  }

  /** The door's line for a lesson on now, once its words are fetched ("" for none). */
  const doorLesson = (on: LessonSummary | null) => {
    if (!on) return join.showLesson("");
    void loadLesson().then(({ lessonLine, lessonWords }) => {
      const w = lessonWords(lang);
      join.showLesson(w("lessonOnDoor", { lesson: lessonLine(w, t("listSeparator"), on) }));
    });
  };

  // The timetable (issue 18), with its code and words, once the door knows whose it is: on the
  // door, when Hidamari opens next; in the space, what is on now and next (client/ui/doorPlan.ts).
  const timetable = () => import("./ui/doorPlan.ts").then((m) => m.planOnDoor(join, lang, { nodes: rubyNodes, zone: zoneRuby }));
  // /?plaza=<event>: the way from one's floor to the shared plaza (plazaLink.ts).
  const params = new URLSearchParams(location.search);
  let wanted = params.get("plaza");
  const join = new JoinScreen(t, lang, prefs, async ({ code, look }: JoinChoice) => {
    join.busy(true);
    preview?.rest();
    try {
      // The space's code may still be on its way: asked for now, so it loads beside the sign-in.
      const opened = space();
      opened.catch(() => {}); // awaited below, once signed in; a wrong code is the news first
      const me = code ? await enterWithCode(code) : await whoAmI();
      if (code) prefs.accessCode = code;
      if (me.kind !== "student") throw new ApiError("not_allowed", 403);
      join.showOpen(me.open);
      doorLesson(me.lesson);
      join.showPlaza(plazaLine(t, lang, me.plaza), plazaWay(t, lang, me.plaza));
      const plan = timetable();
      // An event that has ended meanwhile leads back to one's own floor.
      const plazaId = wanted !== null && me.plaza?.id === wanted ? wanted : null;
      const { shell, showTour, recordsPage } = await opened;
      await shell.enter(plazaId ? plazaSpace(plazaId) : me.org, look);
      if (me.plaza) shell.addPanel(plazaLink(t, lang, me.plaza, plazaId !== null));
      void plan.then((inSpace) => inSpace(shell), () => {});
      void recordsPage();
      join.remove();
      preview?.dispose();
      // The first time only: a short guide that says it is fine to just be here.
      if (!prefs.toured) {
        prefs.toured = true;
        showTour();
      }
      // The daily check-in (issue 19): its card is fetched now, and asks whether it is offered here.
      void import("./ui/checkIn.ts").then((m) => m.offerCheckIn({ shell, lang, api, rubyNodes }), () => {});
    } catch (error) {
      if (error instanceof ApiError && error.code === "bad_code") prefs.accessCode = undefined; // don't offer a wrong code again
      // The plaza would not have them (no staff there yet, the event over): the next try is their own floor.
      if (wanted) {
        wanted = null;
        history.replaceState(null, "", spaceHref(lang, null));
      }
      const key = errorKey(error);
      // Closed is said once, calmly: its sentence (which also says when it opens) takes the open-state's line, not the red alert.
      // So is "not again today": staff sent the child home for the day, it is not a mistake of theirs to put right.
      if (key === "errSpaceClosed" || key === "errRemovedToday") join.showClosed(t(key));
      else join.showError(t(key));
      join.busy(false);
      showPreview();
    }
  });
  root.append(join.element);
  space().catch((error: unknown) => console.error(error)); // said on the door if Enter finds it still failing
  // The chosen character, turning on the door (its code comes with the scene's, loading meanwhile).
  let preview: { dispose(): void; rest(): void } | null = null;
  let previewCode: typeof import("./scene/lookPreview.ts") | null = null;
  /**
   * A child who tapped Enter before the character came (a card's QR code, tapped as the door
   * shows) is on their way in: the space's first frame needs the page's thread more than a second
   * WebGL context turning a character they will not look at (0.2–0.3 s on the LTE profile,
   * docs/benchmarks.md). It shows if they stay at the door: a code that did not work.
   */
  function showPreview() {
    if (!previewCode || preview || join.isBusy || !join.element.isConnected) return;
    const shown = (preview = new previewCode.LookPreview(prefs.reducedMotion(matchMedia("(prefers-reduced-motion: reduce)").matches)));
    join.onLook((host, look) => {
      if (shown.canvas.parentElement !== host) host.append(shown.canvas);
      shown.show(look);
    });
  }
  void loadLookPreview().then((code) => {
    previewCode = code;
    showPreview();
  });
  // A card's QR code opens /?code=…: take the code, then drop it from the address bar.
  const fromCard = params.get("code");
  if (fromCard) {
    join.prefill(fromCard);
    params.delete("code");
    history.replaceState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
  }
  // The school's account (issue 18): ?school=<org> offers it; ?signin= says how it went.
  const problem = params.get("signin");
  join.schoolSignIn(params.get("school"), problem === "done");
  if (problem && problem !== "done") join.showError(t(problem === "unknown_account" ? "schoolUnknown" : "schoolFailed"));
  join.focus();
  // Someone who entered today already: say at once whether the space is open. Only a browser
  // that has entered before can have a session, so a first visit asks nothing (and logs no 401).
  if (prefs.accessCode)
    whoAmI()
      .then((me) => {
        if (me.kind !== "student") return;
        join.showOpen(me.open);
        doorLesson(me.lesson);
        join.showPlaza(plazaLine(t, lang, me.plaza), plazaWay(t, lang, me.plaza));
        timetable().catch(() => {});
      })
      .catch(() => {});
  // Going between one's floor and the plaza asks nothing again: the door holds the code and look.
  if (wanted && prefs.accessCode) join.submit();
}

function errorKey(error: unknown) {
  if (error instanceof ApiError) return HTTP_ERROR_TEXT[error.code] ?? "errConnect";
  const message = error instanceof Error ? error.message : "";
  return isJoinError(message) ? JOIN_ERROR_TEXT[message] : "errConnect";
}

const root = document.getElementById("app");
if (root) void boot(root);
