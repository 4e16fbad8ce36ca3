/**
 * A page's Janus session over its WebSocket API (the `janus-protocol` subprotocol), hand-written
 * and typed instead of janus.js (a global script that wants adapter.js): create a session,
 * attach plugin handles, send messages and wait for their answers, trickle candidates, keep the
 * session alive, and hand each handle its asynchronous events. Used by client/voice/janus.ts.
 */

export interface Jsep {
  type: "offer" | "answer";
  sdp: string;
}

/** An asynchronous event for one handle: the plugin's data, and a session description if any. */
export interface HandleEvent {
  /** "event" (plugin data), "webrtcup", "media", "hangup", "slowlink", "detached", "trickle". */
  janus: string;
  data: Record<string, unknown> | undefined;
  jsep: Jsep | undefined;
  candidate: RTCIceCandidateInit | { completed: true } | undefined;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  /** Plugin messages are answered twice: an ack first, then an event with the same transaction. */
  waitsForEvent: boolean;
}

interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  candidate?: RTCIceCandidateInit | { completed: true };
}

/** Janus ends sessions idle for 60 s by default; a keepalive every 25 s keeps ours. */
const KEEPALIVE_MS = 25_000;
const ANSWER_MS = 10_000;

export class JanusError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

export class JanusSession {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, (event: HandleEvent) => void>();
  #id: number | null = null;
  #keepalive: ReturnType<typeof setInterval> | null = null;
  #next = 0;
  #closed = false;
  /** Called once if the socket closes without close() (Janus went away or the network dropped). */
  onLost: (reason: string) => void = () => {};

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener("message", (e) => this.#receive(e.data));
    socket.addEventListener("close", () => this.#lost("the media server closed the connection"));
  }

  /** Opens the socket and creates the session. */
  static async open(url: string): Promise<JanusSession> {
    const socket = new WebSocket(url, "janus-protocol");
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("error", () => reject(new JanusError("the media server could not be reached", null)), { once: true });
    });
    const session = new JanusSession(socket);
    const created = await session.#send({ janus: "create" });
    session.#id = created.data?.id ?? null;
    if (session.#id === null) throw new JanusError("the media server gave no session", null);
    session.#keepalive = setInterval(() => {
      session.#send({ janus: "keepalive" }).catch(() => undefined);
    }, KEEPALIVE_MS);
    return session;
  }

  /** Attaches a plugin handle; `events` receives its asynchronous events. Returns the handle's id. */
  async attach(plugin: "janus.plugin.audiobridge" | "janus.plugin.videoroom", events: (event: HandleEvent) => void): Promise<number> {
    const attached = await this.#send({ janus: "attach", plugin });
    const id = attached.data?.id;
    if (typeof id !== "number") throw new JanusError("the media server gave no handle", null);
    this.#handles.set(id, events);
    return id;
  }

  /**
   * A plugin request; resolves with the plugin's answer (and a session description if it sent one).
   * `rid_order` tells Janus how a simulcast offer lists its copies (janusScreen.ts).
   */
  async message(handle: number, body: Record<string, unknown>, jsep?: RTCSessionDescriptionInit & { rid_order?: "hml" | "lmh" }): Promise<{ data: Record<string, unknown>; jsep: Jsep | undefined }> {
    const answer = await this.#send({ janus: "message", handle_id: handle, body, ...(jsep ? { jsep } : {}) }, true);
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error === "string") throw new JanusError(data.error, typeof data.error_code === "number" ? data.error_code : null);
    return { data, jsep: answer.jsep };
  }

  /** One ICE candidate of ours, or null when gathering is complete. */
  trickle(handle: number, candidate: RTCIceCandidate | null): void {
    const body = candidate ? { candidate: candidate.toJSON() } : { candidate: { completed: true } };
    this.#send({ janus: "trickle", handle_id: handle, ...body }).catch(() => undefined);
  }

  async detach(handle: number): Promise<void> {
    this.#handles.delete(handle);
    if (!this.#closed) await this.#send({ janus: "detach", handle_id: handle }).catch(() => undefined);
  }

  /** Ends the session (Janus detaches its handles: the person leaves its rooms) and closes the socket. */
  close(): void {
    if (this.#closed) return;
    if (this.#id !== null && this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify({ janus: "destroy", session_id: this.#id, transaction: this.#tx() }));
    this.#closed = true;
    this.#stop();
    this.#socket.close();
  }

  #send(request: Record<string, unknown>, waitsForEvent = false): Promise<JanusMessage> {
    if (this.#closed) return Promise.reject(new JanusError("the media session is closed", null));
    const transaction = this.#tx();
    const message = { ...request, transaction, ...(this.#id !== null ? { session_id: this.#id } : {}) };
    return new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new JanusError(`the media server did not answer ${String(request.janus)}`, null));
      }, ANSWER_MS);
      this.#pending.set(transaction, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
        waitsForEvent,
      });
      this.#socket.send(JSON.stringify(message));
    });
  }

  #receive(raw: unknown): void {
    if (typeof raw !== "string") return;
    let message: JanusMessage;
    try {
      message = JSON.parse(raw) as JanusMessage;
    } catch {
      return;
    }
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending) {
      if (message.janus === "ack" && pending.waitsForEvent) return; // the answer follows as an event
      this.#pending.delete(message.transaction as string);
      if (message.janus === "error") pending.reject(new JanusError(message.error?.reason ?? "error", message.error?.code ?? null));
      else pending.resolve(message);
      return;
    }
    if (typeof message.sender !== "number") return;
    this.#handles.get(message.sender)?.({ janus: message.janus, data: message.plugindata?.data, jsep: message.jsep, candidate: message.candidate });
  }

  #tx(): string {
    this.#next += 1;
    return `t${this.#next}`;
  }

  #lost(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop();
    this.onLost(reason);
  }

  #stop(): void {
    if (this.#keepalive) clearInterval(this.#keepalive);
    this.#keepalive = null;
    for (const pending of this.#pending.values()) pending.reject(new JanusError("the media session closed", null));
    this.#pending.clear();
  }
}
