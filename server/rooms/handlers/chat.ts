import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { ChatLine } from "../../../shared/protocol/events.ts";
import type { SpaceClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/** A chat line goes to the whole space, or only to the people standing in the sender's zone. */
export function onChat(ctx: SpaceContext, client: SpaceClient, msg: ParsedMessage<"chat">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const me = client.userData;
  if (!avatar || !me) return;

  const zone = avatar.zone as ZoneId;
  const line: ChatLine = {
    id: ctx.nextId(),
    from: client.sessionId,
    nickname: me.identity.nickname,
    channel: msg.channel,
    zone,
    text: msg.text,
    at: ctx.now(),
  };
  ctx.history.add(line);
  ctx.deliverChat(line, msg.channel === "zone" ? zone : undefined);
  ctx.log({ type: "chat_sent", participant: me.participant, channel: msg.channel, zone, chars: Array.from(msg.text).length });
}
