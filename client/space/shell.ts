import { QUICK_PHRASES } from "../../shared/domain/presence.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import type { Point } from "../../shared/domain/geometry.ts";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import { CLOSE_CODES, type ChatLine } from "../../shared/protocol/events.ts";
import type { AvatarLook } from "../../shared/protocol/messages.ts";
import type { SoundCues } from "../audio/cues.ts";
import { EMOTE_SYMBOL, STATUS_TEXT, type StaffCode } from "../i18n/codes.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import type { AvatarView, Connection } from "../net/connection.ts";
import { routeToZone } from "../input/routes.ts";
import type { Prefs } from "../prefs.ts";
import type { SpaceView } from "../scene/SpaceView.ts";
import { BoardPanel } from "../ui/board.ts";
import { ChatPanel, type LineAction } from "../ui/chat.ts";
import { h } from "../ui/dom.ts";
import { endedPanel } from "../ui/ended.ts";
import { GoToPanel } from "../ui/goTo.ts";
import { rubyNodes, rubyTranslator, zoneSentence } from "../ui/ruby.ts";
import { SceneMirror } from "../ui/mirror.ts";
import { NearbyLine } from "../ui/nearby.ts";
import { Notices } from "../ui/notices.ts";
import { SkipLinks } from "../ui/skipLinks.ts";
import { Toolbar } from "../ui/toolbar.ts";
import { UnreadPill } from "../ui/unread.ts";
import { SpaceAccess } from "./access.ts";
import { type FollowEnd, Follower } from "./follower.ts";
import { CounsellingDoor } from "./counsellingDoor.ts";
import { loadBanner } from "./lessonLoader.ts";
import { OwnSessions } from "./ownSessions.ts";
import { sayWhatTheServerSays } from "./serverWords.ts";
import { RouteWalker } from "./walker.ts";

/** The width at which the side column goes under the 3D view (client/style.css). */
const NARROW = "(max-width: 820px)";

/** The modules loaded behind the progress bar (three.js, the SDK, howler). */
export interface SpaceModules {
  SpaceView: typeof SpaceView;
  Connection: typeof Connection;
  SoundCues: typeof SoundCues;
  /** The lesson's panel and words, on demand (space/lessonLoader.ts). */
  loadLesson: () => Promise<typeof import("../ui/lessonPanel.ts")>;
  loadBoardViewer: () => Promise<typeof import("../ui/boardViewer.ts")>;
  loadAsk: () => Promise<typeof import("../ui/ask.ts")>;
  loadExhibitWall: () => Promise<typeof import("../ui/exhibitWall.ts")>;
  /** The self-study corner's panel, on demand (students). */
  loadStudy: () => Promise<typeof import("../ui/studyPanel.ts")>;
}

export interface ShellOptions {
  t: Translate;
  lang: Lang;
  prefs: Prefs;
  modules: SpaceModules;
  /** Report a person or a line (students); staff pages leave it out. */
  onReport?: (target: string, line?: string) => void;
  /** Staff: the words of the notices and refusals only staff meet (StaffCode). */
  staffWords?: (code: StaffCode, about?: string) => string;
  /** Staff take any work off the exhibit wall; without this, a child may take down their own. */
  removeExhibit?: (id: string) => Promise<void>;
  /** Staff: what the buttons beside a child's chat line do (pin it to the board, take it down); children get "report" there. */
  lineActions?: LineAction[];
  /** The page has its own banner (the staff bar): the shell's top bar is then a named region. */
  banner?: boolean;
  /** Shows the first-visit guide again (students). */
  tour?: () => void;
  /**
   * Students: when the space lets the page go for good, the space gives way to a panel saying
   * why, with the way back to the door (client/ui/ended.ts). Staff pages say it in their console.
   */
  endPanel?: boolean;
}

/**
 * The space as both students and staff see it: the 3D view, where-am-I and who-is-here, chat,
 * notices and sound. Each page adds its own panels with addPanel() (presence bar, console).
 */
export class SpaceShell {
  readonly element: HTMLElement;
  readonly net: Connection;
  readonly notices = new Notices();
  readonly sounds: SoundCues;
  readonly mirror: SceneMirror;
  readonly chat: ChatPanel;
  readonly goTo: GoToPanel;
  readonly skipLinks = new SkipLinks();
  readonly access: SpaceAccess;
  readonly #side: HTMLElement;
  /** The top of the side column, held in sight however far it scrolls: 「たすけて」. */
  readonly #pinned: HTMLElement;
  readonly #canvas: HTMLCanvasElement;
  /** The 3D view's area (the page's main landmark): cards like the tour go over it. */
  readonly stage: HTMLElement;
  readonly #options: ShellOptions;
  #view: SpaceView | null = null;
  #walker: RouteWalker | null = null;
  #follower: Follower | null = null;
  /** The sessions this tab has been in the space as (ownSessions.ts). */
  readonly #own = new OwnSessions();
  /** The "go to" walk on its way, and the zone it is heading for. */
  #goingTo: { zone: ZoneId } | null = null;
  /** The zone the server says I am in. */
  #zone: ZoneId | null = null;
  readonly #counsellingDoor = new CounsellingDoor();
  /** Whom I follow, by name: once they have left, the names no longer hold them. */
  #followName = "";
  readonly #nearby: NearbyLine;
  /** "New messages" while the chat is scrolled out of sight. */
  readonly #unread: UnreadPill;
  /** The board's line (the voice part shows a shared screen there too). */
  readonly board: BoardPanel;

  /** I agreed to show this answer of mine on the board: I may take it down again. */
  pinnedMine(text: string): void {
    this.board.pinnedMine(text);
  }
  #nearbyTimer = 0;
  /** Who is who, for announcements and bubbles. */
  readonly names = new Map<string, AvatarView>();
  /** Who is speaking in my voice talk now (the voice part keeps it): their name tag says so. */
  readonly speaking = new Set<string>();

  constructor(options: ShellOptions) {
    const { t, lang, prefs, modules } = options;
    this.#options = options;
    this.net = new modules.Connection(serverEndpoint());
    this.sounds = new modules.SoundCues(prefs.soundSettings);
    this.mirror = new SceneMirror(t, lang, options.onReport ? (id) => options.onReport?.(id) : undefined, (id) => this.follow(id));
    const report = options.onReport;
    const reportLine: LineAction | undefined = report && { label: t("report"), name: (line) => t("reportLine", { name: line.nickname }), offers: (line) => !line.staff, act: (line) => report(line.from, line.id) };
    this.chat = new ChatPanel(t, lang, (line) => this.lineText(line), (channel, text) => this.net.send("chat", { channel, text }), options.lineActions ?? (reportLine ? [reportLine] : []));
    this.#canvas = h("canvas", { id: "space-view", class: "stage", role: "img", "aria-label": t("canvasLabel"), tabindex: 0 });
    this.stage = h("main", { class: "stage-wrap" }, this.#canvas, this.notices.element);
    this.#nearby = new NearbyLine(t);
    this.goTo = new GoToPanel(t, lang, (zone) => void this.goToZone(zone));
    this.access = new SpaceAccess({
      t,
      lang,
      prefs,
      canvas: this.#canvas,
      stage: this.stage,
      focusChat: () => this.chat.focusInput(),
      focusHelp: () => this.element.querySelector<HTMLElement>(".help-button")?.focus(),
      focusGoTo: () => this.goTo.focus(),
      stopRoute: () => {
        if (this.#follower?.following) this.follow(null);
        else this.#walker?.cancel();
      },
      changeSound: (change) => {
        prefs.setSound(change);
        this.sounds.update(change);
      },
      ...(options.tour ? { tour: options.tour } : {}),
    });
    const toolbar = new Toolbar(
      t,
      prefs.soundSettings.on,
      (on) => {
        prefs.setSound({ on });
        this.sounds.update({ on });
      },
      t("moveHelp"),
      [this.access.settingsButton, this.access.shortcutsButton],
      options.banner ?? true,
    );
    this.skipLinks.add(t("skipToChat"), "chat-input");
    this.skipLinks.add(t("skipToSpace"), "space-view");
    const board = (this.board = new BoardPanel(t, lang, modules.loadBoardViewer, () => this.net.send("unpin", {})));
    this.net.on("board", (shown) => board.set(shown));
    // The exhibit wall: its panel is fetched when the space first has works on it.
    let wall: Promise<import("../ui/exhibitWall.ts").ExhibitWall> | null = null;
    this.net.on("exhibits", (items) => {
      wall ??= modules.loadExhibitWall().then(({ exhibitWall }) => {
        const panel = exhibitWall(t, lang, options.removeExhibit);
        this.addPanel(panel.element);
        return panel;
      });
      void wall.then((panel) => panel.update(items));
    });
    this.net.on("boardMarks", (page, marks) => {
      board.marks.set(page, marks);
      board.marksChanged();
    });
    this.net.on("boardMark", (page, mark) => {
      board.marks.add(page, mark);
      board.marksChanged();
    });
    this.mirror.element.append(board.element);
    this.mirror.addAfterWhere(this.goTo.element);
    this.mirror.addAfterWhere(this.#nearby.element);
    this.#pinned = h("div", { class: "side-pinned" });
    this.#side = h("aside", { class: "side" }, this.#pinned, this.mirror.element, this.chat.element);
    this.#unread = new UnreadPill(t, this.#side, this.chat.element, this.chat.log);
    this.#side.append(this.#unread.element);
    this.element = h("div", { class: "space", hidden: true }, this.skipLinks.element, toolbar.element, this.stage, this.#side);
    this.#wire();
  }

  /**
   * Adds a panel to the side column: above the chat, or at its top (what is on now, say), or
   * pinned above everything and kept in sight while the column scrolls (「たすけて」: with larger
   * text on a tablet the column is taller than the screen, and help must never be below the fold).
   */
  addPanel(panel: HTMLElement, where: "pinned" | "top" | "aboveChat" | "firstWhenNarrow" = "aboveChat"): void {
    if (where === "pinned") {
      this.#pinned.append(panel);
    } else if (where === "firstWhenNarrow") {
      // Where the column is a short strip under the view (a phone, an upright tablet), this panel
      // (statuses, reactions) comes first in it, under 「たすけて」: moved in the page, so reading
      // and focus follow what is seen.
      const narrow = window.matchMedia(NARROW);
      const place = () => (narrow.matches ? this.#pinned.after(panel) : this.#side.insertBefore(panel, this.chat.element));
      narrow.addEventListener("change", place);
      place();
    } else this.#side.insertBefore(panel, where === "top" ? this.mirror.element : this.chat.element);
  }

  /** The zone the server says I am in (null before I am in the space). */
  get zone(): ZoneId | null {
    return this.#zone;
  }

  /** The 3D view, once entered (the voice part marks its talk spots on it). */
  get view(): SpaceView | null {
    return this.#view;
  }

  /** Back to the 3D view (keyboard focus on the canvas). */
  focusView(): void {
    this.#canvas.focus();
  }

  /** Walks a list of waypoints one after another; true on arrival, false if stopped or steered away. */
  walkRoute(points: readonly Point[]): Promise<boolean> {
    return this.#walker?.walk(points) ?? Promise.resolve(false);
  }

  /** Walks after a person (null stops), saying so; see Follower. */
  follow(id: string | null): void {
    const { t } = this.#options;
    const follower = this.#follower;
    if (!follower) return;
    if (id === null) {
      if (!follower.following) return;
      follower.stop();
      this.#followEnded();
      return;
    }
    this.#followName = this.names.get(id)?.nickname ?? "";
    follower.follow(id);
    if (follower.following) {
      this.mirror.setFollowing(id);
      this.notices.show(t("following", { name: this.#followName }));
    }
  }

  /** Says why following ended: the child steered (no reason given), the person left, or there was no way to them. */
  #followEnded(why?: FollowEnd): void {
    const { t } = this.#options;
    this.mirror.setFollowing(null);
    const name = this.#followName;
    this.notices.show(why === "gone" ? t("followGone", { name }) : why ? t("followNoWay", { name }) : t("followStopped"));
  }

  /**
   * Walks to the middle of a zone through the doorways, saying where to and when there. With
   * reduced motion the camera stays still on the way and cuts to the place on arrival: the whole
   * floor scrolling past is the motion that troubles people most.
   */
  async goToZone(zone: ZoneId): Promise<boolean> {
    const { lang } = this.#options;
    const view = this.#view;
    if (!view) return false;
    this.follow(null);
    const rt = rubyTranslator(lang);
    if (this.#closedToMe(zone)) {
      this.notices.show(rt("counsellingClosedWay"));
      return false;
    }
    const route = routeToZone(view.inspect().me, zone);
    if (!route) {
      this.notices.show(rt("routeStopped"));
      return false;
    }
    this.notices.show(zoneSentence(lang, "goingTo", zone));
    view.holdCamera(this.access.reducedMotion);
    const walk = (this.#goingTo = { zone });
    const arrived = await this.walkRoute(route);
    // Another "go to" taken on the way (a child changing their mind) ends this walk: that one
    // holds the camera and says where it went now, and this one did not stop, it changed course.
    if (this.#goingTo !== walk) return false;
    view.holdCamera(false);
    this.#goingTo = null;
    this.notices.show(arrived ? zoneSentence(lang, "arrivedAt", zone) : rt("routeStopped"));
    return arrived;
  }

  /** Is this place closed to me? Only the counselling room ever is (CounsellingDoor). */
  #closedToMe(zone: ZoneId): boolean {
    const me = this.net.sessionId ? this.names.get(this.net.sessionId) : undefined;
    return zone === "counselling" && me !== undefined && this.#counsellingDoor.closedTo(me);
  }

  lineText(line: ChatLine): string {
    return line.text ?? (line.phrase ? QUICK_PHRASES[line.phrase][this.#options.lang] : "");
  }

  /**
   * Builds the scene, fetching its models, before anyone enters: the student's page does it while
   * the child is still at the door (issue 17's first frame). The canvas is sized when the view starts.
   */
  prepare(): SpaceView {
    const { t, lang, modules } = this.#options;
    return (this.#view ??= new modules.SpaceView({
      canvas: this.#canvas,
      lang,
      net: this.net,
      reducedMotion: this.access.reducedMotion,
      lowGraphics: this.access.lowGraphics,
      steering: this.access.steering,
      describe: (a) => ({
        name: a.nickname,
        // In a plaza the organisation comes first, short enough for a tag (the list says it whole).
        detail: [shortBadge(a.badge), a.emcee ? `🎤 ${t("emceeMark")}` : "", a.away ? t("away") : "", a.hand ? "✋" : "", a.status !== "none" ? t(STATUS_TEXT[a.status]) : "", this.speaking.has(a.id) && "🔊"].filter(Boolean).join(" "),
      }),
      lineText: (line) => this.lineText(line),
      emoteSymbol: (emote) => EMOTE_SYMBOL[emote],
    }));
  }

  /** Shows the scene and joins; throws the server's reason. */
  async enter(org: string, look: AvatarLook): Promise<void> {
    const { lang } = this.#options;
    this.element.hidden = false;
    const view = this.prepare();
    try {
      await this.net.join({ org, look });
      if (this.net.sessionId) this.#own.add(this.net.sessionId);
    } catch (error) {
      this.element.hidden = true;
      throw error;
    }
    view.start();
    // Voice (issue 16): fetched when the page is idle after the first frames, unless kept off;
    // then, once turned on in the settings (client/ui/settings.ts), or kept off while a screen
    // is shared to the board: the shared screen travels with the lesson's voice, so only the
    // voice part can say what is there and how to see it (it comes off: no media, no audio).
    if (!this.#walker) {
      let voice: unknown;
      const load = (on = true) => (voice ??= import("../voice/voice.ts").then((v) => v.startVoice(this, lang, rubyNodes, on)));
      if (this.#options.prefs.display(false).voice) (window.requestIdleCallback ?? setTimeout)(() => load());
      else {
        document.addEventListener("hidamari-voice", () => load());
        this.net.on("board", (shown) => shown.screen && load(false));
      }
    }
    const walker = (this.#walker ??= new RouteWalker(view));
    this.#follower ??= new Follower({
      walker,
      whereIs: (id) => view.whereIs(id),
      me: () => view.inspect().me,
      ended: (_id, why) => this.#followEnded(why),
    });
    this.access.useView(view);
    (window as unknown as { hidamari: unknown }).hidamari = {
      inspect: () => view.inspect(),
      sound: () => ({ ...this.sounds.settings, loaded: this.sounds.loaded, playing: this.sounds.ambientKind }),
      walkTo: (x: number, z: number) => view.walkTo(x, z),
      walkRoute: (points: Point[]) => this.walkRoute(points),
      following: () => this.#follower?.following ?? null,
    };
    // Who and what is near, for reading at any time: once a second is enough for walking pace.
    this.#nearbyTimer ||= window.setInterval(() => {
      const me = this.#view?.inspect().me;
      const others = [...this.names.values()].filter((a) => a.id !== this.net.sessionId);
      // Walkers where they are seen, not where their walk started.
      if (me) this.#nearby.update(me, others.map((a) => ({ ...a, ...(this.#view?.whereIs(a.id) ?? {}) })));
    }, 1000);
    this.#canvas.focus();
  }

  #wire(): void {
    const { t, lang } = this.#options;
    const net = this.net;
    const markClosed = () => this.goTo.setClosed("counselling", this.#closedToMe("counselling"));
    net.on("counsellingLocked", (locked) => {
      this.#counsellingDoor.lock(locked);
      markClosed();
    });
    net.on("avatarAdded", (avatar, isMe, arrived) => {
      this.names.set(avatar.id, avatar);
      this.mirror.upsert(avatar, isMe);
      if (isMe) {
        this.#zone = avatar.zone;
        this.#counsellingDoor.enter(avatar.zone);
        this.goTo.setCurrent(avatar.zone);
        this.sounds.inZone(zoneById(avatar.zone).kind);
        markClosed();
      }
      // The same person again (a reload, another tab) has not arrived: they were here.
      if (arrived && !isMe && !this.names.has(avatar.replaces)) {
        this.notices.show(t("arrived", { name: avatar.nickname }));
        this.sounds.play("arrival");
      }
    });
    net.on("avatarChanged", (avatar, isMe) => {
      this.names.set(avatar.id, avatar);
      this.mirror.upsert(avatar, isMe);
      if (isMe && avatar.zone !== this.#zone) {
        this.#zone = avatar.zone;
        this.#counsellingDoor.enter(avatar.zone);
        markClosed();
        this.goTo.setCurrent(avatar.zone);
        this.sounds.inZone(zoneById(avatar.zone).kind);
        // Walking there by "go to", arriving is said once, at the end of the walk (goToZone).
        if (avatar.zone !== this.#goingTo?.zone) this.notices.show(zoneSentence(lang, "nowIn", avatar.zone));
      }
    });
    net.on("avatarRemoved", (id) => {
      this.mirror.remove(id);
      const who = this.names.get(id);
      this.names.delete(id);
      // An avatar giving way to its own person's new one (a reload, another tab) has not left.
      if (who && ![...this.names.values()].some((a) => a.replaces === id)) this.notices.show(t("leftSpace", { name: who.nickname }));
    });
    // One's own lines from before a reload come back under an earlier session: still one's own (no report button).
    net.on("history", (lines) => lines.forEach((line) => this.chat.add(line, this.#own.mine(line.from, net.sessionId))));
    net.on("chat", (line) => {
      const mine = line.from === net.sessionId;
      this.chat.add(line, mine);
      if (mine) return;
      this.sounds.play("message");
      this.#unread.add();
    });
    sayWhatTheServerSays(net, {
      lang,
      notices: this.notices,
      loadLesson: this.#options.modules.loadLesson,
      chatRefused: () => this.chat.refused(),
      lookHere: () => this.board.highlight(),
      staffWords: this.#options.staffWords,
    });
    net.on("lineRemoved", (id) => this.chat.removed(id));
    net.on("notice", (notice) => {
      if (notice.code === "muted" || notice.code === "unmuted") this.chat.paused(notice.until ?? 0);
    });
    net.on("announcement", (line) => {
      const mine = line.from === net.sessionId;
      // A child's announcement (an event's MC) can be reported, as their chat can; staff's cannot.
      const report = this.#options.onReport && !mine && !line.staff ? () => this.#options.onReport?.(line.from, line.id) : undefined;
      void loadBanner().then(({ showBanner }) => showBanner(this.stage, t, line.text ?? "", line.nickname, report));
      this.chat.add(line, mine);
    });
    // A dropped link recovers by itself; say so, and say when it is back.
    let reconnecting: HTMLElement | null = null;
    net.on("reconnecting", () => {
      // Said once however often the link tries again (the same notice stays, its time renewed).
      reconnecting = this.notices.keep(t("reconnecting"), "error", LIMITS.reconnectSeconds * 1000 + 30_000);
      this.element.classList.add("is-reconnecting");
    });
    net.on("reconnected", () => {
      reconnecting?.remove();
      reconnecting = null;
      this.element.classList.remove("is-reconnecting");
      this.notices.show(t("reconnected"));
    });
    // A drop the SDK recovers from never comes here: this is the end of the page's time in the space.
    net.on("disconnected", (code) => {
      reconnecting?.remove();
      this.sounds.inZone(null);
      this.element.classList.remove("is-reconnecting");
      if (this.#options.endPanel) {
        this.#end(code);
        return;
      }
      // Taken out by staff or the space closed: the notice that came first already said why, kindly.
      const explained = (Object.values(CLOSE_CODES) as number[]).includes(code) || code === 1000 || code === 4000;
      if (!explained) this.notices.show(t("disconnected"), "error", 600_000);
    });
  }

  /**
   * The space let this page go for good: nothing of it may still look usable (a child would
   * write into a chat that goes nowhere, press help that reaches no one). It is put away, the 3D
   * view freed, and a panel says why and leads back to the door.
   */
  #end(code: number): void {
    window.clearInterval(this.#nearbyTimer);
    this.#follower?.stop();
    this.#walker?.cancel();
    this.access.dispose(); // its shortcuts listen on the window
    // A question still open (a knock, may my answer be shown) has no one to answer it now.
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.remove();
    this.element.hidden = true;
    this.element.inert = true;
    this.#view?.dispose();
    this.#view = null;
    const panel = endedPanel(this.#options.lang, code);
    this.element.after(panel);
    panel.focus();
  }
}

/** The page's own origin; `npm run dev` sets VITE_HIDAMARI_SERVER because there the server has its own port. */
function serverEndpoint(): string {
  const configured = import.meta.env.VITE_HIDAMARI_SERVER as string | undefined;
  return configured || location.origin;
}

const shortBadge = (badge: string) => ([...badge].length > 10 ? `${[...badge].slice(0, 9).join("")}…` : badge);
