import { type Client, Protocol, getMessageBytes } from "@colyseus/core";
import { corked } from "./corked.ts";

/** Colyseus stages such a frame on the client and sends it right after the room's next patch. */
const AFTER_PATCH = Object.freeze({ afterNextPatch: true });

/**
 * Messages held back for a room's next patch and written with it: one write per person and tick
 * instead of one per message (corked.ts). Who gets a message is decided when it is held, not when
 * the patch goes: someone arriving meanwhile is not among them.
 */
export class WithPatch {
  #held = false;

  /** Encodes once for everyone in `to` (client.send would encode once per person). */
  hold(to: Iterable<Client>, type: string, payload: unknown): void {
    const bytes = getMessageBytes.raw(Protocol.ROOM_DATA, type, payload);
    for (const client of to) {
      client.enqueueRaw(bytes, AFTER_PATCH);
      this.#held = true;
    }
  }

  /** Runs the room's patch; corked only when something is held (a patch alone is one write). */
  patch(clients: Iterable<Client>, broadcastPatch: () => boolean): boolean {
    if (!this.#held) return broadcastPatch();
    this.#held = false;
    return corked(clients, broadcastPatch);
  }
}
