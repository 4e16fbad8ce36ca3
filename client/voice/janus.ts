import type { MediaGrant } from "../../shared/protocol/voice.ts";
import { type HandleEvent, JanusSession } from "./janusSession.ts";
import { publishScreen, viewScreen, type ScreenLink } from "./janusScreen.ts";

/**
 * Talking through the media server (docs/voice.md "With a media server"): the page joins its
 * talk's AudioBridge room with the grant the server gave it (Talk.media) and receives ONE mixed
 * stream however many speak; its microphone goes up one connection. It joins muted and
 * unmutes itself only while the person speaks; the server mutes it there anyway whenever the
 * rules say it may not speak. A shared screen comes from the grant's VideoRoom room (viewers),
 * or goes up to it (the sharer).
 *
 * The talk panel uses only this:
 *   const media = await joinMediaServer(talk.media, { iceServers: talk.iceServers, onRemoteStream, onLevel });
 *   media.setMic(track) / media.setMic(null)   // on "speak" / "stop"
 *   media.setScreen(talk.media.screen ?? null, talk.screen === mySession ? displayStream : null)
 *   media.setSaver(prefs.saver)                // data saver: the screen at one frame a second
 *   media.close()                              // on leaving the talk
 */
export interface MediaHandlers {
  /** ICE servers to reach the media server by (the talk's, with TURN where configured). */
  iceServers?: RTCIceServer[];
  /** The mixed audio of the talk (also played by an <audio> element this module keeps). */
  onRemoteStream?(stream: MediaStream): void;
  /** How loud the mixed audio arriving is now, 0..1, four times a second (for a "someone is talking" cue). */
  onLevel?(level: number): void;
  /** Janus's talking events: a participant (by their id) started or stopped talking. */
  onTalking?(id: number, talking: boolean): void;
  /** The shared screen's video arrived (a stream), or it ended (null). */
  onScreen?(stream: MediaStream | null): void;
  /** The media server dropped this page (kicked, the room closed, the socket lost): the panel shows the talk as left. */
  onClosed?(reason: string): void;
}

export interface MediaConnection {
  /** Starts (a track) or stops (null) sending the microphone; unmutes or mutes this participant with it. */
  setMic(track: MediaStreamTrack | null): Promise<void>;
  /**
   * Follows the grant's screen room: watch it (viewers), or publish `share` to it (the sharer, with
   * a stream from getDisplayMedia taken on their click); null stops either.
   */
  setScreen(screen: MediaGrant["screen"] | null, share?: MediaStream | null): Promise<void>;
  /** Data saver: the shared screen I watch comes at one frame a second (now, and whenever I watch one). */
  setSaver(on: boolean): Promise<void>;
  /** The peer connection carrying the talk's audio (for statistics). */
  readonly peer: RTCPeerConnection;
  /** The shared screen's own connection while I watch or share one (for statistics). */
  readonly screenPeer: RTCPeerConnection | null;
  close(): void;
}

export async function joinMediaServer(grant: MediaGrant, handlers: MediaHandlers = {}): Promise<MediaConnection> {
  const session = await JanusSession.open(grant.url);
  const pc = new RTCPeerConnection({ iceServers: handlers.iceServers ?? [] });
  const audio = new Audio();
  audio.autoplay = true;
  let closed = false;
  let screen: ScreenLink | null = null;
  let screenKey = "";
  let saver = false;
  let levels: ReturnType<typeof setInterval> | null = null;

  const close = (reason?: string) => {
    if (closed) return;
    closed = true;
    if (levels) clearInterval(levels);
    screen?.close();
    pc.close();
    audio.srcObject = null;
    session.close();
    if (reason) handlers.onClosed?.(reason);
  };
  session.onLost = (reason) => close(reason);

  const onEvent = (event: HandleEvent) => {
    if (event.janus === "trickle" && event.candidate && !("completed" in event.candidate)) {
      pc.addIceCandidate(event.candidate).catch(() => undefined);
      return;
    }
    if (event.janus === "hangup" || event.janus === "detached") return close("the media server hung up");
    const data = event.data;
    if (!data) return;
    if (data.audiobridge === "talking" || data.audiobridge === "stopped-talking") {
      if (typeof data.id === "number") handlers.onTalking?.(data.id, data.audiobridge === "talking");
    } else if (data.audiobridge === "destroyed" || (data.audiobridge === "event" && data.kicked === grant.id)) {
      close("the talk's room closed");
    }
  };
  try {
    const handle = await session.attach("janus.plugin.audiobridge", onEvent);
    pc.onicecandidate = (e) => session.trickle(handle, e.candidate);
    pc.ontrack = (e) => {
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      audio.srcObject = stream;
      audio.play().catch(() => undefined);
      handlers.onRemoteStream?.(stream);
    };
    // Send and receive from the start, with nothing to send yet: the microphone is added later without renegotiating.
    const transceiver = pc.addTransceiver("audio", { direction: "sendrecv" });
    preferOpus(transceiver);
    await session.message(handle, { request: "join", room: grant.audioRoom, id: grant.id, token: grant.token, muted: true, bitrate: MIX_BITRATE });
    await pc.setLocalDescription(await pc.createOffer());
    const answered = await session.message(handle, { request: "configure", muted: true }, pc.localDescription ?? undefined);
    if (!answered.jsep) throw new Error("the media server sent no answer");
    await pc.setRemoteDescription(answered.jsep);
    if (handlers.onLevel) levels = setInterval(() => inboundLevel(pc).then((l) => handlers.onLevel?.(l)), 250);

    return {
      peer: pc,
      get screenPeer() {
        return screen?.peer ?? null;
      },
      async setMic(track) {
        await transceiver.sender.replaceTrack(track);
        await session.message(handle, { request: "configure", muted: track === null });
      },
      async setScreen(next, share = null) {
        const key = next ? `${next.room}:${next.feed}:${share ? "share" : "view"}` : "";
        if (key === screenKey) return;
        screenKey = key;
        screen?.close();
        screen = null;
        if (!next) return handlers.onScreen?.(null);
        const options = { session, iceServers: handlers.iceServers ?? [], token: grant.token };
        screen = share ? await publishScreen(next, share, options) : await viewScreen(next, options, (s) => handlers.onScreen?.(s), saver);
        await screen.setSaver(saver); // changed while the viewer joined
      },
      async setSaver(on) {
        saver = on;
        await screen?.setSaver(on);
      },
      close: () => close(),
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * The bitrate of the mix Janus encodes for this listener. AudioBridge sends its mix in 20 ms
 * packets, 50 a second, speech or silence (no DTX in 1.1), so on a school's LTE the packets'
 * headers cost as much as the voice: at its own choice (~14 kbps) a lesson's hour was 17 MB,
 * over issue 16's 15. 10 kbps is within Opus's range for speech in the room's 16 kHz; nobody has
 * yet judged it by ear (docs/benchmarks.md, "The mix at 10 kbps").
 */
export const MIX_BITRATE = 10_000;

/** Opus alone in the offer: the room mixes Opus, and the description stays small. */
function preferOpus(transceiver: RTCRtpTransceiver): void {
  const codecs = RTCRtpReceiver.getCapabilities?.("audio")?.codecs ?? [];
  const opus = codecs.filter((c) => c.mimeType.toLowerCase() === "audio/opus");
  if (opus.length > 0 && "setCodecPreferences" in transceiver) transceiver.setCodecPreferences(opus);
}

async function inboundLevel(pc: RTCPeerConnection): Promise<number> {
  let level = 0;
  (await pc.getStats()).forEach((s: { type: string; kind?: string; audioLevel?: number }) => {
    if (s.type === "inbound-rtp" && s.kind === "audio" && typeof s.audioLevel === "number") level = Math.max(level, s.audioLevel);
  });
  return level;
}
