import { createHmac } from "node:crypto";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import type { IceServer } from "../../shared/protocol/voice.ts";
import type { Config } from "../config.ts";

export type IceConfig = Pick<Config, "stunUrls" | "turnUrls" | "turnSecret" | "turnPolicy">;

/**
 * The ICE servers a person who joins a talk is given. TURN credentials follow coturn's REST API
 * scheme (`use-auth-secret`): the user name is `<expiry in Unix seconds>:<pseudonym>` and the
 * password base64(HMAC-SHA1(secret, user name)), so coturn checks them with the shared secret
 * alone and they stop working by themselves after VOICE_LIMITS.turnSeconds. The pseudonym, never
 * the nickname, is what coturn's logs see. `now` is milliseconds since the epoch.
 */
export function iceServersFor(config: IceConfig, pseudonym: string, now: number): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const username = `${Math.floor(now / 1000) + VOICE_LIMITS.turnSeconds}:${pseudonym}`;
    const credential = createHmac("sha1", config.turnSecret).update(username).digest("base64");
    servers.push({ urls: [...config.turnUrls], username, credential });
  }
  return servers;
}

/** Whether TURN is set up (config.ts refuses URLs without a secret and a secret without URLs). */
export const turnConfigured = (config: Partial<IceConfig>): boolean => (config.turnUrls?.length ?? 0) > 0 && !!config.turnSecret;

/** Whether talks go through TURN only: TURN set up and not opened to direct links (HIDAMARI_TURN_POLICY=all). */
export const relayOnly = (config: Partial<IceConfig>): boolean => turnConfigured(config) && config.turnPolicy !== "all";
