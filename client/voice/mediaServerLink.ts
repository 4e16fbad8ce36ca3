import type { MediaGrant, Talk } from "../../shared/protocol/voice.ts";
import { type MediaConnection, joinMediaServer } from "./janus.ts";
import { type LinkStats, videoOf } from "./peers.ts";

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
  /** The shared screen: the grant's room (while one is shared in my talk), mine to send if I share it, and what arrives from it. */
  #screenRoom: MediaGrant["screen"] | null = null;
  #share: MediaStream | null = null;
  #screen: MediaStream | null = null;
  /** Data saver (the settings'): the screen I watch at one frame a second. */
  #saver = false;

  constructor(
    private readonly failed: (why: string) => void,
    /** The shared screen's video arrived or ended (the page looks again: screenTrack). */
    private readonly screenChanged: () => void = () => {},
  ) {}

  /** Who the room says is talking now, by participant id (TalkPerson.mediaId); nobody once I am out of it. */
  readonly talking = new Set<number>();

  /** The shared screen's video as it reaches me through the media server, or null. */
  get screenTrack(): MediaStreamTrack | null {
    return this.#screen?.getVideoTracks()[0] ?? null;
  }

  /** `sharing`: the talk's screen is mine (Talk.screen is my session), so the screen room takes it from me. */
  update(talk: Talk, sharing = false): void {
    const grant = talk.joined ? talk.media : null;
    // Only while the talk says a screen is shared: a grant can still name a room the server is closing.
    this.#screenRoom = talk.screen ? (grant?.screen ?? null) : null;
    this.#sharing = sharing;
    const key = grant ? `${grant.audioRoom}|${grant.token}` : "";
    if (key === this.#key) return void this.#followScreen();
    this.close();
    if (!grant) return;
    this.#key = key;
    const joining = joinMediaServer(grant, {
      iceServers: talk.iceServers.map((s) => ({ ...s })),
      onClosed: (why) => {
        if (this.#key === key) this.failed(why);
      },
      onTalking: (id, on) => {
        if (this.#key !== key) return;
        if (on) this.talking.add(id);
        else this.talking.delete(id);
      },
      onScreen: (stream) => {
        this.#screen = stream;
        this.screenChanged();
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
        void connection.setSaver(this.#saver);
        this.#followScreen();
        return connection;
      },
      (error: unknown) => {
        this.failed(String(error));
        return null;
      },
    );
    this.#joining = joining;
  }

  /**
   * The mixed audio as counted: level and bytes in, bytes out, and how many audio streams arrive
   * (one, however many speak); and the shared screen, in or out.
   */
  async stats(): Promise<{ level: number; bytes: number; sent: number; streams: number; video: LinkStats["video"] } | null> {
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
    const screen = this.#connection?.screenPeer;
    const video = screen ? videoOf(await screen.getStats()) : { bytes: 0, frames: 0, sent: 0, framesSent: 0 };
    return { level, bytes, sent, streams, video };
  }

  setMic(track: MediaStreamTrack | null): void {
    this.#mic = track;
    void this.#connection?.setMic(track);
  }

  setSaver(on: boolean): void {
    this.#saver = on;
    this.#connection?.setSaver(on).catch((error: unknown) => console.error("voice: data saver not set on the media server", error));
  }

  /** My shared screen (from getDisplayMedia), published to the screen room once the grant carries it. */
  setShare(stream: MediaStream | null): void {
    this.#share = stream;
    this.#followScreen();
  }
  #sharing = false;

  /** Watch the screen room, publish to it (the sharer), or neither, as the grant and my share say. */
  #followScreen(): void {
    const connection = this.#connection;
    if (!connection) return;
    const share = this.#sharing ? this.#share : null;
    // The sharer waits for the room the server opens for their share; a viewer watches it.
    const room = this.#sharing && !share ? null : this.#screenRoom;
    if (!room && this.#screen) {
      this.#screen = null;
      this.screenChanged();
    }
    connection.setScreen(room, share).catch((error: unknown) => console.error("voice: the shared screen through the media server failed", error));
  }

  close(): void {
    if (this.#screen) {
      this.#screen = null;
      this.screenChanged();
    }
    this.#connection?.close();
    this.#connection = null;
    this.#joining = null;
    this.#key = "";
    this.talking.clear();
  }
}
