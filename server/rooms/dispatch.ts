import { can, type Capability } from "../../shared/domain/roles.ts";
import { ClientMessages, type ClientMessageType, type ParsedMessage, isClientMessageType } from "../../shared/protocol/messages.ts";
import type { SpaceClient } from "./participants.ts";
import type { SpaceContext } from "./handlers/context.ts";
import { onChat } from "./handlers/chat.ts";
import { onMove } from "./handlers/move.ts";

type Handler<T extends ClientMessageType> = (ctx: SpaceContext, client: SpaceClient, msg: ParsedMessage<T>) => void;

/** Every message type: the capability it needs and the function that handles it. */
const ROUTES: { [T in ClientMessageType]: { needs: Capability; handle: Handler<T> } } = {
  move: { needs: "move", handle: onMove },
  chat: { needs: "chat", handle: onChat },
};

/**
 * The one entrance for client messages. Colyseus would kick a client for an unknown type or a
 * failed schema; here each is answered with an error the UI can show, and nothing changes.
 */
export function dispatch(ctx: SpaceContext, client: SpaceClient, type: string | number, payload: unknown): void {
  if (!isClientMessageType(type)) {
    ctx.sendError(client, { code: "unknown_message", about: String(type).slice(0, 40) });
    return;
  }
  const me = client.userData;
  if (!me || !can(me.identity.role, ROUTES[type].needs)) {
    ctx.sendError(client, { code: "not_allowed", about: type });
    return;
  }
  const parsed = ClientMessages[type].safeParse(payload);
  if (!parsed.success) {
    const emptyText = type === "chat" && parsed.error.issues.some((i) => i.path[0] === "text" && i.code === "too_small");
    ctx.sendError(client, { code: emptyText ? "empty_text" : "invalid_message", about: type, detail: parsed.error.issues[0]?.message });
    return;
  }
  // The table above pairs each type with its own handler; TypeScript cannot see through the index.
  (ROUTES[type].handle as Handler<typeof type>)(ctx, client, parsed.data as ParsedMessage<typeof type>);
}
