import { sampleLook } from "../../../shared/domain/avatar.ts";
import type { Socket } from "node:net";
import { Client, type Room } from "@colyseus/sdk";
import { LIMITS, fromWire } from "../../../shared/domain/limits.ts";
import { type Report, Reporter } from "../../../shared/domain/motion.ts";
import { PROTOCOL_VERSION } from "../../../shared/protocol/version.ts";
import { SpaceState } from "../../../shared/state/SpaceState.ts";
import { Histogram } from "../lib/stats.ts";
import { NAIVE_PATCH_MS, NaiveState } from "./naiveState.ts";

/**
 * Load bots on @colyseus/sdk, the same client the page uses. Each bot meters what crosses its
 * socket: payload bytes of every WebSocket message in and out (split into state patches and
 * other messages), the socket's own byte counters (WebSocket framing included), and the time
 * between state patches.
 */

/** Colyseus 0.18 protocol codes (@colyseus/shared-types), low 5 bits of the first byte. */
const CODE_MASK = 31;
const ROOM_DATA = 13;
const ROOM_STATE_PATCH = 15;

export type Flavour = "ours" | "naive";
export type Kind = "student" | "staff";

export interface Traffic {
  downPayload: number;
  upPayload: number;
  downFrames: number;
  upFrames: number;
  patchBytes: number;
  patchFrames: number;
  messageBytes: number;
  /** Bytes the TCP socket read/wrote: payload plus WebSocket frame headers (and masks upstream). */
  wireDown: number;
  wireUp: number;
}

/**
 * How late a patch is, from the gap since the one before. A server sends a patch on each tick of
 * its patch interval that has something to tell, so a gap on time is a whole number of intervals
 * (Hidamari skips ticks with nothing changed: its gaps are 400, 800, 1,200 … ms). What is left
 * over is lateness. A gap short of a whole number of intervals follows a patch that came late
 * (this one is on time, the last was not) or a timer firing early: it is not a patch nearly an
 * interval late. Up to a quarter of an interval short counts so (it was 10 ms until a proxy in
 * the way, nginx in `bench -- scaled`, made 20–30 ms of jitter read as 370 ms of lateness), so
 * lateness is measured up to three quarters of an interval (300 ms at 400 ms patches).
 */
export function patchLateness(gapMs: number, intervalMs: number): number {
  const EARLY_MS = intervalMs / 4;
  const ticks = Math.max(1, Math.floor((gapMs + EARLY_MS) / intervalMs));
  return Math.max(0, gapMs - ticks * intervalMs);
}

const emptyTraffic = (): Traffic => ({ downPayload: 0, upPayload: 0, downFrames: 0, upFrames: 0, patchBytes: 0, patchFrames: 0, messageBytes: 0, wireDown: 0, wireUp: 0 });

/** What all bots saw during the measurement window (and nothing outside it). */
export class Recorder {
  active = false;
  readonly gaps = new Histogram();
  /** How late each patch came beyond its server's patch interval (see patchLateness). */
  readonly lateness = new Histogram();
  traffic: Record<Kind, Traffic> = { student: emptyTraffic(), staff: emptyTraffic() };
  movesSent = 0;
  movesRejected = 0;
  /** Student-seconds spent walking (from the activity), for the measured walking share. */
  walkingSeconds = 0;
  chatsSent = 0;
  chatsReceived = 0;
  /** Server errors the bots received, by code/detail (only refused steps are expected: see docs/benchmarks.md). */
  errors = new Map<string, number>();

  reset(): void {
    this.gaps.reset();
    this.lateness.reset();
    this.traffic = { student: emptyTraffic(), staff: emptyTraffic() };
    this.movesSent = 0;
    this.movesRejected = 0;
    this.walkingSeconds = 0;
    this.chatsSent = 0;
    this.chatsReceived = 0;
    this.errors.clear();
  }
}

export interface JoinSpec {
  url: string;
  flavour: Flavour;
  kind: Kind;
  org: string;
  nickname: string;
  /** The session cookie (Hidamari); the naive server has no accounts. */
  cookie?: string;
  /** Light bots stop decoding state after the first snapshot: they only count patches (for big loads). */
  light: boolean;
  recorder: Recorder;
  /** Called with each received message; the activity uses it for the information floor. */
  onEvent?: (bot: Bot, type: string, payload: unknown) => void;
}

/** Varied characters (issue 17), as children would choose them; the naive server reads only colour and accessory. */
const LOOKS = Array.from({ length: 24 }, (_, i) => sampleLook(i));

export class Bot {
  x = 0;
  z = 0;
  /** Steps the server refused so far (the page then stops walking, and so do the bots). */
  refusals = 0;
  #lastPatchAt = 0;
  #socket: Socket | null = null;
  readonly #reporter = new Reporter();
  #wireAt = { read: 0, written: 0 };
  #closed = false;

  private constructor(
    readonly room: Room,
    readonly spec: JoinSpec,
  ) {}

  static async join(spec: JoinSpec, lookIndex: number): Promise<Bot> {
    const client = new Client(spec.url, spec.cookie ? { headers: { cookie: spec.cookie } } : {});
    const options = { protocol: PROTOCOL_VERSION, org: spec.org, look: LOOKS[lookIndex % LOOKS.length], nickname: spec.nickname, staff: spec.kind === "staff" };
    const room = (await (spec.flavour === "ours" ? client.joinOrCreate("space", options, SpaceState) : client.joinOrCreate("space", options, NaiveState))) as Room;
    room.reconnection.enabled = false;
    const bot = new Bot(room, spec);
    const stateArrived = new Promise<void>((resolve) => room.onStateChange.once(() => resolve()));
    bot.#meter();
    room.onMessage("*", (type: string | number, payload: unknown) => bot.#received(String(type), payload));
    const mine = () => (room.state as { avatars?: Map<string, { x: number; z: number }> } | undefined)?.avatars?.get(room.sessionId);
    // The first snapshot may already have been decoded in the same tick as the join.
    if (!mine()) await Promise.race([stateArrived, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    const me = mine();
    if (!me) throw new Error("joined without an avatar");
    bot.x = spec.flavour === "ours" ? fromWire(me.x) : me.x;
    bot.z = spec.flavour === "ours" ? fromWire(me.z) : me.z;
    bot.#reporter.reset(bot.x, bot.z, 0, performance.now());
    return bot;
  }

  get kind(): Kind {
    return this.spec.kind;
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  send(type: string, payload: unknown): void {
    if (!this.#closed) this.room.send(type, payload);
  }

  /**
   * One step of a walk (velocity in m/s; 0, 0 when it ends). Hidamari's bots tell the server
   * what the page would (shared/domain/motion.ts: starts, turns, stops, drift, heartbeats); the
   * naive baseline's send every step, as its spike did.
   */
  step(x: number, z: number, heading: number, vx: number, vz: number): void {
    if (this.spec.flavour === "naive") {
      this.x = x;
      this.z = z;
      return this.#sendMove({ x, z, heading });
    }
    const now = performance.now();
    const corner = this.#reporter.cornerBefore({ x: this.x, z: this.z, vx, vz, heading, at: now }, { x, z }, now);
    if (corner) this.#report(corner);
    this.x = x;
    this.z = z;
    const report = this.#reporter.report({ x, z, vx, vz, heading, at: now }, now);
    if (report) this.#report(report);
    else if (vx === 0 && vz === 0 && this.#reporter.owed) {
      // A stop waits for the send interval, as on the page (which asks again every frame).
      setTimeout(() => !this.#closed && this.x === x && this.z === z && this.step(x, z, heading, 0, 0), 1000 / LIMITS.moveSendHz);
    }
  }

  #report(r: Report): void {
    this.#sendMove({ x: r.x, z: r.z, heading: r.heading, vx: r.vx, vz: r.vz });
  }

  #sendMove(payload: Record<string, number>): void {
    if (this.spec.recorder.active) this.spec.recorder.movesSent++;
    this.send("move", payload);
  }

  /** Marks the start of the window for the socket's byte counters. */
  startWire(): void {
    this.#wireAt = { read: this.#socket?.bytesRead ?? 0, written: this.#socket?.bytesWritten ?? 0 };
  }

  /** Adds the socket's bytes since startWire() to the recorder. */
  endWire(): void {
    const t = this.spec.recorder.traffic[this.spec.kind];
    t.wireDown += (this.#socket?.bytesRead ?? 0) - this.#wireAt.read;
    t.wireUp += (this.#socket?.bytesWritten ?? 0) - this.#wireAt.written;
  }

  /** Drops the socket without ceremony (the benchmark ends by killing the server anyway). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const connection = this.room.connection as unknown as { events: Record<string, unknown>; transport: { ws?: { terminate?: () => void; close: () => void } } };
    connection.events.onclose = () => {};
    connection.events.onerror = () => {};
    const ws = connection.transport.ws;
    if (ws?.terminate) ws.terminate();
    else ws?.close();
  }

  /** Leaves politely, as a closing tab does (for churn in the client benchmark). */
  async leave(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.room.leave(true).catch(() => {});
  }

  #meter(): void {
    const connection = this.room.connection as unknown as {
      events: { onmessage?: (event: { data: ArrayBuffer }) => void };
      transport: { ws?: { _socket?: Socket } };
      send: (data: Uint8Array) => void;
    };
    this.#socket = connection.transport.ws?._socket ?? null;
    const recorder = this.spec.recorder;
    const kind = this.spec.kind;
    const decode = connection.events.onmessage?.bind(connection.events);
    const light = this.spec.light;
    connection.events.onmessage = (event) => {
      const data = event.data;
      const bytes = data.byteLength;
      const code = (new Uint8Array(data, 0, 1)[0] ?? 0) & CODE_MASK;
      const now = performance.now();
      if (recorder.active) {
        const t = recorder.traffic[kind];
        t.downPayload += bytes;
        t.downFrames++;
        if (code === ROOM_STATE_PATCH) {
          t.patchBytes += bytes;
          t.patchFrames++;
        } else if (code === ROOM_DATA) t.messageBytes += bytes;
      }
      if (code === ROOM_STATE_PATCH) {
        if (recorder.active && this.#lastPatchAt > 0) {
          recorder.gaps.add(now - this.#lastPatchAt);
          recorder.lateness.add(patchLateness(now - this.#lastPatchAt, this.spec.flavour === "ours" ? LIMITS.patchMs : NAIVE_PATCH_MS));
        }
        this.#lastPatchAt = now;
        if (light) return;
      }
      decode?.(event);
    };
    const send = connection.send.bind(connection);
    connection.send = (data: Uint8Array) => {
      if (recorder.active) {
        const t = recorder.traffic[kind];
        t.upPayload += data.byteLength;
        t.upFrames++;
      }
      send(data);
    };
  }

  #received(type: string, payload: unknown): void {
    const recorder = this.spec.recorder;
    if (type === "error") {
      const error = payload as { code?: string; detail?: string; position?: { x: number; z: number } };
      if (error.code === "move_rejected" && error.position) {
        // Snap back like the page does, so one refusal does not become a stream of them.
        this.x = error.position.x;
        this.z = error.position.z;
        this.#reporter.reset(this.x, this.z, 0, performance.now());
        this.refusals++;
        if (recorder.active) recorder.movesRejected++;
      }
      if (recorder.active) {
        const key = error.detail ? `${error.code}/${error.detail}` : String(error.code);
        recorder.errors.set(key, (recorder.errors.get(key) ?? 0) + 1);
      }
    } else if (type === "chat" && recorder.active && this.kind === "student") {
      recorder.chatsReceived++;
    }
    this.spec.onEvent?.(this, type, payload);
  }
}
