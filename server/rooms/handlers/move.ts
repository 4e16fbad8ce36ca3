import { type Point, distanceToSegment } from "../../../shared/domain/geometry.ts";
import { LIMITS, fromWire, headingToWire, toWire } from "../../../shared/domain/limits.ts";
import { type Motion, isMoving, positionAt, reachSeconds, velocityFromWire, velocityToWire } from "../../../shared/domain/motion.ts";
import { canStandAt, canWalk, carryAfter, carryAfterOwnStep, judgeMove } from "../../../shared/domain/movement.ts";
import { type Zone, zoneAt } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, isStaffClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";
import { leftSeat } from "./seat.ts";

/** A base older than this is written again on a heartbeat, so its 16-bit time stays unambiguous. */
const REBASE_MS = 30_000;
/**
 * How long after the server puts an avatar somewhere itself (a seat or self-study desk taken, a
 * knock answered) a refused report is taken for one the page sent before it heard: about a slow
 * link's round trip. See refuse().
 */
const PLACED_GRACE_MS = 1500;

/**
 * A reported position is accepted only if the avatar could have walked there: inside the floor,
 * not through a wall or desk, not faster than walking, and not into the counselling room while
 * its door is locked (unless invited in). A walk reports how it moves (motion.ts); a report that
 * lies along the walk last announced passes as that walk, however long since, and the state
 * changes only when the walk does, so a heartbeat costs nobody a patch. The server decides the zone.
 */
export function onMove(ctx: SpaceContext, client: Member, msg: ParsedMessage<"move">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const me = client.userData;
  if (!avatar || !me) return;

  const now = ctx.now();
  const from = { x: me.reported.x, z: me.reported.z };
  // Judge the walk as it will be stored, so what is checked is exactly what is kept.
  const to = { x: fromWire(toWire(msg.x)), z: fromWire(toWire(msg.z)) };
  const vx = velocityFromWire(velocityToWire(msg.vx));
  const vz = velocityFromWire(velocityToWire(msg.vz));
  // Along the walk last announced: anywhere between where it was reported and where it has got to
  // by now (a stalled tab walks less far than it said, never further), give or take the link's jitter.
  const expected = positionAt(me.reported, now, me.reportedReach);
  const alongTheWalk = isMoving(me.reported) && distanceToSegment(to, from, expected) <= LIMITS.walkSpeed * LIMITS.moveJitterSeconds && canWalk(from, to);
  const elapsed = now - me.lastMoveAt;
  const verdict = Math.hypot(vx, vz) > LIMITS.walkSpeed ? ({ ok: false, reason: "too_fast" } as const) : alongTheWalk ? ({ ok: true } as const) : judgeMove(from, to, elapsed, me.carried);
  if (!verdict.ok) return refuse(ctx, client, verdict.reason, from, now);
  const zone = zoneAt(to);
  if (lockedOut(ctx, client, zone)) return refuse(ctx, client, "locked", from, now);

  // A report along the walk banks the time it did not use, so a late one's delay counts for the next.
  const distance = Math.hypot(to.x - from.x, to.z - from.z);
  me.carried = (alongTheWalk ? carryAfter : carryAfterOwnStep)(me.carried, elapsed, distance);
  me.lastMoveAt = now;
  report(ctx, client, { x: to.x, z: to.z, vx, vz, at: now });
  const heading = headingToWire(msg.heading);
  const shown = positionAt(me.shown, now, me.shownReach);
  const walkChanged =
    velocityToWire(vx) !== avatar.vx ||
    velocityToWire(vz) !== avatar.vz ||
    heading !== avatar.heading ||
    Math.hypot(to.x - shown.x, to.z - shown.z) > LIMITS.motionDriftMetres ||
    now - me.shown.at > REBASE_MS;
  if (walkChanged) show(ctx, client, me.reported, me.reportedReach, heading);
  leftSeat(ctx, client, to);
  enterZone(ctx, client, zone);
  sample(ctx, client, to, now);
}

/**
 * Before each patch: where every walk has got to. Seats are left, zones change and positions are
 * sampled for the log as walkers cross the floor between reports; a walker not heard from for
 * LIMITS.motionStaleSeconds (a dropped link, a closed lid) stops where the walk had got to.
 */
export function advanceWalks(ctx: SpaceContext): void {
  const now = ctx.now();
  for (const client of ctx.walking) {
    const me = client.userData;
    const at = positionAt(me.reported, now, me.reportedReach);
    const zone = zoneAt(at);
    if (lockedOut(ctx, client, zone)) {
      refuse(ctx, client, "locked", { x: me.reported.x, z: me.reported.z }, now);
      continue;
    }
    if (now - me.lastMoveAt > LIMITS.motionStaleSeconds * 1000) {
      stop(ctx, client, at, now);
      continue;
    }
    // A walk begun on a chair or a cushion has left it once it is away, report or none.
    leftSeat(ctx, client, at);
    enterZone(ctx, client, zone);
    sample(ctx, client, at, now);
  }
}

/** Stops someone's walk where it has got to (a dropped link, a stale walk), for everyone. */
export function stopWalk(ctx: SpaceContext, client: Member): void {
  const me = client.userData;
  if (!isMoving(me.reported)) return;
  const now = ctx.now();
  stop(ctx, client, positionAt(me.reported, now, me.reportedReach), now);
}

/**
 * A standing walk at `point` from `now`, as both what was reported and what is shown. Every place
 * the server puts or stops an avatar comes through here (a stopped or refused walk, a knock
 * accepted, a seat taken), so this is where a chair left behind is given up.
 */
export function standAt(ctx: SpaceContext, client: Member, point: Point, now: number): void {
  leftSeat(ctx, client, point);
  const me = client.userData;
  report(ctx, client, { x: point.x, z: point.z, vx: 0, vz: 0, at: now });
  const avatar = ctx.state.avatars.get(client.sessionId);
  show(ctx, client, me.reported, 0, avatar?.heading ?? 0);
}

/** The walk as last reported, and whether the server follows it before each patch. */
function report(ctx: SpaceContext, client: Member, walk: Motion): void {
  client.userData.reported = walk;
  client.userData.reportedReach = reachSeconds(walk);
  if (isMoving(walk)) ctx.walking.add(client);
  else ctx.walking.delete(client);
}

/**
 * Stops a walk where it has got to; where the walk began instead if that is no place to stand, or
 * is past the locked counselling door (a link that drops between two patches must not leave a
 * walker inside whom the next patch would have stopped at the door).
 */
function stop(ctx: SpaceContext, client: Member, at: Point, now: number): void {
  const rounded = { x: fromWire(toWire(at.x)), z: fromWire(toWire(at.z)) };
  const allowed = canStandAt(rounded) && !lockedOut(ctx, client, zoneAt(rounded));
  const point = allowed ? rounded : { x: client.userData.reported.x, z: client.userData.reported.z };
  standAt(ctx, client, point, now);
  enterZone(ctx, client, zoneAt(point));
}

/**
 * The step is refused: the walker is told where the server has them, and everyone sees them stand
 * there. Just after the server placed them (a child who sat down while "go to" still walked them
 * across the room), the step is one the page sent before it heard: it is told where it is as a
 * placement, not a refused step, so it neither says "you can't go there" nor plans its walk again
 * (which would take the child off the chair they just sat on).
 */
function refuse(ctx: SpaceContext, client: Member, reason: string, from: Point, now: number): void {
  const late = now - client.userData.placedAt < PLACED_GRACE_MS;
  ctx.sendError(client, { code: "move_rejected", about: late ? "placed" : "move", detail: reason, position: from });
  if (isMoving(client.userData.reported)) standAt(ctx, client, from, now);
}

function show(ctx: SpaceContext, client: Member, walk: Motion, reach: number, heading: number): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar) return;
  client.userData.shown = walk;
  client.userData.shownReach = reach;
  avatar.x = toWire(walk.x);
  avatar.z = toWire(walk.z);
  avatar.vx = velocityToWire(walk.vx);
  avatar.vz = velocityToWire(walk.vz);
  avatar.at = walk.at & 0xffff;
  avatar.heading = heading;
}

/**
 * The counselling room is closed to non-members while locked; in a plaza it is closed to
 * everyone, staff too: a private talk belongs on the child's own floor, with their own staff.
 */
function lockedOut(ctx: SpaceContext, client: Member, zone: Zone | null): boolean {
  if (zone?.id !== "counselling") return false;
  if (ctx.plaza) return true;
  return (
    ctx.state.avatars.get(client.sessionId)?.zone !== "counselling" &&
    ctx.state.counsellingLocked &&
    !isStaffClient(client) &&
    !ctx.counsellingMembers.has(client.sessionId)
  );
}

/** The zone someone is now in, logged when it changes (the server decides zones, never the client). */
export function enterZone(ctx: SpaceContext, client: Member, zone: Zone | null): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar || !zone || zone.id === avatar.zone) return;
  ctx.log({ type: "zone_changed", participant: client.userData.participant, from: avatar.zone as typeof zone.id, to: zone.id });
  avatar.zone = zone.id;
}

/** For heatmaps and replay: about one sample a second while moving, never one per step. */
function sample(ctx: SpaceContext, client: Member, at: Point, now: number): void {
  const me = client.userData;
  if (now - me.lastSampleAt < 1000) return;
  me.lastSampleAt = now;
  ctx.log({ type: "position", participant: me.participant, x: toWire(at.x), z: toWire(at.z) });
}
