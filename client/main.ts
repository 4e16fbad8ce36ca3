import "./style.css";
import { LIMITS } from "../shared/domain/limits.ts";
import { type ZoneId, zoneById } from "../shared/domain/zones.ts";
import type { ServerError } from "../shared/protocol/events.ts";
import { type MessageKey, localName, pickLang, translator } from "./i18n/index.ts";
import { Prefs } from "./prefs.ts";
import { h } from "./ui/dom.ts";
import { ChatPanel } from "./ui/chat.ts";
import { type JoinChoice, JoinScreen } from "./ui/join.ts";
import { LoadingScreen } from "./ui/loading.ts";
import { SceneMirror } from "./ui/mirror.ts";
import { Notices } from "./ui/notices.ts";
import { Toolbar } from "./ui/toolbar.ts";

/**
 * The composition root: reads the language and preferences, shows loading → join → space, and
 * wires the network's events to the scene, the panels and the sounds. No module holds globals.
 */
const lang = pickLang(location.search);
const t = translator(lang);
document.documentElement.lang = lang;
document.title = t("appName");

const ERROR_TEXT: Record<ServerError["code"], MessageKey> = {
  invalid_message: "errInvalidMessage",
  unknown_message: "errUnknownMessage",
  move_rejected: "errMoveRejected",
  empty_text: "errEmptyText",
  not_allowed: "errNotAllowed",
  server_error: "errServerError",
};
const JOIN_ERROR_TEXT: Record<string, MessageKey> = {
  invalid_join: "errInvalidJoin",
  stale_client: "errStaleClient",
  space_full: "errSpaceFull",
};

/** The page's own origin; `npm run dev` sets VITE_HIDAMARI_SERVER because there the server has its own port. */
function serverEndpoint(): string {
  const configured = import.meta.env.VITE_HIDAMARI_SERVER as string | undefined;
  return configured || location.origin;
}

async function boot(root: HTMLElement) {
  const prefs = new Prefs();
  const loading = new LoadingScreen(t);
  root.append(loading.element);

  let modules;
  try {
    loading.progress(0.05, t("loadingEngine"));
    const scene = await import("./scene/SpaceView.ts");
    loading.progress(0.6, t("loadingNet"));
    const net = await import("./net/connection.ts");
    loading.progress(0.8, t("loadingSound"));
    const audio = await import("./audio/cues.ts");
    modules = { ...scene, ...net, ...audio };
    loading.progress(1, t("loadingDone"));
  } catch (error) {
    console.error(error);
    loading.fail(t("loadingFailed"));
    return;
  }

  const net = new modules.Connection(serverEndpoint());
  const sounds = new modules.SoundCues(prefs.sound);
  const notices = new Notices();
  const mirror = new SceneMirror(t, lang);
  const chat = new ChatPanel(t, lang, (channel, text) => net.sendChat(channel, text));
  const toolbar = new Toolbar(t, prefs.sound, (on) => {
    prefs.sound = on;
    sounds.setOn(on);
  }, t("moveHelp"));
  const canvas = h("canvas", { class: "stage", role: "img", "aria-label": t("canvasLabel"), tabindex: 0 });
  const space = h(
    "div",
    { class: "space", hidden: true },
    toolbar.element,
    h("main", { class: "stage-wrap" }, canvas, notices.element),
    h("aside", { class: "side" }, mirror.element, chat.element),
  );
  root.append(space);

  // Who is who, for announcements; my own zone, to tell me when I walk into another.
  const names = new Map<string, string>();
  let myZone: ZoneId | null = null;
  const zoneName = (id: ZoneId) => localName(zoneById(id).name, lang);

  net.on("avatarAdded", (avatar, isMe, arrived) => {
    names.set(avatar.id, avatar.nickname);
    mirror.upsert(avatar, isMe);
    if (isMe) myZone = avatar.zone;
    if (arrived && !isMe) {
      notices.show(t("arrived", { name: avatar.nickname }));
      sounds.play("arrival");
    }
  });
  net.on("avatarChanged", (avatar, isMe) => {
    mirror.upsert(avatar, isMe);
    if (isMe && avatar.zone !== myZone) {
      myZone = avatar.zone;
      notices.show(t("nowIn", { zone: zoneName(avatar.zone) }));
    }
  });
  net.on("avatarRemoved", (id) => {
    mirror.remove(id);
    const name = names.get(id);
    if (name) notices.show(t("leftSpace", { name }));
    names.delete(id);
  });
  net.on("history", (lines) => lines.forEach((line) => chat.add(line, line.from === net.sessionId)));
  net.on("chat", (line) => {
    const mine = line.from === net.sessionId;
    chat.add(line, mine);
    if (!mine) sounds.play("message");
  });
  net.on("serverError", (error) => notices.show(t(ERROR_TEXT[error.code], { max: LIMITS.chatMaxChars }), "error"));
  net.on("disconnected", (code) => {
    if (code !== 1000) notices.show(t("disconnected"), "error", 60_000);
  });

  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let view: InstanceType<typeof modules.SpaceView> | null = null;

  const join = new JoinScreen(t, lang, prefs, async (choice: JoinChoice) => {
    join.busy(true);
    try {
      space.hidden = false; // the canvas needs a size before the scene is built
      view ??= new modules.SpaceView({ canvas, lang, net, reducedMotion });
      await net.join(choice);
      join.remove();
      view.start();
      (window as unknown as { hidamari: unknown }).hidamari = { inspect: () => view?.inspect() };
      canvas.focus();
    } catch (error) {
      space.hidden = true;
      const message = error instanceof Error ? error.message : "";
      const key = JOIN_ERROR_TEXT[message] ?? "errConnect";
      join.showError(t(key, { max: LIMITS.nicknameMaxChars }));
      join.busy(false);
    }
  });
  loading.remove();
  root.append(join.element);
  join.focus();
}

const root = document.getElementById("app");
if (root) void boot(root);
