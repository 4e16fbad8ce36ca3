import { randomUUID } from "node:crypto";
import type { ConsentChoice } from "../../../shared/domain/lesson.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

export type ConsentKind = "pin" | "exhibit";

/** A question staff asked one child, not yet answered: what about, and who asked. */
export interface ConsentAsked {
  kind: ConsentKind;
  /** Session ids. */
  child: string;
  staff: string;
  /** The answer to pin, or the work's title. */
  text: string;
}

/** What happens once the child has answered (pin.ts, exhibit.ts). */
export type ConsentOutcome = (ctx: SpaceContext, child: Member, asked: ConsentAsked, choice: ConsentChoice) => void | Promise<void>;

/**
 * Asking a child's consent (issue 15): may their answer go on the board, may their work be shown.
 * Only the child is asked, privately; every answer is fine ("no" most of all) and is asked once.
 * The outcome is up to what was asked about.
 */
export function askConsent(ctx: SpaceContext, staff: Member, child: Member, kind: ConsentKind, text: string): void {
  const id = randomUUID();
  ctx.consents.set(id, { kind, child: child.sessionId, staff: staff.sessionId, text });
  ctx.send(child, "consentAsk", { id, kind, text, by: staff.userData.identity.nickname });
}

export function consentReply(outcomes: Record<ConsentKind, ConsentOutcome>) {
  return (ctx: SpaceContext, child: Member, msg: ParsedMessage<"consentReply">): void | Promise<void> => {
    const asked = ctx.consents.get(msg.id);
    // Someone else's question, or one already answered: nothing to do, and nothing to learn from it.
    if (asked?.child !== child.sessionId) return ctx.sendError(child, { code: "no_such_answer", about: "consentReply" });
    ctx.consents.delete(msg.id);
    ctx.log({ type: "consent_answered", participant: child.userData.participant, kind: asked.kind, choice: msg.choice });
    return outcomes[asked.kind](ctx, child, asked, msg.choice);
  };
}

/** Someone left: what they were asked, or asked others, is forgotten. */
export function forgetConsents(ctx: SpaceContext, sessionId: string): void {
  for (const [id, asked] of ctx.consents) if (asked.child === sessionId || asked.staff === sessionId) ctx.consents.delete(id);
}
