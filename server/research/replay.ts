import type { ZoneId } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { Replay } from "../../shared/research/replay.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import type { Admission } from "./analysis.ts";

/** The tracks a 3D replay needs, for admitted participants only, pseudonymised. */
export function replayOf(session: SessionRecord, events: Iterable<LoggedEvent>, admission: Admission): Replay {
  type Track = Replay["tracks"][number];
  // Per visit: its track, and its own stay (a reloaded page's new visit may enter before the
  // earlier visit's seat gives way; each visit's leaving ends its own stay).
  const byParticipant = new Map<string, { track: Track; stay: Track["stays"][number] }>();
  const byAccount = new Map<string, Track>();
  let end = session.closedAt ?? session.openedAt;
  const t = (at: number) => at - session.openedAt;
  for (const e of events) {
    end = Math.max(end, e.at);
    if (e.type === "entered") {
      if (!e.account || !admission.include(e.account, e.role ?? "student")) continue;
      const track = byAccount.get(e.account) ?? { pseudonym: admission.pseudonym(e.account), role: e.role ?? "student", stays: [], zones: [], points: [] };
      byAccount.set(e.account, track);
      const stay = { from: t(e.at), to: -1 };
      byParticipant.set(e.participant, { track, stay });
      track.stays.push(stay);
      track.zones.push({ t: t(e.at), zone: e.zone });
      continue;
    }
    if (!("participant" in e)) continue;
    const visit = byParticipant.get(e.participant);
    if (!visit) continue;
    const { track, stay } = visit;
    if (e.type === "left") {
      if (stay.to < 0) stay.to = t(e.at);
    } else if (e.type === "zone_changed") {
      track.zones.push({ t: t(e.at), zone: e.to as ZoneId });
    } else if (e.type === "position") {
      track.points.push({ t: t(e.at), x: e.x, z: e.z });
    }
  }
  const tracks = [...byAccount.values()];
  for (const track of tracks) for (const stay of track.stays) if (stay.to < 0) stay.to = t(end);
  return { durationMs: t(end), tracks };
}
