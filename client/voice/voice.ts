import { type Talk, VoiceEvents, VoiceMessages } from "../../shared/protocol/voice.ts";
import type { Lang } from "../i18n/index.ts";
import type { SpaceShell } from "../space/shell.ts";
import type { rubyNodes } from "../ui/ruby.ts";
import { micProblem, openMicrophone, stopStream } from "./microphone.ts";
import { MediaServerLink } from "./mediaServerLink.ts";
import { PeerLinks, largestSent } from "./peers.ts";
import { SCREEN_SHARE_EVENT, ScreenShare } from "./screenShare.ts";
import { ScreenView } from "./screenView.ts";
import { SpeakingTracker } from "./speaking.ts";
import { TalkPanel } from "./talkPanel.ts";
import { type SpeakMode, VoicePrefs } from "./voicePrefs.ts";
import { MIC_WORD, PUSH_KEY, REFUSAL_WORD, voiceWords } from "./words.ts";

/**
 * DOM events on the document, from dialogs that do not hold the voice part (and must not import
 * it, or they would fetch it): voice turned on or off in the settings (client/ui/settings.ts), the
 * way of speaking changed in the voice check (voiceCheck.ts VOICE_MODE_EVENT).
 */
const VOICE_SETTING_EVENT = "hidamari-voice";
const VOICE_MODE_EVENT = "hidamari-voice-mode";
/** The teacher turned the lesson's voice on from the console (client/staff/console/panel.ts): they mean to speak. */
const LESSON_SPEAK_EVENT = "hidamari-lesson-speak";
/** Data saver turned on or off in the settings (client/ui/settings.ts; kept in VoicePrefs there). */
const SCREEN_SAVER_EVENT = "hidamari-screen-saver";
/**
 * Through a media server the mark on a speaker is held this long after the room says they
 * stopped: its talking events follow every phrase and pause, and each change of mark is a frame
 * drawn (0.7 a second on a still page, docs/benchmarks.md). Steadier to look at, too.
 */
const ROOM_HOLD_MS = 2500;
/** How often the peers' audio levels are read for "who is speaking". */
const LEVEL_MS = 250;

/**
 * The page's voice part (issue 16; docs/voice.md), fetched after the space is running unless the
 * person keeps voice off (client/space/shell.ts). It hears the voice events, speaks the voice
 * messages, and joins up the talk panel, the peer links, the microphone, who is speaking and the
 * counselling offer. The server decides every rule; this page only asks and follows. `on` is
 * false when the child keeps voice off and the part came only to say a screen is shared (shell.ts).
 */
export function startVoice(shell: SpaceShell, lang: Lang, ruby: typeof rubyNodes, on = true): void {
  const net = shell.net;
  const w = voiceWords(lang, ruby);
  const prefs = new VoicePrefs();
  net.speak(VoiceMessages);

  let talk: Talk | null = null;
  let enabled = on;
  /** My microphone while it is open (open microphone: while speaking; push to talk: while in the talk). */
  let stream: MediaStream | null = null;
  let opening: Promise<MediaStream | null> | null = null;
  const me = () => net.sessionId ?? "";

  const audioRoot = document.createElement("div");
  audioRoot.hidden = true;
  audioRoot.className = "voice-audio";
  document.body.append(audioRoot);
  const peers = new PeerLinks({
    // A description over the server's limit would be refused by the schema here: said, not silent.
    send: (signal) => net.send("signal", signal) || console.warn("voice: a signal did not pass its schema (too long?) and was not sent"),
    audioRoot,
    failed: (peer, why) => console.warn(`voice: the link with ${peer} failed (${why}); trying again`),
    blocked: () => panel.askToPlay(),
    video: () => showScreen(),
  });

  // The screen share (issue 16): mine to the board (the lesson's teacher), or the teacher's where I look.
  let sharing = false;
  const share = new ScreenShare((track) => {
    peers.setScreen(track);
    mediaServer.setShare(share.stream);
    sharing = false;
    // "Off" only while the server still has my share (it may have ended it: the lesson over, I walked out).
    if (track || talk?.screen === me()) net.send("screenShare", { on: track !== null });
    showScreen();
  });
  const screen = new ScreenView(
    {
      board: () => shell.view?.board,
      line: () => shell.board.element,
      openViewer: () => shell.board.show(),
      join: () => net.send("talkJoin", {}),
    },
    { sharing: w.ruby("screenSharing"), join: w.ruby("screenJoin"), voiceOff: w.ruby("screenVoiceOff"), look: w.text("screenLook"), joinButton: w.text("screenJoinButton"), alt: w.text("screenAlt"),
      noteSharing: w.text("screenNoteSharing"), noteJoin: w.text("screenNoteJoin"), noteVoiceOff: w.text("screenNoteVoiceOff") },
  );
  /** What the board shows of a shared screen now: it, that it is coming, or how to see it. */
  const showScreen = () => {
    const sharer = talk?.group === "lesson" ? talk.screen : null;
    if (!sharer) return screen.set({ kind: "none" });
    if (!enabled) return screen.set({ kind: "voiceOff" });
    if (!talk?.joined) return screen.set({ kind: "join" });
    const track = sharer === me() ? share.track : (peers.screenOf(sharer) ?? mediaServer.screenTrack);
    screen.set(track ? { kind: "shown", track } : { kind: "coming" });
  };
  const speakingNow = new SpeakingTracker();
  const mediaServer = new MediaServerLink(
    (why) => console.warn(`voice: the media server dropped this page (${why})`),
    () => showScreen(),
  );
  mediaServer.setSaver(prefs.saver);
  /** My microphone's track onto whichever carries the talk (sending only where the rules let it). */
  const sendMic = (track: MediaStreamTrack | null) => {
    peers.setMic(track);
    mediaServer.setMic(track);
  };

  const panel = new TalkPanel(w, lang, {
    join: () => net.send("talkJoin", {}),
    leave: () => leave(),
    speak: (on) => void (on ? speak() : micOff()),
    hold: (on) => void hold(on),
    check: () => void check(),
    play: () => audioRoot.querySelectorAll("audio").forEach((audio) => void audio.play().catch(() => panel.askToPlay())),
  });
  panel.mode = prefs.mode;
  shell.addPanel(panel.element);

  const say = (nodes: Array<Node | string>) => shell.notices.show(nodes, "info", 8000);

  const leave = () => {
    micOff();
    net.send("talkLeave", {});
  };

  /** Opens the microphone, explaining the browser's prompt the first time; null if not (said why). */
  const open = (): Promise<MediaStream | null> =>
    (opening ??= (async () => {
      if (!prefs.explained && !(await explain())) return null;
      try {
        const s = await openMicrophone(prefs.mic || undefined);
        // Left the talk (or could no longer speak) while the browser asked: not needed after all.
        if (!talk?.joined || !talk.canSpeak) {
          stopStream(s);
          return null;
        }
        return s;
      } catch (error) {
        say(w.ruby(MIC_WORD[micProblem(error)]));
        return null;
      }
    })().finally(() => (opening = null)));

  /** The note before the browser's permission prompt, once: speak, check first, or just listen. */
  const explain = async (): Promise<boolean> => {
    const { askChild } = await import("../ui/ask.ts");
    return new Promise((resolve) =>
      askChild<"go" | "check" | "no">({
        id: "voice-permission",
        title: `🎙 ${w.text("permTitle")}`,
        text: w.ruby("permText"),
        choices: [
          { value: "go", label: w.text("permGo"), primary: true },
          { value: "check", label: w.text("talkCheck") },
          { value: "no", label: w.text("permNotNow") },
        ],
        dismiss: "no",
        answer: (choice) => {
          if (choice !== "no") prefs.set({ explained: true });
          if (choice === "check") void check();
          resolve(choice === "go");
        },
      }),
    );
  };

  /**
   * Tells the server my microphone is on or off. "Off" goes whenever this page said "on" or the
   * server thinks so, even if the answer to "on" has not come yet (a quick tap in push to talk).
   */
  let saidOn = false;
  const mic = (on: boolean) => {
    if (!on && !saidOn && !talk?.mic) return;
    saidOn = on;
    net.send("talkMic", { on });
  };

  /** Open microphone: on, with the track on every link that may send. */
  const speak = async () => {
    stream ??= await open();
    if (!stream) return;
    sendMic(stream.getAudioTracks()[0] ?? null);
    mic(true);
  };

  /** Push to talk: the microphone stays open while in the talk; only a held button (or key) puts it on the links. */
  const hold = async (on: boolean) => {
    if (!on) {
      sendMic(null);
      mic(false);
      return;
    }
    stream ??= await open();
    if (!stream || !panel.holding) return;
    sendMic(stream.getAudioTracks()[0] ?? null);
    mic(true);
  };

  const micOff = () => {
    sendMic(null);
    stopStream(stream);
    stream = null;
    mic(false);
  };

  const check = async () => {
    const { openVoiceCheck } = await import("./voiceCheck.ts");
    openVoiceCheck({
      lang,
      ruby,
      prefs,
      fallbackFocus: () => panel.element.querySelector<HTMLElement>(".talk-check"),
    });
  };

  net.on("talk", (next) => {
    const arrived = next.group !== null && next.group !== talk?.group;
    const joinedNow = next.joined && !talk?.joined;
    const leftNow = talk?.joined === true && !next.joined;
    // A mute by staff (or its end) is told, not only written in the panel: a child who cannot see
    // the panel change would not know why their microphone went off, or that it may come on again.
    const muteChanged = talk !== null && next.group !== null && next.muted !== talk.muted;
    // In a lesson, the teacher's turn given to me (from the hand queue), and taken back (a
    // teacher may always speak: theirs never changes but by a mute, told as such).
    const turnChanged = next.group === "lesson" && talk?.group === "lesson" && next.joined && talk.joined && !muteChanged && next.canSpeak !== talk.canSpeak;
    talk = next;
    // My share ended on the server (the lesson or its voice ended, I left the classroom): the capture stops too.
    if (next.screen === me() && next.screen) sharing = true;
    else if (sharing && share.track) {
      sharing = false;
      peers.setScreen(null);
      mediaServer.setShare(null);
      share.stop();
    }
    showScreen();
    if (!enabled) return;
    // Data saver: the server forgets it when I leave a talk, so it is said again on joining.
    if (joinedNow && prefs.saver) net.send("screenSaver", { on: true });
    // Told once on coming to a place where a talk can be joined; nothing turns on by itself.
    // In a lesson children listen by default (a choice made by keeping voice on): joined as a
    // listener on coming into it, never with the microphone; leaving it holds until they come
    // into it again. A spot or the counselling room waits to be joined.
    if (arrived && !next.joined && next.group === "lesson" && !next.full) net.send("talkJoin", {});
    else if (arrived && !next.joined) say(w.ruby("talkHere"));
    else if (leftNow) say(w.ruby("talkLeft"));
    // Joined to listen by coming into the lesson: said, with the way out (the toolbar's sound
    // switch is for the space's own sounds, and a child who turned it off may not expect a voice).
    if (joinedNow && next.group === "lesson" && !next.mic) say(w.ruby("lessonListening"));
    if (turnChanged) say(w.ruby(next.canSpeak ? "lessonTurn" : "lessonTurnOver"));
    if (muteChanged) say(w.ruby(next.muted ? "talkWhyMuted" : "talkUnmuted"));
    panel.update(next, me());
    // Peer links, or (with a media server) the grant to its rooms: whichever the server gave.
    if (next.joined) peers.update(next.links, next.iceServers, next.relay);
    else peers.close();
    mediaServer.update(next, next.screen !== null && next.screen === me());
    // The microphone is closed the moment I may no longer speak (left, muted, the turn over).
    if (stream && (!next.joined || !next.canSpeak)) micOff();
    // The server thinks my microphone is on, but this page has none (a reconnection): say it is off.
    if (next.mic && !stream && !opening) net.send("talkMic", { on: false });
    for (const id of shell.speaking) {
      if (next.joined && next.people.some((p) => p.session === id)) continue;
      speakingNow.forget(id);
      showSpeaking(id, false);
    }
  });
  net.on("signal", (signal) => enabled && peers.receive(signal));
  net.on("talkRefused", (refused) => {
    // Signalling still in flight when a link went (a candidate after someone left) meets no_link:
    // nothing the child did or can mend, so it is not theirs to read.
    if (refused.code === "no_link" && refused.about === "signal") return console.warn("voice: a signal for a link that is gone was refused");
    say(w.ruby(REFUSAL_WORD[refused.code]));
  });
  net.on("voiceOffer", (offer) => {
    if (!enabled) return void net.send("voiceOfferReply", { accept: false });
    void import("../ui/ask.ts").then(({ askChild }) =>
      askChild<"yes" | "no">({
        id: "voice-offer",
        title: `🎧 ${w.text("offerTitle")}`,
        text: w.ruby("offerText", { by: offer.by }),
        choices: [
          { value: "yes", label: w.text("offerAccept"), primary: true },
          { value: "no", label: w.text("offerDecline") },
        ],
        dismiss: "no",
        answer: (choice) => net.send("voiceOfferReply", { accept: choice === "yes" }),
      }),
    );
  });
  // A dropped socket takes me out of my talk on the server (docs/voice.md), and my peers close
  // their links with me. The child's choice to be in the talk stands: once the seat is back, the
  // page joins again, listening (the microphone waits for "speak" again). Gone for good, all stops.
  let rejoin = false;
  const drop = () => {
    sendMic(null);
    stopStream(stream);
    stream = null;
    peers.close();
    mediaServer.close();
  };
  net.on("reconnecting", () => {
    rejoin ||= talk?.joined === true;
    drop();
  });
  net.on("reconnected", () => {
    if (rejoin && enabled) net.send("talkJoin", {});
    rejoin = false;
  });
  net.on("disconnected", () => {
    drop();
    share.stop();
    talk = null;
    panel.element.hidden = true;
  });

  /** The panel's list and the name tag in the 3D view (the shell describes it; told by the avatar's own event again). */
  const showSpeaking = (id: string, on: boolean) => {
    panel.speaking(id, on);
    if (on) shell.speaking.add(id);
    else shell.speaking.delete(id);
    const avatar = shell.names.get(id);
    if (avatar) net.emit("avatarChanged", avatar, false);
  };

  /** One sample of someone's level (0..1): the mark on them and the caption line follow the same rules on either route. */
  const heard = (id: string, level: number, now: number, holdMs?: number) => {
    const change = speakingNow.observe(id, level, now, holdMs);
    if (change.changed) showSpeaking(id, change.speaking);
    const who = talk?.people.find((p) => p.session === id);
    if (change.caption && who) shell.chat.caption(who.nickname, w.text("caption"));
  };

  // Who is speaking, a few times a second while in a talk: the peers' levels, or through a media
  // server its room's talking events (the mix is one stream, so its level cannot say who).
  window.setInterval(() => {
    if (!talk?.joined) return;
    if (talk.media) {
      const now = performance.now();
      for (const p of talk.people) if (p.mediaId !== undefined && p.session !== me()) heard(p.session, mediaServer.talking.has(p.mediaId) ? 1 : 0, now, ROOM_HOLD_MS);
      return;
    }
    if (peers.peers.length === 0) return;
    // A shared screen's video can come back on a link that already had it (a second share): no new track event.
    if (talk.screen && screen.state.kind === "coming") showScreen();
    void peers.stats().then((levels) => {
      const now = performance.now();
      for (const [id, { level }] of levels) heard(id, level, now);
    });
  }, LEVEL_MS);

  // Push to talk by the keyboard: held V, never while typing or with a dialog open, and only while
  // one-letter keys are on (they can be turned off: speech input triggers them by accident, WCAG 2.1.4).
  const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const pushKey = (e: KeyboardEvent) => shell.access.steering.letters && e.key.toUpperCase() === PUSH_KEY && !e.ctrlKey && !e.altKey && !e.metaKey && !typing(e.target) && !document.querySelector("dialog[open]");
  window.addEventListener("keydown", (e) => {
    if (!pushKey(e) || prefs.mode !== "push" || !talk?.joined || !talk.canSpeak) return;
    e.preventDefault();
    if (e.repeat || panel.holding) return;
    panel.holdByKey(true);
    void hold(true);
  });
  window.addEventListener("keyup", (e) => {
    if (e.key.toUpperCase() !== PUSH_KEY || !panel.holding) return;
    panel.holdByKey(false);
    void hold(false);
  });
  window.addEventListener("blur", () => {
    if (!panel.holding) return;
    panel.holdByKey(false);
    void hold(false);
  });

  // The console's "speak to the class by voice": the microphone opens (as "speak" would, its
  // note first) when the lesson's talk has me in it, able to speak. Push to talk waits for the key.
  let speakInLesson = false;
  document.addEventListener(LESSON_SPEAK_EVENT, () => {
    speakInLesson = enabled && prefs.mode !== "push";
  });
  net.on("talk", (next) => {
    if (!speakInLesson || next.group !== "lesson" || !next.joined || !next.canSpeak) return;
    speakInLesson = false;
    if (!next.mic) void speak();
  });

  // The way of speaking changed in the voice check: it starts again from microphone off.
  document.addEventListener(VOICE_MODE_EVENT, (event) => {
    const mode = (event as CustomEvent<SpeakMode>).detail;
    prefs.set({ mode });
    if (stream) micOff();
    panel.mode = mode;
  });

  // The console's "share a screen to the board" (the lesson's teacher): the picker opens in the press's own turn.
  document.addEventListener(SCREEN_SHARE_EVENT, (event) => {
    if (!enabled) return; // not heard: the console says voice is off
    event.preventDefault();
    if ((event as CustomEvent<boolean>).detail) void share.start();
    else share.stop();
  });

  // Data saver changed in the settings (which saved it): the sharer's page is told to slow my link.
  document.addEventListener(SCREEN_SAVER_EVENT, (event) => {
    const on = (event as CustomEvent<boolean>).detail;
    prefs.set({ saver: on });
    mediaServer.setSaver(on);
    if (talk?.joined) net.send("screenSaver", { on });
  });

  // Voice turned off in the settings: out of any talk, microphone closed, panel away; on again, back.
  document.addEventListener(VOICE_SETTING_EVENT, (event) => {
    const on = (event as CustomEvent<boolean>).detail;
    if (on === enabled) return;
    enabled = on;
    if (!on) {
      if (talk?.joined) leave();
      else micOff();
      share.stop();
      peers.close();
      mediaServer.close();
      panel.element.hidden = true;
      say(w.ruby("voiceStopped"));
    } else if (talk) panel.update(talk, me());
    showScreen();
  });

  // Heard last, once everything above listens: a voice event that came before this part did (my
  // talk, an offer) is passed on now, and must find its listener.
  net.hear(VoiceEvents);

  // For tests and the curious: what the voice part knows, never a way round the server's rules.
  const handle = (window as unknown as { hidamari?: Record<string, unknown> }).hidamari;
  if (handle)
    handle.voice = {
      talk: () => talk,
      // Each peer link's audio by session id; through a media server, the one mixed stream as "media".
      stats: async () => {
        const mix = await mediaServer.stats();
        return { ...Object.fromEntries(await peers.stats()), ...(mix ? { media: { ...mix, route: "media" } } : {}) };
      },
      speaking: (id: string) => speakingNow.speaking(id),
      // The shared screen where I look (the video, the 3D board, the board's line), and the longest description sent.
      screen: () => ({ ...screen.inspect(), capturing: share.track !== null, hint: share.track?.contentHint ?? "", largestDescription: largestSent() }),
      send: <T extends keyof typeof VoiceMessages>(type: T, payload: Parameters<typeof net.send<T>>[1]) => net.send(type, payload),
    };
}
