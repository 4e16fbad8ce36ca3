import { randomBytes, randomInt } from "node:crypto";
import Janode, { type Connection, type Handle, type Session } from "janode";
import AudioBridge from "janode/plugins/audiobridge";
import VideoRoom from "janode/plugins/videoroom";
import type { MediaGrant } from "../../shared/protocol/voice.ts";
import type { Logger } from "../log.ts";
import type { GroupKey, MediaServer, ScreenGrant } from "./mediaServer.ts";

/**
 * The media server as Janus 1.1 (Debian's `janus`), driven over its WebSocket API with janode.
 * Per voice group an AudioBridge room: made on first use with a random secret, nothing recorded,
 * talking events on, and an `allowed` token list, so only people this server granted get in, each
 * with a participant id chosen here. Per lesson with a shared screen a VideoRoom room whose one
 * publisher is the sharer (their token is its only allowed one) and whose viewers join with its pin.
 *
 * Muting: AudioBridge 1.1.2 keeps a moderator's mute in the same flag as a participant's own, so
 * a page may `configure` itself unmuted again (test/integration/janus.test.ts shows it). This
 * server therefore sits in every audio room itself, as a participant with no media (the
 * "monitor"), sees each participant join or configure, and mutes again at once anyone it holds
 * muted who unmuted themselves.
 */
export interface JanusOptions {
  /** The WebSocket API this server drives (HIDAMARI_JANUS_URL). */
  url: string;
  /** What pages connect to (HIDAMARI_JANUS_PUBLIC_URL): handed out in grants. */
  publicUrl: string;
  /** The plugins' admin_key, needed to create rooms when Janus sets one (HIDAMARI_JANUS_ADMIN_KEY). */
  adminKey?: string | undefined;
  logger: Logger;
}

interface Person {
  readonly id: number;
  readonly token: string;
  muted: boolean;
}

interface ScreenRoom {
  readonly room: number;
  readonly secret: string;
  readonly feed: number;
  readonly sharer: string;
  pin: string;
}

interface AudioRoom {
  readonly key: GroupKey;
  readonly room: number;
  readonly secret: string;
  readonly people: Map<string, Person>;
  screen: ScreenRoom | null;
  /** The server's own participant in the room, which hears of every configure. */
  monitor: Handle | null;
}

interface Link {
  connection: Connection;
  session: Session;
  audio: Handle;
  video: Handle;
}

/** Janus's AudioBridge/VideoRoom errors that mean "already gone": nothing left to undo. */
const GONE = new Set([485, 487, 492, 426, 428]);
/** Room and participant ids: random, and below 2^53 so a JSON number keeps them exact. */
const newId = () => randomInt(1, 2 ** 48 - 1);
const newSecret = () => randomBytes(18).toString("base64url");

export class JanusError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class JanusMediaServer implements MediaServer {
  readonly #options: JanusOptions;
  #link: Promise<Link> | null = null;
  readonly #rooms = new Map<string, AudioRoom>();
  /** Rooms being made: a second grant to the same group waits for the first one's room. */
  readonly #making = new Map<string, Promise<AudioRoom>>();
  readonly #watchers = new Map<string, Set<(what: "screen" | "lost") => void>>();
  #retry: NodeJS.Timeout | null = null;
  #retryMs = 500;
  #closed = false;

  get pageUrl(): string {
    return this.#options.publicUrl;
  }

  constructor(options: JanusOptions) {
    this.#options = options;
    Janode.Logger.setLevel("none");
  }

  async grant(key: GroupKey, session: string, muted: boolean): Promise<MediaGrant> {
    const room = await this.#room(key);
    let person = room.people.get(session);
    if (!person) {
      person = { id: newId(), token: newSecret(), muted };
      room.people.set(session, person);
      try {
        await this.#ask("audio", { request: "allowed", room: room.room, secret: room.secret, action: "add", allowed: [person.token] });
      } catch (error) {
        room.people.delete(session);
        throw error;
      }
    }
    person.muted = muted;
    const screen = this.screenOf(key);
    return { url: this.#options.publicUrl, audioRoom: room.room, id: person.id, token: person.token, ...(screen ? { screen } : {}) };
  }

  async revoke(key: GroupKey, session: string): Promise<void> {
    const room = this.#rooms.get(keyOf(key));
    const person = room?.people.get(session);
    if (!room || !person) return;
    room.people.delete(session);
    if (room.people.size === 0) return this.#destroy(room);
    await Promise.all([
      this.#ask("audio", { request: "allowed", room: room.room, secret: room.secret, action: "remove", allowed: [person.token] }).catch(gone),
      this.#ask("audio", { request: "kick", room: room.room, secret: room.secret, id: person.id }).catch(gone),
    ]);
    const screen = room.screen;
    if (screen && screen.sharer === session) {
      await this.#destroyScreen(room);
      this.#tell(key.space, "screen");
    } else if (screen) {
      // Someone who left the talk knows the pin: a new one for those still in it (viewers keep watching).
      const pin = newSecret();
      await this.#ask("video", { request: "edit", room: screen.room, secret: screen.secret, new_pin: pin }).catch(gone);
      screen.pin = pin;
      this.#tell(key.space, "screen");
    }
  }

  async setMuted(key: GroupKey, session: string, muted: boolean): Promise<void> {
    const room = this.#rooms.get(keyOf(key));
    const person = room?.people.get(session);
    if (!room || !person) return;
    person.muted = muted;
    // Not joined yet (492) is fine: the monitor sees them join and applies it then.
    await this.#ask("audio", { request: muted ? "mute" : "unmute", room: room.room, secret: room.secret, id: person.id }).catch(gone);
  }

  async share(key: GroupKey, sharer: string | null): Promise<ScreenGrant | null> {
    const room = this.#rooms.get(keyOf(key));
    if (!room) return null;
    if (room.screen && room.screen.sharer === sharer) return this.screenOf(key);
    if (room.screen) await this.#destroyScreen(room);
    const person = sharer === null ? undefined : room.people.get(sharer);
    if (sharer === null || !person) return null;
    const screen: ScreenRoom = { room: newId(), secret: newSecret(), pin: newSecret(), feed: newId(), sharer };
    await this.#ask("video", {
      request: "create",
      room: screen.room,
      description: `${key.group} screen`,
      secret: screen.secret,
      pin: screen.pin,
      is_private: true,
      publishers: 1,
      allowed: [person.token],
      record: false,
      lock_record: true,
      videocodec: "vp8",
      notify_joining: false,
      ...this.#adminKey(),
    });
    room.screen = screen;
    return this.screenOf(key);
  }

  screenOf(key: GroupKey): ScreenGrant | null {
    const screen = this.#rooms.get(keyOf(key))?.screen;
    return screen ? { room: screen.room, feed: screen.feed, pin: screen.pin } : null;
  }

  async closeSpace(space: string): Promise<void> {
    const rooms = [...this.#rooms.values()].filter((r) => r.key.space === space);
    await Promise.all(rooms.map((r) => this.#destroy(r)));
  }

  watch(space: string, listener: (what: "screen" | "lost") => void): () => void {
    const set = this.#watchers.get(space) ?? new Set();
    set.add(listener);
    this.#watchers.set(space, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#watchers.delete(space);
    };
  }

  async ready(): Promise<boolean> {
    try {
      const link = await within(this.#connect(), 1000);
      await within(link.connection.getInfo(), 1000);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    await Promise.all([...this.#rooms.values()].map((r) => this.#destroy(r).catch(() => undefined)));
    const link = await this.#link?.catch(() => null);
    this.#link = null;
    await link?.connection.close().catch(() => undefined);
  }

  /** The group's audio room, made now if there is none (and the server joined to it as its monitor). */
  async #room(key: GroupKey): Promise<AudioRoom> {
    const k = keyOf(key);
    const known = this.#rooms.get(k);
    if (known) return known;
    const making = this.#making.get(k);
    if (making) return making;
    const made = (async () => {
      const room: AudioRoom = { key, room: newId(), secret: newSecret(), people: new Map(), screen: null, monitor: null };
      await this.#ask("audio", {
        request: "create",
        room: room.room,
        description: key.group,
        secret: room.secret,
        is_private: true,
        record: false,
        sampling_rate: 16000,
        audiolevel_event: true,
        audio_active_packets: 50,
        audio_level_average: 40,
        // The allowed list is on from the start; the monitor's own token is its first entry.
        allowed: [],
        ...this.#adminKey(),
      });
      this.#rooms.set(k, room);
      try {
        await this.#monitor(room);
      } catch (error) {
        await this.#destroy(room).catch(() => undefined);
        throw error;
      }
      return room;
    })();
    this.#making.set(k, made);
    try {
      return await made;
    } finally {
      this.#making.delete(k);
    }
  }

  /** Joins the server to the room, with no media, to hear of every participant's mute state. */
  async #monitor(room: AudioRoom): Promise<void> {
    const link = await this.#connect();
    const token = newSecret();
    await this.#ask("audio", { request: "allowed", room: room.room, secret: room.secret, action: "add", allowed: [token] });
    const handle = await link.session.attach(AudioBridge);
    const check = (data: { feed?: unknown; muted?: unknown }) => {
      if (data.muted !== false) return;
      const person = [...room.people.values()].find((p) => p.id === data.feed);
      if (!person?.muted) return;
      this.#options.logger.info({ group: room.key.group }, "a participant unmuted themselves while held muted: muted again");
      this.#ask("audio", { request: "mute", room: room.room, secret: room.secret, id: person.id }).catch((err: unknown) => {
        if (!isGone(err)) this.#options.logger.error({ err }, "could not mute a participant again");
      });
    };
    handle.on(AudioBridge.EVENT.AUDIOBRIDGE_PEER_JOINED, check);
    handle.on(AudioBridge.EVENT.AUDIOBRIDGE_PEER_CONFIGURED, check);
    await answer(await handle.message({ request: "join", room: room.room, id: newId(), display: "hidamari", token, muted: true }));
    room.monitor = handle;
  }

  async #destroy(room: AudioRoom): Promise<void> {
    if (this.#rooms.get(keyOf(room.key)) === room) this.#rooms.delete(keyOf(room.key));
    room.people.clear();
    if (room.screen) await this.#destroyScreen(room).catch(() => undefined);
    const monitor = room.monitor;
    room.monitor = null;
    await this.#ask("audio", { request: "destroy", room: room.room, secret: room.secret }).catch(gone);
    await monitor?.detach().catch(() => undefined);
  }

  async #destroyScreen(room: AudioRoom): Promise<void> {
    const screen = room.screen;
    room.screen = null;
    if (screen) await this.#ask("video", { request: "destroy", room: screen.room, secret: screen.secret }).catch(gone);
  }

  #adminKey(): { admin_key?: string } {
    return this.#options.adminKey ? { admin_key: this.#options.adminKey } : {};
  }

  /** A synchronous plugin request on the server's own AudioBridge or VideoRoom handle. */
  async #ask(plugin: "audio" | "video", body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const link = await this.#connect();
    try {
      return answer(await within(link[plugin].message(body), 5000));
    } catch (error) {
      throw asJanusError(error, body.request);
    }
  }

  /** The connection, its session and the server's two handles: opened on first use, and again after a drop. */
  #connect(): Promise<Link> {
    if (this.#closed) return Promise.reject(new JanusError("the media server connection is closed", null));
    if (this.#link) return this.#link;
    const link = within(this.#open(), 5000);
    this.#link = link;
    link.then(
      ({ connection, session }) => {
        this.#retryMs = 500;
        const dropped = () => this.#dropped(link);
        connection.once(Janode.EVENT.CONNECTION_CLOSED, dropped);
        connection.once(Janode.EVENT.CONNECTION_ERROR, dropped);
        session.once(Janode.EVENT.SESSION_DESTROYED, dropped);
      },
      () => this.#dropped(link),
    );
    return link;
  }

  async #open(): Promise<Link> {
    const connection = await Janode.connect({ address: { url: this.#options.url }, retry_time_secs: 1, max_retries: 1 });
    try {
      const session = await connection.create(25);
      const [audio, video] = await Promise.all([session.attach(AudioBridge), session.attach(VideoRoom)]);
      return { connection, session, audio, video };
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  /** The socket dropped (or never opened): try again with a growing wait, and see what Janus kept. */
  #dropped(which: Promise<Link>): void {
    if (this.#link !== which) return; // an older link's late news
    this.#link = null;
    for (const room of this.#rooms.values()) room.monitor = null;
    if (this.#closed || this.#retry) return;
    this.#options.logger.warn({ retryMs: this.#retryMs }, "the media server (Janus) is unreachable; trying again");
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#recover().catch(() => undefined);
    }, this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
  }

  /** Back on: rooms Janus still has get their monitor back; rooms it lost (a restart) are forgotten and their spaces told. */
  async #recover(): Promise<void> {
    if (this.#rooms.size === 0) return;
    await this.#connect();
    this.#retryMs = 500;
    const lost = new Set<string>();
    for (const room of [...this.#rooms.values()]) {
      const exists = await this.#ask("audio", { request: "exists", room: room.room }).then((d) => d.exists === true);
      if (exists) {
        await this.#monitor(room);
      } else {
        this.#rooms.delete(keyOf(room.key));
        lost.add(room.key.space);
      }
    }
    for (const space of lost) this.#tell(space, "lost");
  }

  #tell(space: string, what: "screen" | "lost"): void {
    for (const listener of this.#watchers.get(space) ?? []) listener(what);
  }
}

const keyOf = (key: GroupKey) => `${key.space}\n${key.group}`;

/** The plugin's answer, or its error as a JanusError. */
function answer(message: { plugindata?: { data: Record<string, unknown> } }): Record<string, unknown> {
  const data = message.plugindata?.data;
  if (!data) throw new JanusError("no answer from the plugin", null);
  if (typeof data.error === "string") throw new JanusError(data.error, typeof data.error_code === "number" ? data.error_code : null);
  return data;
}

function asJanusError(error: unknown, request: unknown): JanusError {
  if (error instanceof JanusError) return error;
  // janode turns plugin errors into Error("<code> <reason>").
  const message = error instanceof Error ? error.message : String(error);
  const code = /^(\d{3}) /.exec(message)?.[1];
  return new JanusError(`${String(request)}: ${message}`, code ? Number(code) : null, { cause: error });
}

const isGone = (error: unknown) => error instanceof JanusError && error.code !== null && GONE.has(error.code);

/** Ignores "already gone" (the room or the participant); anything else still fails. */
function gone(error: unknown): void {
  if (!isGone(error)) throw error;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JanusError(`the media server did not answer within ${ms} ms`, null)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
