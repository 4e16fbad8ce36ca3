import type { SpaceState } from "../../../shared/state/SpaceState.ts";
import type { ServerError } from "../../../shared/protocol/events.ts";
import type { ChatLine } from "../../../shared/protocol/events.ts";
import type { LoggedEvent } from "../../../shared/log/events.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ChatHistory } from "../ChatHistory.ts";
import type { SpaceClient } from "../participants.ts";

/** What a message handler may touch. Handlers are plain functions so they can be read alone. */
export interface SpaceContext {
  readonly state: SpaceState;
  readonly history: ChatHistory;
  now(): number;
  log(event: DistributiveOmit<LoggedEvent, "v" | "at" | "space">): void;
  sendError(client: SpaceClient, error: ServerError): void;
  /** Sends a chat line to everyone, or only to those standing in `zone`. */
  deliverChat(line: ChatLine, onlyZone?: ZoneId): void;
  nextId(): string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
