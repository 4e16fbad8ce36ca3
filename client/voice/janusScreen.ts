import type { MediaGrant } from "../../shared/protocol/voice.ts";
import { type HandleEvent, JanusError, type JanusSession } from "./janusSession.ts";
import { SCREEN } from "./sdp.ts";

/**
 * A lesson's shared screen through Janus's VideoRoom (client/voice/janus.ts uses these): the
 * sharer publishes one video to the grant's room as its feed (the room admits only the sharer's
 * token as a publisher); everyone else subscribes to that feed with the room's pin. Video only:
 * the voice stays in the audio room.
 *
 * Data saver: peer to peer, the sharer slows each saver's own link; through Janus there is one
 * upload for everyone. So the sharer sends it twice at the same size (simulcast, text stays
 * sharp): at five frames a second, and at one. Janus relays each viewer the copy they chose
 * (a subscriber's `substream`), and a viewer changes copy without a new connection.
 */
export type ScreenRoom = NonNullable<MediaGrant["screen"]>;

export interface ScreenOptions {
  session: JanusSession;
  iceServers: RTCIceServer[];
  /** My grant's token (the sharer's admits them as the room's publisher). */
  token: string;
}

export interface ScreenLink {
  /** The screen's own connection (for statistics). */
  readonly peer: RTCPeerConnection;
  /** A viewer's data saver, on or off (the sharer's link ignores it). */
  setSaver(on: boolean): Promise<void>;
  close(): void;
}

/**
 * The sharer's two copies, listed low first (told to Janus as `rid_order: "lmh"`), so the
 * substream numbers are their places here: 0 at one frame a second, 1 at five.
 */
const COPIES: RTCRtpEncodingParameters[] = [
  { rid: "saver", maxBitrate: SCREEN.maxBitrate, maxFramerate: SCREEN.saverFrameRate },
  { rid: "full", maxBitrate: SCREEN.maxBitrate, maxFramerate: SCREEN.frameRate },
];
const copyFor = (saver: boolean) => (saver ? 0 : 1);
/**
 * A viewer of the full copy drops to the saver's after this long without a frame of it (Janus's
 * `fallback`, in microseconds): Janus's own 250 ms is shorter than a still screen's gaps.
 */
const FALLBACK_US = 2_000_000;

/** How long a viewer waits for the sharer's feed to appear (they may join before the share is up). */
const FEED_WAIT_MS = 20_000;

export async function viewScreen(screen: ScreenRoom, { session, iceServers }: ScreenOptions, onStream: (stream: MediaStream | null) => void, saver = false): Promise<ScreenLink> {
  const pc = new RTCPeerConnection({ iceServers });
  let handle = 0;
  const onEvent = (event: HandleEvent) => {
    if (event.janus === "trickle" && event.candidate && !("completed" in event.candidate)) pc.addIceCandidate(event.candidate).catch(() => undefined);
    if (event.janus === "hangup" || event.data?.left === "ok" || event.data?.videoroom === "destroyed") onStream(null);
  };
  handle = await session.attach("janus.plugin.videoroom", onEvent);
  let copy = copyFor(saver);
  const link: ScreenLink = {
    peer: pc,
    async setSaver(on) {
      const mid = pc.getTransceivers()[0]?.mid;
      if (copyFor(on) === copy || mid == null) return;
      copy = copyFor(on);
      await session.message(handle, { request: "configure", streams: [{ mid, substream: copy }] });
    },
    close() {
      pc.close();
      session.detach(handle).catch(() => undefined);
    },
  };
  try {
    pc.onicecandidate = (e) => session.trickle(handle, e.candidate);
    pc.ontrack = (e) => onStream(e.streams[0] ?? new MediaStream([e.track]));
    const started = Date.now();
    let offer: RTCSessionDescriptionInit | undefined;
    while (!offer) {
      try {
        offer = (await session.message(handle, { request: "join", ptype: "subscriber", room: screen.room, pin: screen.pin, streams: [{ feed: screen.feed, substream: copy, fallback: FALLBACK_US }] })).jsep;
        if (!offer) throw new JanusError("no offer for the screen", null);
      } catch (error) {
        // 428: the sharer has not published yet.
        if (!(error instanceof JanusError && error.code === 428) || Date.now() - started > FEED_WAIT_MS) throw error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    await session.message(handle, { request: "start" }, pc.localDescription ?? undefined);
    return link;
  } catch (error) {
    link.close();
    throw error;
  }
}

export async function publishScreen(screen: ScreenRoom, share: MediaStream, { session, iceServers, token }: ScreenOptions): Promise<ScreenLink> {
  const pc = new RTCPeerConnection({ iceServers });
  const handle = await session.attach("janus.plugin.videoroom", (event) => {
    if (event.janus === "trickle" && event.candidate && !("completed" in event.candidate)) pc.addIceCandidate(event.candidate).catch(() => undefined);
  });
  const link: ScreenLink = {
    peer: pc,
    setSaver: async () => {},
    close() {
      pc.close();
      session.detach(handle).catch(() => undefined);
    },
  };
  try {
    pc.onicecandidate = (e) => session.trickle(handle, e.candidate);
    const track = share.getVideoTracks()[0];
    if (!track) throw new Error("the shared screen has no video");
    const { sender } = pc.addTransceiver(track, { direction: "sendonly", streams: [share], sendEncodings: COPIES });
    await keepSharp(sender);
    await session.message(handle, { request: "join", ptype: "publisher", room: screen.room, id: screen.feed, token, pin: screen.pin });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const answered = await session.message(handle, { request: "publish" }, { type: offer.type, sdp: pc.localDescription?.sdp ?? offer.sdp ?? "", rid_order: "lmh" });
    if (!answered.jsep) throw new Error("the media server sent no answer for the screen");
    await pc.setRemoteDescription(answered.jsep);
    return link;
  } catch (error) {
    link.close();
    throw error;
  }
}

/** A slow link lowers the frame rate, never the resolution (as peer to peer: peers.ts). */
async function keepSharp(sender: RTCRtpSender): Promise<void> {
  const params = sender.getParameters();
  params.degradationPreference = "maintain-resolution";
  await sender.setParameters(params).catch(() => undefined); // the track's contentHint asks the same
}
