import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { iceServersFor } from "../../server/voice/iceServers.ts";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import { type Coturn, startCoturn } from "../support/coturn.ts";
import { useVoiceNetwork } from "./netns.ts";
import { blankPageAt, call, hangUp, report, reportWhen } from "./rtc.ts";
import { useStage } from "./stage.ts";

/**
 * TURN as a school network that blocks direct UDP would need it: the pages may use relayed
 * candidates only, and reach each other through Debian's coturn with the credentials the server
 * hands out (server/voice/iceServers.ts, configured as an operator would through the environment).
 * coturn listens on the host end of the namespace's link; Chromium runs inside the namespace.
 */
const voice = useVoiceNetwork();
const stage = useStage({ open: false, ...voice.stage });
let coturn: Coturn;
beforeAll(async () => {
  coturn = await startCoturn({ address: voice.network.hostAddress });
});
afterAll(async () => {
  await coturn?.stop();
});

const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) {
    await hangUp(page).catch(() => undefined);
    await page.context().close();
  }
});
const callPages = async () => {
  const [speaker, listener] = [await stage.page(), await stage.page()];
  pages.push(speaker, listener);
  await blankPageAt(speaker, stage.server.url);
  await blankPageAt(listener, stage.server.url);
  return { speaker, listener };
};

/** The configuration as main.ts loads it, with this run's coturn. */
const configWith = (secret: string) => loadConfig({ HIDAMARI_TURN_URLS: coturn.urls.join(","), HIDAMARI_TURN_SECRET: secret });

/** A relayed call where each page signs in with credentials made at `now` under `secret`. */
async function relayedCall(secret: string, now: number) {
  const config = configWith(secret);
  const { speaker, listener } = await callPages();
  const relayOnly = (pseudonym: string): RTCConfiguration => ({ iceTransportPolicy: "relay", iceServers: iceServersFor(config, pseudonym, now) });
  await call(speaker, listener, relayOnly("p-speaker"), relayOnly("p-listener"));
  return { speaker, listener };
}

/**
 * Refused credentials leave ICE nothing to try: each page's gathering completes (call() waits for
 * that) with no candidate and a 401 from coturn for each URL. With no candidate pair on either
 * side Chromium keeps ICE at "new" rather than "failed", so that is what is asserted: no pair, no
 * connection, no audio.
 */
async function expectRefused(speaker: Page, listener: Page) {
  for (const page of [speaker, listener]) {
    const r = await report(page);
    expect(r.iceGatheringState).toBe("complete");
    expect(r.gathered).toEqual([]);
    expect(new Set(r.candidateErrors.map((e) => e.errorCode))).toEqual(new Set([401]));
    expect(r.candidateErrors.map((e) => e.url).sort()).toEqual([...coturn.urls].sort());
    expect(r.localCandidateType).toBeNull();
    expect(r.connectionState).not.toMatch(/^(connecting|connected)$/);
  }
  expect((await report(listener)).bytesReceived).toBe(0);
}

describe("voice through coturn", () => {
  it("relays a call whose pages may use relayed candidates only, with the server's credentials", async () => {
    const config = configWith(coturn.secret);
    expect(config.turnUrls).toEqual(coturn.urls);
    const now = Date.now();
    expect(iceServersFor(config, "p-listener", now)).toEqual([
      { urls: coturn.urls, username: `${Math.floor(now / 1000) + VOICE_LIMITS.turnSeconds}:p-listener`, credential: expect.any(String) },
    ]);
    const { listener } = await relayedCall(coturn.secret, now);

    const heard = await reportWhen(listener, (r) => r.bytesReceived > 0 && r.localCandidateType !== null, 20_000);
    expect(heard.iceConnectionState).toMatch(/^(connected|completed)$/);
    expect(heard.bytesReceived).toBeGreaterThan(0);
    expect(heard.localCandidateType).toBe("relay");
    expect(heard.remoteCandidateType).toBe("relay");
    expect(new Set(heard.gathered)).toEqual(new Set(["relay"]));
    expect(heard.candidateErrors).toEqual([]);
    // coturn itself says whose allocations it made: the pseudonyms in the signed user names.
    for (const who of ["p-speaker", "p-listener"]) expect(coturn.output()).toMatch(new RegExp(`user <\\d+:${who}>: incoming packet ALLOCATE processed, success`));
  });

  it("refuses credentials signed with another secret: no candidate, no connection", async () => {
    const { speaker, listener } = await relayedCall("not-this-runs-secret-at-all", Date.now());
    await expectRefused(speaker, listener);
    expect(coturn.output()).toMatch(/user <\d+:p-speaker>: incoming packet message processed, error 401/);
  });

  it("refuses credentials that have expired, though signed with the right secret", async () => {
    const { speaker, listener } = await relayedCall(coturn.secret, Date.now() - (VOICE_LIMITS.turnSeconds + 60) * 1000);
    await expectRefused(speaker, listener);
  });
});
