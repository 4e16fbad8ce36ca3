import type { z } from "zod";
import type { ClientMessageType, ParsedMessage } from "../../shared/protocol/messages.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";

export type ParseResult<T extends ClientMessageType> = { success: true; data: ParsedMessage<T> } | { success: false; error: z.ZodError };

/** Returns the parsed value when the input is certainly valid, undefined when zod must decide. */
type FastCheck = (payload: unknown) => Record<string, number> | undefined;

/**
 * A strict object of plain bounded numbers (what `move` is) checked without zod's machinery:
 * moves are nine in ten messages, and zod's generic path costs several microseconds each on a
 * busy server. The check is built from the zod schema itself, so the bounds cannot drift, and it
 * only ever says "valid": anything it is not sure of goes to zod, which then gives its usual
 * answer (same data, same error). A schema with anything else in it gets no fast path.
 */
export function fastNumberObject(schema: z.core.$ZodType): FastCheck | null {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; catchall?: z.core.$ZodType };
  if (def.type !== "object" || !def.shape || def.catchall?._zod.def.type !== "never") return null;
  const fields: Array<{ key: string; min: number; max: number; whole: boolean }> = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const fieldDef = field._zod.def as { type: string; format?: string; checks?: Array<{ _zod: { def: { check: string; value?: unknown; inclusive?: boolean } } }> };
    if (fieldDef.type !== "number") return null;
    // z.int() is a number whose format is "safeint" (no check says so): it refuses 1.5. Any
    // other format (int32, float32…) is not understood here, and left to zod.
    if (fieldDef.format !== undefined && fieldDef.format !== "safeint") return null;
    let min = -Infinity;
    let max = Infinity;
    for (const check of fieldDef.checks ?? []) {
      const c = check._zod.def;
      if (typeof c.value !== "number" || c.inclusive !== true) return null;
      if (c.check === "greater_than") min = Math.max(min, c.value);
      else if (c.check === "less_than") max = Math.min(max, c.value);
      else return null;
    }
    fields.push({ key, min, max, whole: fieldDef.format === "safeint" });
  }
  const keys = new Set(fields.map((f) => f.key));
  return (payload) => {
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
    // zod looks for unknown keys with for…in (inherited ones too): so does this.
    let count = 0;
    for (const key in payload) {
      if (!keys.has(key)) return undefined;
      count++;
    }
    if (count !== fields.length) return undefined;
    const out: Record<string, number> = {};
    for (const { key, min, max, whole } of fields) {
      const value: unknown = (payload as Record<string, unknown>)[key];
      // zod's number refuses NaN and ±Infinity; the bounds are inclusive.
      if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) return undefined;
      if (whole && !Number.isSafeInteger(value)) return undefined;
      out[key] = value;
    }
    return out;
  };
}

const FAST: Partial<Record<ClientMessageType, FastCheck>> = {};
for (const type of Object.keys(ClientMessages) as ClientMessageType[]) {
  const check = fastNumberObject(ClientMessages[type]);
  if (check) FAST[type] = check;
}

/** The message's zod schema decides, with the fast path above in front where it applies. */
export function parseMessage<T extends ClientMessageType>(type: T, payload: unknown): ParseResult<T> {
  const fast = FAST[type]?.(payload);
  if (fast !== undefined) return { success: true, data: fast as ParsedMessage<T> };
  return ClientMessages[type].safeParse(payload) as ParseResult<T>;
}

/** Which message types have a fast path (for tests). */
export const fastPathTypes = (): ClientMessageType[] => Object.keys(FAST) as ClientMessageType[];
