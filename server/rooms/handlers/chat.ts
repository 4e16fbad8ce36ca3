import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { ChatLine } from "../../../shared/protocol/events.ts";
import { type Member, type SpaceClient, isStaffClient } from "../participants.ts";
import { tableHearers, tableOf } from "./atTable.ts";
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
 * A chat line goes to the whole space, only to the people in the sender's zone, or (in table
 * time) to the sender's group table and staff (handlers/atTable.ts): the table is always the
 * sender's own, never one a message names. In the counselling room every line is private to the
 * room and kept out of history, whatever channel was picked. Muted senders and lines the word
 * filter holds back are answered, not delivered.
 */
export function onChat(ctx: SpaceContext, client: Member, msg: ParsedMessage<"chat">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  const zone = avatar.zone as ZoneId;
  const table = msg.channel === "table" ? tableOf(ctx, client) : 0;
  if (msg.channel === "table" && table === 0) return ctx.sendError(client, { code: ctx.classroom.tables ? "not_at_table" : "no_tables", about: "chat" });

  const text = "text" in msg ? msg.text : undefined;
  if (heldBack(ctx, client, zone, text, "chat")) return;

  // A table line is the table's wherever a visiting teacher writes it from; nobody else sits
  // anywhere but the classroom.
  const privateRoom = zone === "counselling" && msg.channel !== "table";
  const channel = privateRoom ? "zone" : msg.channel;
  const line = lineOf(ctx, client, zone, channel, text !== undefined ? { text } : { phrase: "phrase" in msg ? msg.phrase : undefined }, table);
  if (channel === "table") ctx.share(client, "chat", line, tableHearers(ctx, table));
  else ctx.deliverChat(client, line, channel === "zone" ? zone : undefined);
  said(ctx, client, line, privateRoom);
}

/** A line as everyone who hears it reads it; `table` for the table channel (0: every table). */
export function lineOf(ctx: SpaceContext, client: SpaceClient, zone: ZoneId, channel: ChatLine["channel"], words: Pick<ChatLine, "text" | "phrase">, table?: number): ChatLine {
  return {
    id: ctx.nextId(),
    from: client.sessionId,
    nickname: client.userData?.identity.nickname ?? "",
    staff: isStaffClient(client),
    channel,
    zone,
    ...(words.text !== undefined ? { text: words.text } : { phrase: words.phrase }),
    at: Date.now(),
    ...(channel === "table" ? { table } : {}),
  };
}

/**
 * A line that went out is kept for people arriving later (never the counselling room's), and
 * logged. Chat content becomes research data only with the student's consent to it, at the time,
 * and never from the counselling room: what is said there stays between the people inside, as in
 * a school counsellor's room (the log keeps only that a line was said, and its length). Consent
 * is asked of the store at the moment of saying (a withdrawal counts at once, whichever process
 * recorded it); the line has already gone out, only its log entry waits for the answer.
 */
export function said(ctx: SpaceContext, client: Member, line: ChatLine, privateRoom: boolean): void {
  if (!privateRoom) ctx.history.add(line);
  const me = client.userData;
  const text = line.text;
  const mayKeep = !privateRoom && text !== undefined && me.identity.role === "student";
  const consent = mayKeep ? ctx.directory.consentOf(me.identity.accountId) : Promise.resolve("none");
  ctx.logWhen(consent, (level) => ({
    type: "chat_sent",
    participant: me.participant,
    channel: line.channel,
    zone: line.zone,
    chars: text === undefined ? 0 : Array.from(text).length,
    ...(line.phrase ? { phrase: line.phrase } : {}),
    ...(level === "activity_chat" ? { text } : {}),
    ...(line.table !== undefined ? { table: line.table } : {}),
  }));
}
