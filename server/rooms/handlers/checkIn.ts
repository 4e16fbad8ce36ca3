import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * The daily check-in (issue 19; shared/domain/checkIn.ts): a child says how they feel today, or
 * that they would rather not (skip). Kept for their own organisation's school day, one row per
 * child and day (a double tap or a change writes over it), and told back to that child only:
 * nobody else in the space hears whether they checked in, let alone which face, and nothing of it
 * goes on their avatar or into the session log (research reads the store, with consent).
 * Refused when their organisation does not offer it, or staff turned it off for them.
 */
export async function onCheckIn(ctx: SpaceContext, client: Member, msg: ParsedMessage<"checkIn">): Promise<void> {
  const { org, accountId } = client.userData.identity;
  if (!(await ctx.checkIns.offeredTo(org, accountId))) return ctx.sendError(client, { code: "check_in_off", about: "checkIn" });
  const at = ctx.logClock();
  const day = await ctx.checkIns.today(org, at);
  await ctx.checkIns.record({ studentId: accountId, orgId: org, day, answer: msg.answer, at });
  ctx.send(client, "checkIn", { day, answer: msg.answer });
}
