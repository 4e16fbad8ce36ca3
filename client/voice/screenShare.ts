import { SCREEN } from "./sdp.ts";

/**
 * The lesson's teacher shares a screen or a window to the board (issue 16; docs/voice.md). The
 * browser's picker is opened only on the console's button (SCREEN_SHARE_EVENT, in the press's own
 * turn: the browser asks for that), video only, never audio and never a camera; tuned for text
 * and slides. The browser's own "stop sharing" ends it as the console's button does.
 */

/**
 * From the staff console's button (client/staff/console/voice.ts), which must not import the
 * voice part: detail `true` to share, `false` to stop. The voice part calls preventDefault() on
 * it, so the console knows whether anything heard the press (voice kept off: nothing did).
 */
export const SCREEN_SHARE_EVENT = "hidamari-screen-share";

export class ScreenShare {
  #stream: MediaStream | null = null;
  #asking = false;

  constructor(
    /** The share began (a track to send) or ended (null), by the button or by the browser. */
    private readonly changed: (track: MediaStreamTrack | null) => void,
  ) {}

  get stream(): MediaStream | null {
    return this.#stream;
  }

  get track(): MediaStreamTrack | null {
    return this.#stream?.getVideoTracks()[0] ?? null;
  }

  /** Must be called in the press's own turn (no await before it), or the browser refuses to ask. */
  start(): Promise<boolean> {
    if (this.#stream || this.#asking || !navigator.mediaDevices?.getDisplayMedia) return Promise.resolve(false);
    this.#asking = true;
    return navigator.mediaDevices
      .getDisplayMedia({ video: { frameRate: SCREEN.frameRate }, audio: false })
      .then((stream) => {
        const track = stream.getVideoTracks()[0];
        stream.getAudioTracks().forEach((t) => t.stop()); // never audio, whatever a browser offers
        if (!track) return false;
        track.contentHint = "text";
        // The browser's own "stop sharing" bar.
        track.addEventListener("ended", () => this.stop());
        this.#stream = stream;
        this.changed(track);
        return true;
      })
      .catch((error: unknown) => {
        // Cancelled in the picker, or not allowed: nothing is shared, and that is fine.
        console.warn("voice: no screen was shared", error);
        return false;
      })
      .finally(() => (this.#asking = false));
  }

  stop(): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = null;
    stream.getTracks().forEach((t) => t.stop());
    this.changed(null);
  }
}
