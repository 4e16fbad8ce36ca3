import type { Page } from "playwright-core";

/**
 * A bare WebRTC audio call between two pages, for tests of the network under voice (netns.ts,
 * coturn): one page speaks with its (fake) microphone, the other plays what it receives, and the
 * test carries the signalling between them itself. No Hidamari code on either page.
 */

/** Only what a blank page at an origin needs: the server's pages forbid the microphone (Permissions-Policy). */
export async function blankPageAt(page: Page, origin: string): Promise<void> {
  const url = `${origin}/rtc-test-page`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>call</title><body></body>" }));
  await page.goto(url);
}

/** What the pages report of the call, read through getStats. */
export interface CallReport {
  iceGatheringState: RTCIceGatheringState;
  iceConnectionState: RTCIceConnectionState;
  connectionState: RTCPeerConnectionState;
  /** The listener's inbound audio. */
  bytesReceived: number;
  audioLevel: number;
  totalAudioEnergy: number;
  /** The selected candidate pair's ends ("host", "srflx", "relay"), if one is selected. */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  /** icecandidateerror events (e.g. 401 from a TURN server that refused the credentials). */
  candidateErrors: { errorCode: number; url: string }[];
  /** Candidate types gathered locally. */
  gathered: string[];
}

interface Side {
  pc: RTCPeerConnection;
  candidateErrors: { errorCode: number; url: string }[];
  gathered: string[];
}

/** Makes the page's peer connection; a speaker sends its microphone, a listener plays what arrives, unmuted. */
export function prepare(page: Page, config: RTCConfiguration, role: "speaker" | "listener"): Promise<void> {
  return page.evaluate(
    async ({ config, role }) => {
      const pc = new RTCPeerConnection(config);
      const side = { pc, candidateErrors: [] as { errorCode: number; url: string }[], gathered: [] as string[] };
      (window as unknown as { rtc: typeof side }).rtc = side;
      pc.addEventListener("icecandidateerror", (e) => side.candidateErrors.push({ errorCode: e.errorCode, url: e.url }));
      pc.addEventListener("icecandidate", (e) => {
        if (e.candidate?.type) side.gathered.push(e.candidate.type);
      });
      if (role === "speaker") {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
      } else {
        // Levels are measured on what is played: the received stream plays, unmuted (autoplay is allowed by the launch flags).
        pc.addEventListener("track", (e) => {
          const audio = document.createElement("audio");
          audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
          document.body.append(audio);
          void audio.play();
        });
      }
    },
    { config, role },
  );
}

/** Creates the offer or answer (answering `remote` if given), waits for every candidate, and returns it whole. */
export function localDescription(page: Page, remote?: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
  return page.evaluate(async (remote) => {
    const { pc } = (window as unknown as { rtc: Side }).rtc;
    if (remote) await pc.setRemoteDescription(remote);
    await pc.setLocalDescription();
    if (pc.iceGatheringState !== "complete") {
      await new Promise<void>((resolve) => {
        pc.addEventListener("icegatheringstatechange", () => {
          if (pc.iceGatheringState === "complete") resolve();
        });
      });
    }
    const local = pc.localDescription;
    if (!local) throw new Error("no local description");
    return { type: local.type, sdp: local.sdp };
  }, remote);
}

export function accept(page: Page, answer: RTCSessionDescriptionInit): Promise<void> {
  return page.evaluate(async (answer) => {
    await (window as unknown as { rtc: Side }).rtc.pc.setRemoteDescription(answer);
  }, answer);
}

/**
 * The speaker offers, the listener answers (non-trickle: every candidate rides in the
 * descriptions). Each side may have its own configuration, as each person has their own TURN credentials.
 */
export async function call(speaker: Page, listener: Page, config: RTCConfiguration, listenerConfig: RTCConfiguration = config): Promise<void> {
  await prepare(speaker, config, "speaker");
  await prepare(listener, listenerConfig, "listener");
  const offer = await localDescription(speaker);
  const answer = await localDescription(listener, offer);
  await accept(speaker, answer);
}

/** This page's side of the call, now. */
export function report(page: Page): Promise<CallReport> {
  return page.evaluate(async () => {
    const { pc, candidateErrors, gathered } = (window as unknown as { rtc: Side }).rtc;
    const stats = [...(await pc.getStats()).values()] as (Record<string, unknown> & { type: string; id: string })[];
    const byId = new Map(stats.map((s) => [s.id, s]));
    const inbound = stats.find((s) => s.type === "inbound-rtp" && s.kind === "audio");
    const transport = stats.find((s) => s.type === "transport");
    const pair = byId.get(String(transport?.selectedCandidatePairId));
    const end = (id: unknown) => {
      const type = byId.get(String(id))?.candidateType;
      return typeof type === "string" ? type : null;
    };
    return {
      iceGatheringState: pc.iceGatheringState,
      iceConnectionState: pc.iceConnectionState,
      connectionState: pc.connectionState,
      bytesReceived: Number(inbound?.bytesReceived ?? 0),
      audioLevel: Number(inbound?.audioLevel ?? 0),
      totalAudioEnergy: Number(inbound?.totalAudioEnergy ?? 0),
      localCandidateType: end(pair?.localCandidateId),
      remoteCandidateType: end(pair?.remoteCandidateId),
      candidateErrors,
      gathered,
    };
  });
}

/**
 * Reads the page's report until `done` says so, or `ms` pass (then the last report is returned
 * for the test to show what it saw). The loudest level seen is kept: the fake microphone beeps.
 */
export async function reportWhen(page: Page, done: (r: CallReport) => boolean, ms: number): Promise<CallReport & { loudest: number }> {
  const deadline = Date.now() + ms;
  let loudest = 0;
  for (;;) {
    const r = await report(page);
    loudest = Math.max(loudest, r.audioLevel);
    if (done({ ...r, audioLevel: loudest }) || Date.now() > deadline) return { ...r, loudest };
    await page.waitForTimeout(100);
  }
}

/** Stops the page's call. */
export function hangUp(page: Page): Promise<void> {
  return page.evaluate(() => {
    const side = (window as unknown as { rtc?: Side }).rtc;
    side?.pc.getSenders().forEach((s) => s.track?.stop());
    side?.pc.close();
  });
}
