import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { ChatLine } from "../../../shared/protocol/events.ts";
import { type Member, isStaffClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * What a child says (a line of chat, an MC's announcement, a question) is refused while staff
 * have muted them, and held back when the word filter matches: the child is told, and staff see
 * it in their queue as a flag. True when it must not be delivered. Staff are muted, not filtered.
 */
export function heldBack(ctx: SpaceContext, client: Member, zone: ZoneId, text: string | undefined, about: string): boolean {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (avatar && avatar.mutedUntil > ctx.now() / 1000) {
    ctx.sendError(client, { code: "muted", about });
    return true;
  }
  const word = text !== undefined && !isStaffClient(client) ? ctx.words.match(text) : null;
  if (!word) return false;
  ctx.sendError(client, { code: "filtered", about });
  ctx.queue.add({ id: ctx.nextId(), kind: "flag", from: client.sessionId, nickname: client.userData.identity.nickname, zone, at: ctx.logClock(), detail: text, about: word });
  ctx.publishQueue();
  return true;
}

/**
 * A chat line goes to the whole space, or only to the people in the sender's zone. In the
 * counselling room every line is private to the room and kept out of history, whatever channel
 * was picked. Muted senders and lines the word filter holds back are answered, not delivered.
 */
export function onChat(ctx: SpaceContext, client: Member, msg: ParsedMessage<"chat">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const me = client.userData;
  if (!avatar || !me) return;

  const text = "text" in msg ? msg.text : undefined;
  if (heldBack(ctx, client, avatar.zone as ZoneId, text, "chat")) return;

  const zone = avatar.zone as ZoneId;
  const privateRoom = zone === "counselling";
  const channel = privateRoom ? "zone" : msg.channel;
  const line: ChatLine = {
    id: ctx.nextId(),
    from: client.sessionId,
    nickname: me.identity.nickname,
    staff: isStaffClient(client),
    channel,
    zone,
    ...(text !== undefined ? { text } : { phrase: "phrase" in msg ? msg.phrase : undefined }),
    at: Date.now(),
  };
  if (!privateRoom) ctx.history.add(line);
  ctx.deliverChat(client, line, channel === "zone" ? zone : undefined);
  // Chat content becomes research data only with the student's consent to it, at the time, and
  // never from the counselling room: what is said there stays between the people inside, as in a
  // school counsellor's room (the log keeps only that a line was said, and its length).
  // Consent is asked of the store at the moment of saying (a withdrawal counts at once, whichever
  // process recorded it); the line has already gone out, only its log entry waits for the answer.
  const mayKeep = !privateRoom && text !== undefined && me.identity.role === "student";
  const consent = mayKeep ? ctx.directory.consentOf(me.identity.accountId) : Promise.resolve("none");
  ctx.logWhen(consent, (level) => ({
    type: "chat_sent",
    participant: me.participant,
    channel,
    zone,
    chars: text === undefined ? 0 : Array.from(text).length,
    ...("phrase" in msg ? { phrase: msg.phrase } : {}),
    ...(level === "activity_chat" ? { text } : {}),
  }));
}
