import { randomUUID } from "node:crypto";
import { Room, type RoomException, type RoomMethodName } from "@colyseus/core";
import { LIMITS, toWire } from "../../shared/domain/limits.ts";
import { SPAWN, type ZoneId, zoneAt } from "../../shared/domain/zones.ts";
import { canStandAt } from "../../shared/domain/movement.ts";
import { Avatar, SpaceState } from "../../shared/state/SpaceState.ts";
import type { ChatLine, ServerError } from "../../shared/protocol/events.ts";
import { type Identity, identifyGuest } from "../auth/identify.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import { ChatHistory } from "./ChatHistory.ts";
import { dispatch } from "./dispatch.ts";
import type { SpaceContext } from "./handlers/context.ts";
import type { SpaceClient } from "./participants.ts";

export interface SpaceDeps {
  log: SessionLog;
}

/**
 * One open space: lifecycle and the message entrance. The rules live in shared/domain and the
 * handlers; this class wires them to Colyseus.
 */
export class SpaceRoom extends Room<{ state: SpaceState; client: SpaceClient }> {
  override maxClients = LIMITS.maxParticipants;
  // Moves arrive at 10 Hz; patching faster would only send the same positions more often.
  override patchRate = 100;
  override state = new SpaceState();

  /** Set by createSpaceRoom(); a room never builds its own dependencies. */
  protected deps!: SpaceDeps;
  #history = new ChatHistory(LIMITS.chatHistory);
  #seq = 0;
  #ctx!: SpaceContext;

  static override async onAuth(_token: string, options: unknown): Promise<Identity> {
    return identifyGuest(options);
  }

  override onCreate(): void {
    this.#ctx = this.#makeContext();
    this.onMessage("*", (client: SpaceClient, type: string | number, payload: unknown) => this.#receive(client, type, payload));
    this.#ctx.log({ type: "space_opened" });
  }

  override onJoin(client: SpaceClient, _options: unknown, identity: Identity): void {
    const spot = freeSpotNear(SPAWN, this.state.avatars.size);
    const zone = (zoneAt(spot)?.id ?? "talk") satisfies ZoneId;
    client.userData = { identity, participant: randomUUID(), lastMoveAt: this.clock.currentTime };
    this.state.avatars.set(
      client.sessionId,
      new Avatar({
        nickname: identity.nickname,
        colour: identity.look.colour,
        accessory: identity.look.accessory,
        zone,
        x: toWire(spot.x),
        z: toWire(spot.z),
        heading: 0,
      }),
    );
    client.send("history", { lines: this.#history.visibleFrom(zone) });
    this.#ctx.log({ type: "entered", participant: client.userData.participant, zone });
  }

  override onLeave(client: SpaceClient): void {
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar && client.userData) {
      this.#ctx.log({ type: "left", participant: client.userData.participant, zone: avatar.zone as ZoneId });
    }
    this.state.avatars.delete(client.sessionId);
  }

  override onDispose(): void {
    this.#ctx.log({ type: "space_closed" });
    this.deps.log.flush();
  }

  /** One failing handler must never close the space for everyone else. */
  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    console.error(`[space ${this.roomId}] ${method} failed:`, error.cause ?? error);
  }

  #receive(client: SpaceClient, type: string | number, payload: unknown): void {
    try {
      dispatch(this.#ctx, client, type, payload);
    } catch (error) {
      console.error(`[space ${this.roomId}] handling '${String(type)}' from ${client.sessionId} failed:`, error);
      this.#ctx.sendError(client, { code: "server_error", about: String(type).slice(0, 40) });
    }
  }

  #makeContext(): SpaceContext {
    return {
      state: this.state,
      history: this.#history,
      now: () => this.clock.currentTime,
      log: (event) => this.deps.log.append({ ...event, v: 1, at: Date.now(), space: this.roomId } as Parameters<SessionLog["append"]>[0]),
      sendError: (client, error: ServerError) => client.send("error", error),
      deliverChat: (line: ChatLine, onlyZone?: ZoneId) => {
        for (const c of this.clients) {
          if (onlyZone === undefined || this.state.avatars.get(c.sessionId)?.zone === onlyZone) c.send("chat", line);
        }
      },
      nextId: () => `${this.roomId}-${++this.#seq}`,
    };
  }
}

/** Spread newcomers on a small spiral around the spawn point so they don't stand inside each other. */
function freeSpotNear(spawn: { x: number; z: number }, n: number) {
  for (let i = n; i < n + 64; i++) {
    const angle = i * 2.4;
    const radius = 0.9 * Math.sqrt(i % 40);
    const spot = { x: spawn.x + Math.cos(angle) * radius, z: spawn.z + Math.sin(angle) * radius };
    if (canStandAt(spot)) return spot;
  }
  return spawn;
}

/** A SpaceRoom bound to its dependencies, for defineRoom(). */
export function createSpaceRoom(deps: SpaceDeps): typeof SpaceRoom {
  return class BoundSpaceRoom extends SpaceRoom {
    protected override deps = deps;
  };
}

