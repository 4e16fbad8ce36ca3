/** How long a source's last packet still counts: DTX sends nothing in silence, and a receiver keeps the last level it saw. */
const FRESH_MS = 500;

/**
 * How loud the audio arriving on a connection is now (0..1), from each receiver's own record of
 * its sources' last packets (RTCRtpReceiver.getSynchronizationSources). A stats report four times
 * a second per link, as "who is speaking" was read before, makes the browser gather every
 * transport, candidate and codec each time, for one number.
 */
export function inboundLevel(pc: RTCPeerConnection): number {
  // The sources' times are on the page's clock from its time origin (the epoch), not performance.now().
  const now = performance.timeOrigin + performance.now();
  let level = 0;
  for (const receiver of pc.getReceivers()) {
    if (receiver.track.kind !== "audio") continue;
    for (const source of receiver.getSynchronizationSources()) if (now - source.timestamp < FRESH_MS) level = Math.max(level, source.audioLevel ?? 0);
  }
  return level;
}
