import { QUICK_PHRASES } from "../../shared/domain/presence.ts";
import { LIMITS } from "../../shared/domain/limits.ts";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import { CLOSE_CODES, type ChatLine } from "../../shared/protocol/events.ts";
import type { AvatarLook } from "../../shared/protocol/messages.ts";
import type { SoundCues } from "../audio/cues.ts";
import { EMOTE_SYMBOL, ERROR_TEXT, NOTICE_TEXT, STATUS_TEXT } from "../i18n/codes.ts";
import { type Lang, type Translate, localName } from "../i18n/index.ts";
import type { AvatarView, Connection } from "../net/connection.ts";
import type { Prefs } from "../prefs.ts";
import type { SpaceView } from "../scene/SpaceView.ts";
import { BoardPanel } from "../ui/board.ts";
import { ChatPanel } from "../ui/chat.ts";
import { h } from "../ui/dom.ts";
import { showBanner } from "../ui/knock.ts";
import { SceneMirror } from "../ui/mirror.ts";
import { Notices } from "../ui/notices.ts";
import { Toolbar } from "../ui/toolbar.ts";

/** The modules loaded behind the progress bar (three.js, the SDK, howler). */
export interface SpaceModules {
  SpaceView: typeof SpaceView;
  Connection: typeof Connection;
  SoundCues: typeof SoundCues;
}

export interface ShellOptions {
  t: Translate;
  lang: Lang;
  prefs: Prefs;
  modules: SpaceModules;
  /** Report a person or a line (students); staff pages leave it out. */
  onReport?: (target: string, line?: string) => void;
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
  readonly #side: HTMLElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #stageWrap: HTMLElement;
  readonly #options: ShellOptions;
  #view: SpaceView | null = null;
  /** Who is who, for announcements and bubbles. */
  readonly names = new Map<string, AvatarView>();

  constructor(options: ShellOptions) {
    const { t, lang, prefs, modules } = options;
    this.#options = options;
    this.net = new modules.Connection(serverEndpoint());
    this.sounds = new modules.SoundCues(prefs.sound);
    this.mirror = new SceneMirror(t, lang, options.onReport ? (id) => options.onReport?.(id) : undefined);
    this.chat = new ChatPanel(t, lang, (line) => this.lineText(line), (channel, text) => this.net.send("chat", { channel, text }), options.onReport);
    const toolbar = new Toolbar(t, prefs.sound, (on) => {
      prefs.sound = on;
      this.sounds.setOn(on);
    }, t("moveHelp"));
    this.#canvas = h("canvas", { class: "stage", role: "img", "aria-label": t("canvasLabel"), tabindex: 0 });
    this.#stageWrap = h("main", { class: "stage-wrap" }, this.#canvas, this.notices.element);
    const board = new BoardPanel(t);
    this.net.on("board", (url, title) => board.set(url, title));
    this.mirror.element.append(board.element);
    this.#side = h("aside", { class: "side" }, this.mirror.element, this.chat.element);
    this.element = h("div", { class: "space", hidden: true }, toolbar.element, this.#stageWrap, this.#side);
    this.#wire();
  }

  /** Adds a panel to the side column, above the chat. */
  addPanel(panel: HTMLElement): void {
    this.#side.insertBefore(panel, this.chat.element);
  }

  lineText(line: ChatLine): string {
    return line.text ?? (line.phrase ? QUICK_PHRASES[line.phrase][this.#options.lang] : "");
  }

  /** Builds the scene (the canvas needs a size first) and joins; throws the server's reason. */
  async enter(org: string, look: AvatarLook): Promise<void> {
    const { t, lang, modules } = this.#options;
    this.element.hidden = false;
    this.#view ??= new modules.SpaceView({
      canvas: this.#canvas,
      lang,
      net: this.net,
      reducedMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      describe: (a) => ({
        name: a.nickname,
        detail: [a.away ? t("away") : "", a.hand ? "✋" : "", a.status !== "none" ? t(STATUS_TEXT[a.status]) : ""].filter(Boolean).join(" "),
      }),
      lineText: (line) => this.lineText(line),
      emoteSymbol: (emote) => EMOTE_SYMBOL[emote],
    });
    try {
      await this.net.join({ org, look });
    } catch (error) {
      this.element.hidden = true;
      throw error;
    }
    this.#view.start();
    const view = this.#view;
    (window as unknown as { hidamari: unknown }).hidamari = { inspect: () => view.inspect(), walkTo: (x: number, z: number) => view.walkTo(x, z) };
    this.#canvas.focus();
  }

  #wire(): void {
    const { t, lang } = this.#options;
    const net = this.net;
    let myZone: ZoneId | null = null;
    const zoneName = (id: ZoneId) => localName(zoneById(id).name, lang);

    net.on("avatarAdded", (avatar, isMe, arrived) => {
      this.names.set(avatar.id, avatar);
      this.mirror.upsert(avatar, isMe);
      if (isMe) myZone = avatar.zone;
      if (arrived && !isMe) {
        this.notices.show(t("arrived", { name: avatar.nickname }));
        this.sounds.play("arrival");
      }
    });
    net.on("avatarChanged", (avatar, isMe) => {
      this.names.set(avatar.id, avatar);
      this.mirror.upsert(avatar, isMe);
      if (isMe && avatar.zone !== myZone) {
        myZone = avatar.zone;
        this.notices.show(t("nowIn", { zone: zoneName(avatar.zone) }));
      }
    });
    net.on("avatarRemoved", (id) => {
      this.mirror.remove(id);
      const who = this.names.get(id);
      if (who) this.notices.show(t("leftSpace", { name: who.nickname }));
      this.names.delete(id);
    });
    net.on("history", (lines) => lines.forEach((line) => this.chat.add(line, line.from === net.sessionId)));
    net.on("chat", (line) => {
      const mine = line.from === net.sessionId;
      this.chat.add(line, mine);
      if (!mine) this.sounds.play("message");
    });
    net.on("serverError", (error) => {
      if (error.about === "placed") return; // the server moved me (a knock accepted): not an error
      this.notices.show(t(ERROR_TEXT[error.code], { max: LIMITS.chatMaxChars }), "error");
    });
    net.on("notice", (notice) => this.notices.show(t(NOTICE_TEXT[notice.code], { by: notice.by ?? "", about: notice.about ?? "" }), "info", 8000));
    net.on("announcement", (text, by) => showBanner(this.#stageWrap, t, text, by));
    // A dropped link recovers by itself; say so, and say when it is back.
    let reconnecting: HTMLElement | null = null;
    net.on("reconnecting", () => {
      reconnecting?.remove();
      reconnecting = this.notices.show(t("reconnecting"), "error", LIMITS.reconnectSeconds * 1000 + 30_000);
      this.element.classList.add("is-reconnecting");
    });
    net.on("reconnected", () => {
      reconnecting?.remove();
      reconnecting = null;
      this.element.classList.remove("is-reconnecting");
      this.notices.show(t("reconnected"));
    });
    net.on("disconnected", (code) => {
      reconnecting?.remove();
      this.element.classList.remove("is-reconnecting");
      // Taken out by staff or the space closed: the notice that came first already said why, kindly.
      const explained = (Object.values(CLOSE_CODES) as number[]).includes(code) || code === 1000 || code === 4000;
      if (!explained) this.notices.show(t("disconnected"), "error", 600_000);
    });
  }
}

/** The page's own origin; `npm run dev` sets VITE_HIDAMARI_SERVER because there the server has its own port. */
function serverEndpoint(): string {
  const configured = import.meta.env.VITE_HIDAMARI_SERVER as string | undefined;
  return configured || location.origin;
}
