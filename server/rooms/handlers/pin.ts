import { randomUUID } from "node:crypto";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, isMember, isStaffClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * A child's answer on the board (issue 15), only with their consent: staff pick a child's written
 * answer (a chat line, or a question to the teacher) and the child is asked, privately, whether
 * it may go up with their nickname, without it, or not at all. "No" is a fine answer and staff
 * are told it kindly; nothing is shown. The child (or staff) can take it down again at any time.
 * One answer is on the board at a time; what is asked and not yet answered waits here.
 */
export function onPinAsk(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"pinAsk">): void {
  const found = "line" in msg ? lineAnswer(ctx, msg.line) : questionAnswer(ctx, msg.question);
  const child = found ? ctx.clientBySession(found.from) : undefined;
  if (!found || !isMember(child) || isStaffClient(child)) return ctx.sendError(staff, { code: "no_such_answer", about: "pinAsk" });
  const id = randomUUID();
  ctx.pins.asked.set(id, { child: child.sessionId, staff: staff.sessionId, text: found.text });
  ctx.send(child, "pinAsk", { id, text: found.text, by: staff.userData.identity.nickname });
  ctx.audit(staff, "pin_ask", child);
}

export function onPinReply(ctx: SpaceContext, child: Member, msg: ParsedMessage<"pinReply">): void {
  const asked = ctx.pins.asked.get(msg.id);
  // Someone else's question, or one already answered: nothing to do, and nothing to learn from it.
  if (asked?.child !== child.sessionId) return ctx.sendError(child, { code: "no_such_answer", about: "pinReply" });
  ctx.pins.asked.delete(msg.id);
  const staff = ctx.clientBySession(asked.staff);
  const nickname = child.userData.identity.nickname;
  ctx.log({ type: "pin_answered", participant: child.userData.participant, choice: msg.choice });
  if (msg.choice === "no") {
    if (staff) ctx.send(staff, "notice", { code: "pin_no", about: nickname });
    return;
  }
  ctx.pins.owner = child.sessionId;
  ctx.state.boardPin = asked.text;
  ctx.state.boardPinBy = msg.choice === "name" ? nickname : "";
  if (staff) ctx.send(staff, "notice", { code: "pin_yes", about: nickname });
}

/** Staff, or the child whose answer it is, take it down. */
export function onUnpin(ctx: SpaceContext, client: Member): void {
  if (!ctx.state.boardPin) return;
  const staff = isStaffClient(client);
  if (!staff && client.sessionId !== ctx.pins.owner) return ctx.sendError(client, { code: "not_allowed", about: "unpin" });
  unpin(ctx);
  if (staff) ctx.audit(client, "unpin", null);
}

/** The child whose answer is up has left: it comes down with them. */
export function leftPins(ctx: SpaceContext, sessionId: string): void {
  for (const [id, asked] of ctx.pins.asked) if (asked.child === sessionId || asked.staff === sessionId) ctx.pins.asked.delete(id);
  if (ctx.pins.owner === sessionId) unpin(ctx);
}

function unpin(ctx: SpaceContext): void {
  ctx.pins.owner = "";
  ctx.state.boardPin = "";
  ctx.state.boardPinBy = "";
}

/** A child's chat line still kept, written (not a quick phrase), not an announcement. */
function lineAnswer(ctx: SpaceContext, id: string): { from: string; text: string } | null {
  const line = ctx.history.find(id);
  return line?.text && !line.staff && !line.announcement ? { from: line.from, text: line.text } : null;
}

function questionAnswer(ctx: SpaceContext, id: string): { from: string; text: string } | null {
  const question = ctx.classroom.question(id);
  return question?.text ? { from: question.from, text: question.text } : null;
}
