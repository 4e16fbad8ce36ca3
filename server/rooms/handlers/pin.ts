import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, isMember, isStaffClient } from "../participants.ts";
import { type ConsentOutcome, askConsent } from "./consent.ts";
import type { SpaceContext } from "./context.ts";

/**
 * A child's answer on the board (issue 15), only with their consent: staff pick a child's written
 * answer (a chat line, or a question to the teacher) and the child is asked, privately, whether
 * it may go up with their nickname, without it, or not at all (consent.ts). "No" is a fine answer
 * and staff are told it kindly; nothing is shown. The child (or staff) can take it down again at
 * any time. One answer is on the board at a time.
 */
export function onPinAsk(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"pinAsk">): void {
  const found = "line" in msg ? lineAnswer(ctx, msg.line) : questionAnswer(ctx, msg.question);
  const child = found ? ctx.clientBySession(found.from) : undefined;
  if (!found || !isMember(child) || isStaffClient(child)) return ctx.sendError(staff, { code: "no_such_answer", about: "pinAsk" });
  askConsent(ctx, staff, child, "pin", found.text);
  ctx.audit(staff, "pin_ask", child);
}

/** The child answered: up it goes (with their name if they chose it), or staff are told kindly that it won't. */
export const pinAnswered: ConsentOutcome = (ctx, child, asked, choice) => {
  const staff = ctx.clientBySession(asked.staff);
  const nickname = child.userData.identity.nickname;
  if (choice === "no") {
    if (staff) ctx.send(staff, "notice", { code: "pin_no", about: nickname });
    return;
  }
  ctx.pinOwner.session = child.sessionId;
  ctx.state.boardPin = asked.text;
  ctx.state.boardPinBy = choice === "name" ? nickname : "";
  if (staff) ctx.send(staff, "notice", { code: "pin_yes", about: nickname });
};

/** Staff, or the child whose answer it is, take it down. */
export function onUnpin(ctx: SpaceContext, client: Member): void {
  if (!ctx.state.boardPin) return;
  const staff = isStaffClient(client);
  if (!staff && client.sessionId !== ctx.pinOwner.session) return ctx.sendError(client, { code: "not_allowed", about: "unpin" });
  unpin(ctx);
  if (staff) ctx.audit(client, "unpin", null);
}

/** The child whose answer is up has left: it comes down with them. */
export function leftPins(ctx: SpaceContext, sessionId: string): void {
  if (ctx.pinOwner.session === sessionId) unpin(ctx);
}

function unpin(ctx: SpaceContext): void {
  ctx.pinOwner.session = "";
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
