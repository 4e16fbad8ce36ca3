import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, type SpaceClient, isMember, isStaffClient } from "../participants.ts";
import { type ConsentOutcome, askConsent } from "./consent.ts";
import type { SpaceContext } from "./context.ts";

/**
 * The exhibit wall in the space (issue 15): staff ask a child present whether a work of theirs
 * may be shown (consent.ts); on yes, the staff member who asked gets a grant to send its picture
 * over HTTP (server/http/exhibits.ts). The wall is sent to everyone in the space when it changes
 * and to whoever arrives; each child's own copy marks their works, which they may take down.
 */
export function onExhibitAsk(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"exhibitAsk">): void {
  const child = ctx.clientBySession(msg.target);
  // A child of this floor's own organisation: in a plaza, a work would go on a wall not theirs.
  if (!isMember(child) || isStaffClient(child) || child.userData.identity.org !== ctx.space) return ctx.sendError(staff, { code: "no_such_person", about: "exhibitAsk" });
  askConsent(ctx, staff, child, "exhibit", msg.title);
  ctx.audit(staff, "exhibit_ask", child);
}

export const exhibitAnswered: ConsentOutcome = async (ctx, child, asked, choice) => {
  const staff = ctx.clientBySession(asked.staff);
  const nickname = child.userData.identity.nickname;
  if (!isMember(staff)) return;
  if (choice === "no") return ctx.send(staff, "notice", { code: "exhibit_no", about: nickname });
  const grant = await ctx.exhibits.grant({ org: ctx.space, student: child.userData.identity.accountId, staff: staff.userData.identity.accountId, title: asked.text, nickname, choice });
  ctx.send(staff, "exhibitGrant", { grant, title: asked.text, nickname });
};

/** The wall as `client` sees it: their own works marked, nobody else's account ever sent. On arrival, only if there is something on it. */
export function exhibitsFor(ctx: SpaceContext, client: SpaceClient, arriving = false): void {
  const me = client.userData?.identity.accountId;
  if (arriving && ctx.wall.length === 0) return;
  const items = ctx.wall.map((e) => ({ id: e.id, title: e.title, by: e.by, ...(e.student === me ? { mine: true as const } : {}) }));
  ctx.send(client, "exhibits", { items });
}

/** The wall changed (through any process): everyone here sees it again. */
export async function wallChanged(ctx: SpaceContext, everyone: Iterable<SpaceClient>): Promise<void> {
  ctx.wall.splice(0, ctx.wall.length, ...(await ctx.exhibits.list(ctx.space)));
  for (const client of everyone) exhibitsFor(ctx, client);
}
