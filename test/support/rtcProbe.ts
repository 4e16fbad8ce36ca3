/**
 * An init script (page.addInitScript, context.addInitScript) that keeps each RTCPeerConnection
 * the page makes in `globalThis.__pcs`, before the page's own code runs: the product's and a
 * bare call's alike, so tests and the voice bench read them (getStats, transceivers) the same way.
 */
export const RTC_PROBE = `
globalThis.__name = (f) => f; // tsx keeps function names through a helper pages do not have
(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...a) {
      super(...a);
      pcs.push(this);
    }
  };
  globalThis.__pcs = pcs;
})();
`;
