import { STAFF_LOOK } from "../../shared/domain/avatar.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import { JOIN_ERROR_TEXT, isJoinError } from "../i18n/codes.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import { Prefs } from "../prefs.ts";
import { SpaceShell } from "../space/shell.ts";
import type { LineAction } from "../ui/chat.ts";
import type { StaffCode } from "../i18n/codes.ts";
import type { StaffKey } from "./dictionary.ts";

/** The words of the notices and refusals only staff meet. */
const STAFF_WORDS: Record<StaffCode, StaffKey> = {
  pin_yes: "noticePinYes",
  booking_due: "noticeBookingDue",
  booking_absent: "noticeBookingAbsent",
  pin_no: "noticePinNo",
  exhibit_no: "noticeExhibitNo",
  no_such_deck: "errNoSuchDeck",
  no_such_page: "errNoSuchPage",
  page_full: "errPageFull",
  no_such_line: "errNoSuchLine",
};
import { api } from "../net/api.ts";
import { StaffMessages } from "../../shared/protocol/staffMessages.ts";
import { LessonMessages } from "../../shared/protocol/lessonMessages.ts";
import { PollEvents } from "../../shared/protocol/pollEvents.ts";
import { StaffEvents } from "../../shared/protocol/staffEvents.ts";
import { VoiceEvents, VoiceMessages } from "../../shared/protocol/voice.ts";
import { LoadingScreen } from "../ui/loading.ts";
import { consolePanel } from "./console/panel.ts";
import type { StaffMe, StaffHome } from "./home.ts";
import type { StaffTranslate } from "./i18n.ts";
import { loadSpaceModules } from "../space/modules.ts";
import { IN_SPACE_REFRESH_MS, forgetInSpace, markInSpace } from "./inSpace.ts";

export interface SpaceDoorDeps {
  root: HTMLElement;
  home: StaffHome;
  me: StaffMe;
  t: Translate;
  st: StaffTranslate;
  lang: Lang;
}

/**
 * Opening the space as a counsellor: load the heavy modules behind a progress bar, build the
 * shell with the console beside it, and join. A refused join goes back to the page with the
 * reason; the same shell is reused if they try again.
 */
export function spaceDoor(deps: SpaceDoorDeps): (plazaId?: string) => Promise<void> {
  const { root, home, me, t, st, lang } = deps;
  let shell: SpaceShell | null = null;

  return async (plazaId) => {
    home.busy(true, st("opening"));
    home.hideBody(true);
    const loading = new LoadingScreen(t);
    root.append(loading.element);
    let joining = false;
    try {
      if (!shell) {
        const modules = await loadSpaceModules(loading, t);
        // The staff bar above is the page's banner; the shell's own top bar is a named region.
        // Beside a child's written line: ask them whether it may go on the board.
        const pin: LineAction = { label: "📌", name: (line) => st("pinLine", { name: line.nickname }), offers: (line) => !line.staff && line.text !== undefined, act: (line) => shell?.net.send("pinAsk", { line: line.id }) };
        // Beside anyone else's line: take a hurtful one down, for everyone (asked first: it cannot be undone).
        const takeDown: LineAction = {
          label: "🗑",
          name: (line) => st("removeLine", { name: line.nickname }),
          offers: () => true,
          act: (line) => window.confirm(st("removeLineConfirm", { name: line.nickname, text: shell?.lineText(line) ?? "" })) && shell?.net.send("removeLine", { line: line.id }),
        };
        // Staff take any work off the exhibit wall.
        const removeExhibit = async (id: string) => void (await api("DELETE", `/staff/exhibits/${encodeURIComponent(id)}`));
        // A code not here is worded by the console part it belongs to (a quick check's): nothing from the shell.
        const staffWords = (code: StaffCode, about = "") => (Object.hasOwn(STAFF_WORDS, code) ? st(STAFF_WORDS[code], { about }) : "");
        shell = new SpaceShell({ t, lang, prefs: new Prefs(), modules, banner: false, lineActions: [pin, takeDown], removeExhibit, staffWords });
        // Staff send some of the lesson's messages too (wiping a table's board is a tableBoard), and voice's (their own talk and runVoice).
        shell.net.speak({ ...StaffMessages, ...LessonMessages, ...VoiceMessages });
        // The events a student's page hears only once it fetches the lesson (or its voice part), and staff's own.
        shell.net.hear({ ...PollEvents, ...StaffEvents, ...VoiceEvents });
        shell.addPanel(consolePanel(shell, t, st, lang));
        shell.skipLinks.add(t("skipToConsole"), "console-title");
        root.prepend(shell.skipLinks.element); // first on the page, before the staff bar
        root.append(shell.element);
      }
      joining = true;
      await shell.enter(plazaId ? plazaSpace(plazaId) : me.org, STAFF_LOOK);
      loading.remove();
      document.body.classList.add("in-space");
      markInSpace(plazaId);
      const refresh = window.setInterval(() => markInSpace(plazaId), IN_SPACE_REFRESH_MS);
      shell.net.on("disconnected", () => window.clearInterval(refresh));
    } catch (error) {
      forgetInSpace(); // refused, or not loaded: a reload shows the home and its reason
      console.error(error);
      loading.remove();
      home.busy(false, "");
      home.showError(joining ? joinErrorText(error, t) : t("loadingFailed"));
    }
  };
}

function joinErrorText(error: unknown, t: Translate): string {
  const message = error instanceof Error ? error.message : "";
  if (isJoinError(message)) return t(JOIN_ERROR_TEXT[message], { max: LIMITS.nicknameMaxChars });
  // Module loading failed, or the server could not be reached.
  return t("errConnect");
}
