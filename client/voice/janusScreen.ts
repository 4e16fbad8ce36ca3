import type { MediaGrant } from "../../shared/protocol/voice.ts";
import { type HandleEvent, JanusError, type JanusSession } from "./janusSession.ts";

/**
 * A lesson's shared screen through Janus's VideoRoom (client/voice/janus.ts uses these): the
 * sharer publishes one video to the grant's room as its feed (the room admits only the sharer's
 * token as a publisher); everyone else subscribes to that feed with the room's pin. Video only:
 * the voice stays in the audio room.
 */
export type ScreenRoom = NonNullable<MediaGrant["screen"]>;

export interface ScreenOptions {
  session: JanusSession;
  iceServers: RTCIceServer[];
  /** My grant's token (the sharer's admits them as the room's publisher). */
  token: string;
}

export interface ScreenLink {
  close(): void;
}

/** How long a viewer waits for the sharer's feed to appear (they may join before the share is up). */
const FEED_WAIT_MS = 20_000;

export async function viewScreen(screen: ScreenRoom, { session, iceServers }: ScreenOptions, onStream: (stream: MediaStream | null) => void): Promise<ScreenLink> {
  const pc = new RTCPeerConnection({ iceServers });
  let handle = 0;
  const onEvent = (event: HandleEvent) => {
    if (event.janus === "trickle" && event.candidate && !("completed" in event.candidate)) pc.addIceCandidate(event.candidate).catch(() => undefined);
    if (event.janus === "hangup" || event.data?.left === "ok" || event.data?.videoroom === "destroyed") onStream(null);
  };
  handle = await session.attach("janus.plugin.videoroom", onEvent);
  const link = {
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
        offer = (await session.message(handle, { request: "join", ptype: "subscriber", room: screen.room, pin: screen.pin, streams: [{ feed: screen.feed }] })).jsep;
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
  const link = {
    close() {
      pc.close();
      session.detach(handle).catch(() => undefined);
    },
  };
  try {
    pc.onicecandidate = (e) => session.trickle(handle, e.candidate);
    const track = share.getVideoTracks()[0];
    if (!track) throw new Error("the shared screen has no video");
    pc.addTransceiver(track, { direction: "sendonly", streams: [share] });
    await session.message(handle, { request: "join", ptype: "publisher", room: screen.room, id: screen.feed, token, pin: screen.pin });
    await pc.setLocalDescription(await pc.createOffer());
    const answered = await session.message(handle, { request: "publish" }, pc.localDescription ?? undefined);
    if (!answered.jsep) throw new Error("the media server sent no answer for the screen");
    await pc.setRemoteDescription(answered.jsep);
    return link;
  } catch (error) {
    link.close();
    throw error;
  }
}
