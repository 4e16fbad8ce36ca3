import { judgeMove } from "../../../shared/domain/movement.ts";
import { fromWire, headingToWire, toWire } from "../../../shared/domain/limits.ts";
import { zoneAt } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, isStaffClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * A reported position is accepted only if the avatar could have walked there: inside the floor,
 * not through a wall or desk, not faster than walking, and not into the counselling room while
 * its door is locked (unless invited in). The server then decides the zone.
 */
export function onMove(ctx: SpaceContext, client: Member, msg: ParsedMessage<"move">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const me = client.userData;
  if (!avatar || !me) return;

  const from = { x: fromWire(avatar.x), z: fromWire(avatar.z) };
  // Judge the position as it will be stored, so what is checked is exactly what is kept.
  const to = { x: fromWire(toWire(msg.x)), z: fromWire(toWire(msg.z)) };
  const now = ctx.now();
  const verdict = judgeMove(from, to, now - me.lastMoveAt);
  const zone = zoneAt(to);
  const lockedOut =
    zone?.id === "counselling" && avatar.zone !== "counselling" && ctx.state.counsellingLocked && !isStaffClient(client) && !ctx.counsellingMembers.has(client.sessionId);
  if (!verdict.ok || lockedOut) {
    ctx.sendError(client, { code: "move_rejected", about: "move", detail: verdict.ok ? "locked" : verdict.reason, position: from });
    return;
  }

  me.lastMoveAt = now;
  avatar.x = toWire(to.x);
  avatar.z = toWire(to.z);
  // For heatmaps and replay: about one sample a second while moving, never one per step.
  if (now - me.lastSampleAt >= 1000) {
    me.lastSampleAt = now;
    ctx.log({ type: "position", participant: me.participant, x: avatar.x, z: avatar.z });
  }
  avatar.heading = headingToWire(msg.heading);
  if (zone && zone.id !== avatar.zone) {
    ctx.log({ type: "zone_changed", participant: me.participant, from: avatar.zone as typeof zone.id, to: zone.id });
    avatar.zone = zone.id;
  }
}
