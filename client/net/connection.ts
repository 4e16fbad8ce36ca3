import { Callbacks, Client, type Room } from "@colyseus/sdk";
import { fromWire, headingFromWire, headingToWire } from "../../shared/domain/limits.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";
import type { ChatLine, ServerError } from "../../shared/protocol/events.ts";
import { ServerEvents } from "../../shared/protocol/events.ts";
import { type ChatChannel, ClientMessages, type JoinOptions } from "../../shared/protocol/messages.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { type Avatar, SpaceState } from "../../shared/state/SpaceState.ts";
import { Emitter } from "./emitter.ts";

/** An avatar as the rest of the client sees it: metres and radians, never wire units. */
export interface AvatarView {
  id: string;
  nickname: string;
  colour: string;
  accessory: string;
  zone: ZoneId;
  x: number;
  z: number;
  heading: number;
}

export interface NetEvents {
  /** `arrived` is false for people who were already there when I entered. */
  avatarAdded: (avatar: AvatarView, isMe: boolean, arrived: boolean) => void;
  avatarChanged: (avatar: AvatarView, isMe: boolean) => void;
  avatarRemoved: (id: string) => void;
  chat: (line: ChatLine) => void;
  history: (lines: ChatLine[]) => void;
  serverError: (error: ServerError) => void;
  disconnected: (code: number) => void;
}

/**
 * The only module that talks to the socket. It turns synced state and server events into typed,
 * validated events, and checks outgoing messages against the same schemas the server uses.
 */
export class Connection extends Emitter<NetEvents> {
  readonly #client: Client;
  #room: Room | null = null;

  constructor(endpoint: string) {
    super();
    this.#client = new Client(endpoint);
  }

  get sessionId(): string | null {
    return this.#room?.sessionId ?? null;
  }

  async join(options: Omit<JoinOptions, "protocol">): Promise<void> {
    const room = await this.#client.joinOrCreate("space", { ...options, protocol: PROTOCOL_VERSION }, SpaceState);
    this.#room = room;
    const me = room.sessionId;
    const callbacks = Callbacks.get<SpaceState>(room);
    // Callbacks for the first state fire before onStateChange does; later adds are arrivals.
    let initial = true;
    room.onStateChange.once(() => {
      initial = false;
    });

    callbacks.onAdd("avatars", (avatar, key) => {
      const id = String(key);
      this.emit("avatarAdded", view(id, avatar), id === me, !initial);
      callbacks.onChange(avatar, () => this.emit("avatarChanged", view(id, avatar), id === me));
    });
    callbacks.onRemove("avatars", (_avatar, key) => this.emit("avatarRemoved", String(key)));

    for (const type of ["chat", "history", "error"] as const) {
      room.onMessage(type, (payload: unknown) => this.#receive(type, payload));
    }
    room.onLeave((code) => this.emit("disconnected", code));
  }

  sendMove(x: number, z: number, heading: number): void {
    // Quantise the heading the way state stores it, so unchanged headings compare equal.
    this.#send("move", { x, z, heading: headingFromWire(headingToWire(heading)) });
  }

  sendChat(channel: ChatChannel, text: string): boolean {
    return this.#send("chat", { channel, text });
  }

  async leave(): Promise<void> {
    await this.#room?.leave(true);
  }

  #send<T extends keyof typeof ClientMessages>(type: T, payload: unknown): boolean {
    // Check before sending: the server would refuse it anyway, and this saves the round trip.
    if (!this.#room || !ClientMessages[type].safeParse(payload).success) return false;
    this.#room.send(type, payload);
    return true;
  }

  #receive(type: "chat" | "history" | "error", payload: unknown): void {
    if (type === "chat") {
      const line = ServerEvents.chat.safeParse(payload);
      if (line.success) this.emit("chat", line.data);
    } else if (type === "history") {
      const history = ServerEvents.history.safeParse(payload);
      if (history.success) this.emit("history", history.data.lines);
    } else {
      const error = ServerEvents.error.safeParse(payload);
      if (error.success) this.emit("serverError", error.data);
    }
  }
}

function view(id: string, a: Avatar): AvatarView {
  return {
    id,
    nickname: a.nickname,
    colour: a.colour,
    accessory: a.accessory,
    zone: a.zone as ZoneId,
    x: fromWire(a.x),
    z: fromWire(a.z),
    heading: headingFromWire(a.heading),
  };
}
