import type { Candidate, Description, IceServer, Link } from "../../shared/protocol/voice.ts";
import { OPUS_MAX_BITRATE, SCREEN, directionOf, screenDirection, tuneOpus } from "./sdp.ts";

/** What a link sends through the server to its peer: the signalling of docs/voice.md. */
export type OutSignal = { to: string; description: Description } | { to: string; candidate: Candidate };
export type InSignal = { from: string; description: Description } | { from: string; candidate: Candidate };

export interface LinkStats {
  level: number;
  bytes: number;
  sent: number;
  route: string;
  /** The shared screen over this link: bytes and frames in (a viewer), bytes out (the sharer). */
  video: { bytes: number; frames: number; sent: number; framesSent: number };
}

/** A connection's shared screen from its stats report: bytes and frames in, and out (every copy it sends). */
export function videoOf(report: RTCStatsReport): LinkStats["video"] {
  const video = { bytes: 0, frames: 0, sent: 0, framesSent: 0 };
  report.forEach((s: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number; framesDecoded?: number; framesSent?: number }) => {
    if (s.type === "inbound-rtp" && s.kind === "video") {
      video.bytes += s.bytesReceived ?? 0;
      video.frames += s.framesDecoded ?? 0;
    }
    if (s.type === "outbound-rtp" && s.kind === "video") {
      video.sent += s.bytesSent ?? 0;
      video.framesSent += s.framesSent ?? 0;
    }
  });
  return video;
}

/** The longest session description this page has sent (VOICE_LIMITS.sdpMaxChars is the server's limit): for the tests. */
let largestDescription = 0;
export const largestSent = () => largestDescription;

export interface PeerOptions {
  /** Relays a signal to the peer (the server passes it on only while the link stands). */
  send: (signal: OutSignal) => void;
  /** Where the peers' <audio> elements live (hidden). */
  audioRoot: HTMLElement;
  /** A link failed in a way this page cannot mend by itself (said in the console). */
  failed?: (peer: string, why: string) => void;
  /** The browser would not play a peer's audio without a tap of its own. */
  blocked?: () => void;
  /** A peer's shared screen arrived (a video track), or its line changed: the page looks again (Talk.screen says whose to show). */
  video?: () => void;
}

/**
 * One voice link with one other person: an RTCPeerConnection carrying one audio transceiver,
 * negotiated the "perfect negotiation" way (the impolite page makes the first offer; when both
 * offer at once the polite one gives way). Its direction follows the link the server decided;
 * my microphone goes on it only while the link may send.
 */
class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly audio: HTMLAudioElement;
  #link: Link;
  #mic: MediaStreamTrack | null = null;
  /** My shared screen (the sharer's page only), sent on this link while the link carries video. */
  #screen: MediaStreamTrack | null = null;
  #makingOffer = false;
  #ignoreOffer = false;
  readonly #send: (signal: { description: Description } | { candidate: Candidate }) => void;
  readonly #failed: (why: string) => void;

  constructor(link: Link, config: RTCConfiguration, options: PeerOptions) {
    this.#link = link;
    this.#send = (signal) => options.send({ to: link.peer, ...signal });
    this.#failed = (why) => options.failed?.(link.peer, why);
    this.pc = new RTCPeerConnection(config);
    this.audio = document.createElement("audio");
    this.audio.autoplay = true;
    this.audio.dataset.peer = link.peer;
    options.audioRoot.append(this.audio);
    this.pc.addEventListener("track", (event) => {
      if (event.track.kind === "video") return options.video?.();
      this.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      // The person pressed "join", which lets most browsers play; one that still will not (Safari,
      // for a listener who never opened a microphone) gets a tap from the panel (options.blocked).
      this.audio.play().catch((error: unknown) => error instanceof DOMException && error.name === "NotAllowedError" && options.blocked?.());
    });
    this.pc.addEventListener("icecandidate", ({ candidate }) => {
      if (candidate?.candidate) this.#send({ candidate: candidateInit(candidate) });
    });
    this.pc.addEventListener("negotiationneeded", () => void this.#offer());
    this.pc.addEventListener("connectionstatechange", () => {
      if (this.pc.connectionState === "failed") {
        this.pc.restartIce();
        this.#failed("ice_failed");
      }
    });
    // The impolite page brings the audio line; the polite one takes it from the offer (one line, not two).
    if (!link.polite) opusOnly(this.pc.addTransceiver("audio", { direction: directionOf(link) }));
  }

  get link(): Link {
    return this.#link;
  }

  /** The link as the server says it is now (send, receive or video may have changed). */
  update(link: Link, mic: MediaStreamTrack | null, screen: MediaStreamTrack | null): void {
    this.#link = link;
    this.#mic = mic;
    this.#screen = screen;
    this.#apply();
  }

  /** The peer's shared screen as this page receives it (a video track), while the link carries it. */
  get screen(): MediaStreamTrack | null {
    const video = this.#video;
    return this.#link.video && video && /recv/.test(video.currentDirection ?? "") ? video.receiver.track : null;
  }

  /** The link's audio transceiver, once there is one (the polite page's comes with the first offer). */
  get #transceiver(): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === "audio");
  }

  /** The link's video transceiver (the shared screen), once the sharer's page added one. */
  get #video(): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === "video");
  }

  /**
   * The shared screen: as with the audio line, the impolite page brings the video line once the
   * link carries video (sending if it shares, receiving if it views), and the polite one takes it
   * from the offer. (A polite page adding a line of its own to a description the other page began
   * made Chromium refuse the offer: "a BUNDLE group contains a codec collision for header extension".)
   * The sharer sends only; a viewer receives only, and refuses it (inactive) once the link says the
   * share is over, as it refuses a muted person's audio.
   */
  #applyVideo(): void {
    const track = this.#link.video ? this.#screen : null;
    let video = this.#video;
    if (!video) {
      if (!this.#link.video || this.#link.polite) return;
      video = track
        ? this.pc.addTransceiver(track, { direction: "sendonly", sendEncodings: [{ maxBitrate: SCREEN.maxBitrate, maxFramerate: SCREEN.frameRate }] })
        : this.pc.addTransceiver("video", { direction: "recvonly" });
      codecOnly(video, "video", "video/vp8");
    }
    const direction = screenDirection(this.#link.video, track !== null);
    if (video.direction !== direction) video.direction = direction;
    if (video.sender.track !== track) void video.sender.replaceTrack(track).catch((error: unknown) => console.error("voice: screen not attached", error));
    const saver = this.#link.saver;
    // One change at a time: a second setParameters while the first is pending would be refused.
    if (track) this.#tuning = this.#tuning.then(() => limitScreen(video.sender, saver));
  }
  #tuning: Promise<void> = Promise.resolve();

  /** Direction and microphone as the link says; a change of direction renegotiates by itself. */
  #apply(): void {
    this.#applyVideo();
    const transceiver = this.#transceiver;
    if (!transceiver) return;
    const direction = directionOf(this.#link);
    if (transceiver.direction !== direction) transceiver.direction = direction;
    const track = this.#link.send ? this.#mic : null;
    if (transceiver.sender.track !== track) void transceiver.sender.replaceTrack(track).catch((error: unknown) => console.error("voice: microphone not attached", error));
    if (track) void limitBitrate(transceiver.sender);
  }

  async #offer(): Promise<void> {
    try {
      this.#makingOffer = true;
      const offer = await this.pc.createOffer();
      if (this.pc.signalingState !== "stable") return;
      await this.pc.setLocalDescription({ type: offer.type, sdp: tuneOpus(offer.sdp ?? "") });
      this.#sendDescription();
    } catch (error) {
      console.error("voice: offer failed", error);
    } finally {
      this.#makingOffer = false;
    }
  }

  #sendDescription(): void {
    const local = this.pc.localDescription;
    if (!local) return;
    largestDescription = Math.max(largestDescription, local.sdp.length);
    this.#send({ description: { type: local.type, sdp: local.sdp } });
  }

  async receive(signal: InSignal): Promise<void> {
    try {
      if ("description" in signal) {
        const description = signal.description;
        const collision = description.type === "offer" && (this.#makingOffer || this.pc.signalingState !== "stable");
        this.#ignoreOffer = !this.#link.polite && collision;
        if (this.#ignoreOffer) return;
        await this.pc.setRemoteDescription(description);
        if (description.type === "offer") {
          // The offer brought the transceiver (polite side): its codec and direction before answering.
          const transceiver = this.#transceiver;
          if (transceiver) opusOnly(transceiver);
          const video = this.#video;
          if (video) codecOnly(video, "video", "video/vp8");
          this.#apply();
          const answer = await this.pc.createAnswer();
          await this.pc.setLocalDescription({ type: answer.type, sdp: tuneOpus(answer.sdp ?? "") });
          this.#sendDescription();
        }
      } else {
        try {
          await this.pc.addIceCandidate(signal.candidate);
        } catch (error) {
          if (!this.#ignoreOffer) throw error;
        }
      }
    } catch (error) {
      console.error("voice: signalling failed", error);
    }
  }

  /** Inbound audio level (0..1) and bytes received, for "who is speaking" and the tests. */
  /** The link's audio as counted: level and bytes in, bytes out, and how it travels (the local candidate's type: host, srflx, relay). */
  async stats(): Promise<LinkStats> {
    let level = 0;
    let bytes = 0;
    let sent = 0;
    let pair = "";
    const report = await this.pc.getStats();
    const video = videoOf(report);
    type Stat = { type: string; kind?: string; audioLevel?: number; bytesReceived?: number; bytesSent?: number; selectedCandidatePairId?: string };
    report.forEach((s: Stat) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") {
        level = Math.max(level, s.audioLevel ?? 0);
        bytes += s.bytesReceived ?? 0;
      }
      if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.bytesSent ?? 0;
      if (s.type === "transport" && s.selectedCandidatePairId) pair = s.selectedCandidatePairId;
    });
    const local = report.get(report.get(pair)?.localCandidateId ?? "") as { candidateType?: string } | undefined;
    return { level, bytes, sent, route: local?.candidateType ?? "", video };
  }

  close(): void {
    this.pc.close();
    this.audio.srcObject = null;
    this.audio.remove();
  }
}

/**
 * Every voice link this page has, kept to the server's list (Talk.links): a link that appears is
 * opened, one that changes is redirected, one that goes is closed. A new `talk` after a
 * reconnection brings the list again and links are rebuilt from it.
 */
export class PeerLinks {
  readonly #options: PeerOptions;
  readonly #links = new Map<string, PeerLink>();
  /** Signals that came before the link they belong to (a moment's race with the `talk` event). */
  readonly #early = new Map<string, InSignal[]>();
  #iceKey = "";
  #mic: MediaStreamTrack | null = null;
  #screen: MediaStreamTrack | null = null;

  constructor(options: PeerOptions) {
    this.#options = options;
  }

  get peers(): string[] {
    return [...this.#links.keys()];
  }

  /** `relay`: through the TURN server only, so no child's network address reaches another's device (docs/voice.md). */
  update(links: readonly Link[], iceServers: readonly IceServer[], relay = false): void {
    const config: RTCConfiguration = { iceServers: iceServers.map((s) => ({ ...s })), bundlePolicy: "max-bundle", iceTransportPolicy: relay ? "relay" : "all" };
    // New TURN credentials do not need new links: the open ones take them for their next ICE restart.
    const iceKey = JSON.stringify(config);
    if (iceKey !== this.#iceKey) for (const link of this.#links.values()) link.pc.setConfiguration(config);
    this.#iceKey = iceKey;
    const wanted = new Map(links.map((l) => [l.peer, l]));
    for (const [peer, link] of this.#links) {
      const next = wanted.get(peer);
      // A link that turned politeness round is a new link (the peer rebuilt theirs).
      if (!next || next.polite !== link.link.polite) {
        link.close();
        this.#links.delete(peer);
      }
    }
    for (const link of links) {
      let peer = this.#links.get(link.peer);
      if (!peer) {
        peer = new PeerLink(link, config, this.#options);
        this.#links.set(link.peer, peer);
        const early = this.#early.get(link.peer);
        this.#early.delete(link.peer);
        for (const signal of early ?? []) void peer.receive(signal);
      }
      peer.update(link, this.#mic, this.#screen);
    }
  }

  receive(signal: InSignal): void {
    const link = this.#links.get(signal.from);
    if (link) return void link.receive(signal);
    const early = this.#early.get(signal.from) ?? [];
    if (this.#early.size > 16 || early.length > 64) return; // not for a link of ours after all
    early.push(signal);
    this.#early.set(signal.from, early);
  }

  /** My microphone on every link that may send (null takes it off them all). */
  setMic(track: MediaStreamTrack | null): void {
    this.#mic = track;
    for (const link of this.#links.values()) link.update(link.link, track, this.#screen);
  }

  /** My shared screen on every link that carries video (null takes it off them all). */
  setScreen(track: MediaStreamTrack | null): void {
    this.#screen = track;
    for (const link of this.#links.values()) link.update(link.link, this.#mic, track);
  }

  /** A peer's shared screen as it reaches me (its video track), or null. */
  screenOf(peer: string): MediaStreamTrack | null {
    return this.#links.get(peer)?.screen ?? null;
  }

  async stats(): Promise<Map<string, LinkStats>> {
    const entries = await Promise.all([...this.#links].map(async ([peer, link]) => [peer, await link.stats()] as const));
    return new Map(entries);
  }

  close(): void {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.#early.clear();
  }
}

/**
 * Opus alone: speech needs nothing else, and a description without the other codecs stays well
 * under the server's signalling limit (VOICE_LIMITS.sdpMaxChars, one socket frame).
 */
function opusOnly(transceiver: RTCRtpTransceiver): void {
  codecOnly(transceiver, "audio", "audio/opus");
}

/**
 * One codec alone on a line: Opus for speech; VP8 for a shared screen (every browser decodes it,
 * and without H.264's and AV1's many profiles a description with both lines stays under the limit).
 */
function codecOnly(transceiver: RTCRtpTransceiver, kind: "audio" | "video", mimeType: string): void {
  const codecs = (RTCRtpReceiver.getCapabilities?.(kind)?.codecs ?? []).filter((c) => c.mimeType.toLowerCase() === mimeType);
  if (codecs.length === 0 || !transceiver.setCodecPreferences) return;
  try {
    transceiver.setCodecPreferences(codecs);
  } catch {
    // A browser that will not narrow its codecs still talks: the description is a little longer.
  }
}

function candidateInit(candidate: RTCIceCandidate): Candidate {
  return { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, usernameFragment: candidate.usernameFragment };
}

/**
 * A shared screen to a child (issue 16): at most 250 kbps, five frames a second (one with the
 * viewer's data saver), and text kept sharp: a slow link lowers the frame rate, never the resolution.
 */
async function limitScreen(sender: RTCRtpSender, saver: boolean): Promise<void> {
  const params = sender.getParameters();
  const encoding = params.encodings[0];
  const frameRate = saver ? SCREEN.saverFrameRate : SCREEN.frameRate;
  if (!encoding || (encoding.maxBitrate === SCREEN.maxBitrate && encoding.maxFramerate === frameRate && params.degradationPreference === "maintain-resolution")) return;
  encoding.maxBitrate = SCREEN.maxBitrate;
  encoding.maxFramerate = frameRate;
  params.degradationPreference = "maintain-resolution";
  await sender.setParameters(params).catch(async () => {
    // A browser that will not take the preference still takes the ceilings (the track's contentHint asks the same).
    delete params.degradationPreference;
    await sender.setParameters(params).catch((error: unknown) => console.error("voice: screen limits not set", error));
  });
}

/** A modest ceiling on what I send (speech in mono), whatever the other side's description asked. */
async function limitBitrate(sender: RTCRtpSender): Promise<void> {
  const params = sender.getParameters();
  const encoding = params.encodings[0];
  if (!encoding || encoding.maxBitrate === OPUS_MAX_BITRATE) return;
  encoding.maxBitrate = OPUS_MAX_BITRATE;
  await sender.setParameters(params).catch(() => {});
}
