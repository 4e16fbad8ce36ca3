import { LoggedEvent } from "../../shared/log/events.ts";

/** The position sample's fields in the order zod's parse writes them (and JSON.stringify keeps). */
const POSITION_KEYS = ["v", "at", "space", "participant", "type", "x", "z"] as const;

/** True while the zod schema's position event has exactly the fields the fast path writes. */
const positionShapeMatches = (() => {
  const option = LoggedEvent.options.find((o) => o.shape.type.value === "position");
  const keys = option ? Object.keys(option.shape) : [];
  return keys.length === POSITION_KEYS.length && keys.every((k, i) => k === POSITION_KEYS[i]);
})();

/**
 * Validates an event before it is logged: the zod schema decides, except for position samples
 * (about one a second per walking student, most of what is logged), which are checked by hand
 * when they are certainly valid and written as zod would write them, same fields in the same
 * order, unknown ones dropped. Anything else, or anything doubtful, goes through zod and throws
 * as before. test/integration/log-fast-path.test.ts holds the two to the same answers.
 */
export function checkEvent(event: LoggedEvent): LoggedEvent {
  if (positionShapeMatches && event.type === "position") {
    const { v, at, space, participant, x, z } = event;
    if (v === 1 && Number.isSafeInteger(at) && typeof space === "string" && space.length >= 1 && typeof participant === "string" && Number.isSafeInteger(x) && Number.isSafeInteger(z)) {
      return { v, at, space, participant, type: "position", x, z };
    }
  }
  return LoggedEvent.parse(event);
}
