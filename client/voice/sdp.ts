import type { Link } from "../../shared/protocol/voice.ts";

/**
 * The pure rules of a voice link: which way audio may go over it, and how the Opus codec is asked
 * to encode speech. Kept apart from the RTCPeerConnection code so they can be tested without a
 * browser.
 */

/** The transceiver's direction for a link, as the server decided it (docs/voice.md: Links). */
export function directionOf(link: Pick<Link, "send" | "receive">): RTCRtpTransceiverDirection {
  if (link.send && link.receive) return "sendrecv";
  if (link.send) return "sendonly";
  if (link.receive) return "recvonly";
  return "inactive";
}

/**
 * A shared screen to a child (issue 16: content-tuned, at most 250 kbps a viewer): five frames a
 * second are plenty for text and slides, one with the viewer's data saver.
 */
export const SCREEN = { maxBitrate: 250_000, frameRate: 5, saverFrameRate: 1 } as const;

/**
 * The video line's direction on a link: the sharer sends only, a viewer receives only while the
 * link carries the screen, and neither once it does not (so a page cannot push video the server
 * did not link).
 */
export function screenDirection(video: boolean, sharing: boolean): RTCRtpTransceiverDirection {
  if (!video) return "inactive";
  return sharing ? "sendonly" : "recvonly";
}

/**
 * Speech, not music: one channel and 20 kbps are plenty (Opus is wideband and clear there), and
 * keep a child's data small on LTE: the bench measured 28 kbps in 20 ms packets at 19.7 MB a
 * listener-hour, over the 15 (docs/benchmarks.md).
 */
export const OPUS_MAX_BITRATE = 20_000;
/**
 * 40 ms of speech per packet instead of 20: half the packets, so half the IP, UDP, SRTP and RTP
 * headers, which were a third of what a listener received. 20 ms more delay, well within a talk's.
 */
export const OPUS_PTIME = 40;

/**
 * What this page asks of Opus, written on the fmtp line of its own session descriptions (the
 * other side's encoder follows them): forward error correction for lossy mobile links, DTX so
 * silence costs almost nothing, mono, and a modest average bitrate.
 */
const OPUS_PARAMS: Record<string, string> = { useinbandfec: "1", usedtx: "1", stereo: "0", "sprop-stereo": "0", maxaveragebitrate: String(OPUS_MAX_BITRATE) };

/**
 * Adds (or overrides) our Opus parameters on every Opus fmtp line of a session description,
 * leaving the rest byte for byte as the browser wrote it. A description without Opus is returned
 * unchanged.
 */
export function tuneOpus(sdp: string): string {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(eol);
  const opus = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (match?.[1]) opus.add(match[1]);
  }
  if (opus.size === 0) return sdp;
  const seen = new Set<string>();
  const tuned = lines.map((line) => {
    const match = /^a=fmtp:(\d+) ?(.*)$/.exec(line);
    if (!match?.[1] || !opus.has(match[1])) return line;
    seen.add(match[1]);
    return `a=fmtp:${match[1]} ${withParams(match[2] ?? "")}`;
  });
  // The packet time, once per Opus fmtp line (a description's own a=ptime lines give way to it).
  for (let i = tuned.length - 1; i >= 0; i--) if (tuned[i]?.startsWith("a=ptime:")) tuned.splice(i, 1);
  // An Opus payload type without an fmtp line gets one, right after its rtpmap line.
  for (const pt of opus) {
    if (seen.has(pt)) continue;
    const at = tuned.findIndex((line) => line.toLowerCase().startsWith(`a=rtpmap:${pt} opus/`));
    tuned.splice(at + 1, 0, `a=fmtp:${pt} ${withParams("")}`);
  }
  for (let i = tuned.length - 1; i >= 0; i--) {
    const match = /^a=fmtp:(\d+) /.exec(tuned[i] ?? "");
    if (match?.[1] && opus.has(match[1])) tuned.splice(i + 1, 0, `a=ptime:${OPUS_PTIME}`);
  }
  return tuned.join(eol);
}

function withParams(existing: string): string {
  const params = new Map<string, string>();
  for (const part of existing.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key) params.set(key, value.join("="));
  }
  for (const [key, value] of Object.entries(OPUS_PARAMS)) params.set(key, value);
  return [...params].map(([key, value]) => (value === "" ? key : `${key}=${value}`)).join(";");
}
