import { z } from "zod/mini";

/**
 * A student's research consent, recorded by staff (parental consent plus the child's assent):
 * none, their activity, or their activity and what they write in chat. Using the space never
 * depends on it.
 */
export const CONSENT_LEVELS = ["none", "activity", "activity_chat"] as const;
export const ConsentLevel = z.enum(CONSENT_LEVELS);
export type ConsentLevel = z.infer<typeof ConsentLevel>;

export const ConsentBody = z.strictObject({ level: ConsentLevel });
