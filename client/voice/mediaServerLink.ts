import type { Talk } from "../../shared/protocol/voice.ts";
import { type MediaConnection, joinMediaServer } from "./janus.ts";

/**
 * The talk through the media server (Talk.media, docs/voice.md "With a media server"), kept to the
 * server's grant as PeerLinks keeps peer links to Talk.links: joined when a grant comes, joined
 * again when the grant changes (a new room after the media server restarted), closed when it goes.
 * The microphone's track is handed on whenever the connection is there.
 */
export class MediaServerLink {
  #connection: MediaConnection | null = null;
  #joining: Promise<MediaConnection | null> | null = null;
  /** The grant joined with (room and token): a different one means a new connection. */
  #key = "";
  #mic: MediaStreamTrack | null = null;

  constructor(private readonly failed: (why: string) => void) {}

  update(talk: Talk): void {
    const grant = talk.joined ? talk.media : null;
    const key = grant ? `${grant.audioRoom}|${grant.token}` : "";
    if (key === this.#key) return;
    this.close();
    if (!grant) return;
    this.#key = key;
    const joining = joinMediaServer(grant, {
      iceServers: talk.iceServers.map((s) => ({ ...s })),
      onClosed: (why) => {
        if (this.#key === key) this.failed(why);
      },
    }).then(
      (connection) => {
        // Left (or given another grant) while joining: this one is not wanted any more.
        if (this.#joining !== joining) {
          connection.close();
          return null;
        }
        this.#connection = connection;
        void connection.setMic(this.#mic);
        return connection;
      },
      (error: unknown) => {
        this.failed(String(error));
        return null;
      },
    );
    this.#joining = joining;
  }

  /** The mixed audio as counted: level and bytes in, bytes out, and how many audio streams arrive (one, however many speak). */
  async stats(): Promise<{ level: number; bytes: number; sent: number; streams: number } | null> {
    const peer = this.#connection?.peer;
    if (!peer) return null;
    let level = 0;
    let bytes = 0;
    let sent = 0;
    let streams = 0;
    (await peer.getStats()).forEach((s: { type: string; kind?: string; audioLevel?: number; bytesReceived?: number; bytesSent?: number }) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") {
        streams++;
        level = Math.max(level, s.audioLevel ?? 0);
        bytes += s.bytesReceived ?? 0;
      }
      if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.bytesSent ?? 0;
    });
    return { level, bytes, sent, streams };
  }

  setMic(track: MediaStreamTrack | null): void {
    this.#mic = track;
    void this.#connection?.setMic(track);
  }

  close(): void {
    this.#connection?.close();
    this.#connection = null;
    this.#joining = null;
    this.#key = "";
  }
}
