import type { MediaGrant } from "../../shared/protocol/voice.ts";

/**
 * A media server for talks (issue 16, docs/voice.md "With a media server"): one mixed audio room
 * per voice group, so each person receives one stream whatever the group's size, and a room for
 * a lesson's shared screen. The rooms ask it; only server/voice/janus.ts knows it is Janus.
 * A group is named by its space (a room's id) and its voice group (`spot:rug`, `lesson`, …).
 */
export interface GroupKey {
  readonly space: string;
  readonly group: string;
}

/** The screen-share room of a group: the sharer publishes as `feed`, the others subscribe to it. */
export type ScreenGrant = NonNullable<MediaGrant["screen"]>;

export interface MediaServer {
  /** Where pages reach it (the grant's url): the page's Content-Security-Policy lets them connect there. */
  readonly pageUrl: string;
  /**
   * Admits a person to the group's audio room (made on first use): a token for that room only and
   * a participant id chosen here. `muted`: the server mutes them there until told otherwise.
   */
  grant(key: GroupKey, session: string, muted: boolean): Promise<MediaGrant>;
  /** Takes the admission back: the token no longer admits, and they are kicked if in. The room goes with its last person. */
  revoke(key: GroupKey, session: string): Promise<void>;
  /** Mutes or unmutes a granted person in the audio room (kept even if their page unmutes itself). */
  setMuted(key: GroupKey, session: string, muted: boolean): Promise<void>;
  /** Opens the group's screen room for `sharer` (granted already) to publish in, or closes it (null). */
  share(key: GroupKey, sharer: string | null): Promise<ScreenGrant | null>;
  /** Everything of a space is closed (the space closed). */
  closeSpace(space: string): Promise<void>;
  /** Whether the media server answers now (for /readyz), within a second. */
  ready(): Promise<boolean>;
  /** The group's screen room now (its pin changes when someone leaves the group), or null. */
  screenOf(key: GroupKey): ScreenGrant | null;
  /**
   * Tells a space what changed by itself: `screen` (a screen room's pin changed: send the talks
   * again), `lost` (the media server lost the space's rooms, it restarted: forget the grants and
   * grant again). Returns the unsubscribe.
   */
  watch(space: string, listener: (what: "screen" | "lost") => void): () => void;
  close(): Promise<void>;
}
