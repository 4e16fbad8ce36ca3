import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured logs (JSON lines, one event per line) with the space, session and request they
 * belong to. What students say is never logged; ids are enough to find one's way.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "hidamari" }, timestamp: pino.stdTimeFunctions.isoTime });
}
