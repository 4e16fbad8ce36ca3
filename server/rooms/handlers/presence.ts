import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";
import { setHand } from "./lesson.ts";

/** Low-pressure presence: a status, a reaction, a raised hand, a wish to talk, a call for help. */
export function onStatus(ctx: SpaceContext, client: Member, msg: ParsedMessage<"status">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar || avatar.status === msg.status) return;
  avatar.status = msg.status;
  ctx.log({ type: "status_changed", participant: client.userData.participant, status: msg.status });
}

export function onEmote(ctx: SpaceContext, client: Member, msg: ParsedMessage<"emote">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  if (msg.emote === "raise_hand") setHand(ctx, client, true);
  ctx.share(client, "emote", { from: client.sessionId, emote: msg.emote });
  ctx.log({ type: "emote", participant: client.userData.participant, emote: msg.emote });
}

export function onHand(ctx: SpaceContext, client: Member, msg: ParsedMessage<"hand">): void {
  setHand(ctx, client, msg.raised);
}

/**
 * Help reaches the staff on duty privately and at once; the student is told it arrived, and,
 * pressing again while it waits (a double tap, a worried child), that it is still there: one
 * request, not a second one on its way. Every press is logged (how often a child asked).
 */
export function onHelp(ctx: SpaceContext, client: Member): void {
  const queued = queueFor(ctx, client, "help");
  ctx.send(client, "notice", { code: queued?.waiting ? "help_waiting" : "help_sent" });
}

export function onAskToTalk(ctx: SpaceContext, client: Member): void {
  const queued = queueFor(ctx, client, "talk");
  ctx.send(client, "notice", { code: queued?.waiting ? "talk_waiting" : "talk_sent" });
}

export function onReport(ctx: SpaceContext, client: Member, msg: ParsedMessage<"report">): void {
  const target = ctx.state.avatars.get(msg.target);
  if (!target) {
    ctx.sendError(client, { code: "no_such_person", about: "report" });
    return;
  }
  // The page names the line by its id; staff read what was said (a line the reported person said
  // and still kept: one from someone else is not put in their mouth, an old one has scrolled away).
  // Looked up in every channel kept, not only the reporter's zone: a child often reports after
  // walking away from where it was said.
  const line = msg.line ? ctx.history.find(msg.line) : undefined;
  const said = line?.from === msg.target ? (line.text ?? `[${line.phrase}]`) : undefined;
  const id = queueFor(ctx, client, "report", { about: said ? `${target.nickname}「${said}」` : target.nickname, detail: msg.reason })?.id;
  ctx.send(client, "notice", { code: "report_sent" });
  // Kept so the child can see how far staff have got with it (never what it said, nor about whom).
  const me = client.userData.identity;
  if (id && me.role === "student") ctx.reports.made(id, me.org, me.accountId, ctx.now()).catch((err: unknown) => ctx.logError(err, "report not kept for its reporter"));
}

/**
 * Puts a request in the staff's queue: answers its id, and whether the same one was already
 * waiting there (undefined when the person is not in the space).
 */
function queueFor(ctx: SpaceContext, client: Member, kind: "help" | "talk" | "report", extra: { about?: string; detail?: string | undefined } = {}): { id: string; waiting: boolean } | undefined {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const me = client.userData;
  if (!avatar || !me) return undefined;
  const id = ctx.nextId();
  const added = ctx.queue.add({
    id,
    kind,
    from: client.sessionId,
    nickname: me.identity.nickname,
    zone: avatar.zone as ZoneId,
    at: ctx.logClock(),
    ...(extra.about ? { about: extra.about } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  });
  if (added) ctx.publishQueue();
  ctx.log({ type: "help_requested", participant: me.participant, kind });
  return { id, waiting: !added };
}
