import type { VoiceGroupId } from "../../../shared/domain/voice.ts";
import type { MediaGrant, Talk } from "../../../shared/protocol/voice.ts";
import type { MediaServer } from "../../voice/mediaServer.ts";

/** One person's admission to their talk's media room: asked for, then held. */
interface Held {
  readonly group: VoiceGroupId;
  grant: MediaGrant | null;
  /** What the rules want: muted in the room unless they may speak and their microphone is on. */
  muted: boolean;
  /** What the media server was last told. */
  applied: boolean;
}

export interface MediaHooks {
  /** A grant arrived or the screen room changed: the talks are sent again. */
  changed(): void;
  /** The media server did not admit them: they leave the talk and are told (`media_down`). */
  refused(session: string): void;
  error(err: unknown, what: string): void;
}

/**
 * With a media server (docs/voice.md): keeps each joined person's admission to their talk's room in
 * step with the voice rules, which stay synchronous (Talks). Each time the talks are published,
 * sync() sees who is in which talk and who may be heard; grants, revocations and mutes go to the
 * media server in the background, and an answer that changes someone's talk marks it to be sent
 * again. Muting is the server's: anyone who may not speak now (a child without the turn, a voice
 * mute) or whose microphone is off is muted in the room itself, whatever their page does.
 */
export class MediaGrants {
  readonly #held = new Map<string, Held>();
  /** Whose screen the media server has a room for (a session id), and the share being asked for. */
  #sharing: string | null = null;
  #shareQueue: Promise<unknown> = Promise.resolve();
  readonly #unwatch: () => void;

  constructor(
    readonly server: MediaServer,
    readonly space: string,
    readonly hooks: MediaHooks,
  ) {
    this.#unwatch = server.watch(space, (what) => {
      if (what === "lost") {
        this.#held.clear();
        this.#sharing = null;
      }
      hooks.changed();
    });
  }

  /** My grant as my talk carries it (with the screen room while a screen is shared in it), or null while none is held. */
  grantOf(session: string): MediaGrant | null {
    const held = this.#held.get(session);
    if (!held?.grant) return null;
    const { screen: _, ...grant } = held.grant;
    const screen = this.server.screenOf(this.#key(held.group));
    return screen ? { ...grant, screen } : grant;
  }

  /** Everyone's talk as just computed (Talks.talks), and who shares a screen in the lesson's talk. */
  sync(talks: ReadonlyMap<string, Talk>, sharer: string | null): void {
    for (const [session, talk] of talks) {
      const group = talk.joined ? (talk.group as VoiceGroupId | null) : null;
      const held = this.#held.get(session);
      if (held && held.group !== group) this.#revoke(session, held);
      if (group === null) continue;
      const muted = !talk.mic;
      const now = this.#held.get(session);
      if (!now) this.#grant(session, group, muted);
      else if (now.muted !== muted) {
        now.muted = muted;
        if (now.grant) this.#applyMute(session, now);
      }
    }
    for (const [session, held] of this.#held) if (!talks.get(session)?.joined) this.#revoke(session, held);
    // The screen room is made once the sharer holds a grant in the lesson's room (it admits their token).
    const wanted = sharer !== null && this.#held.get(sharer)?.grant && this.#held.get(sharer)?.group === "lesson" ? sharer : null;
    if (wanted !== this.#sharing) {
      this.#sharing = wanted;
      this.#shareQueue = this.#shareQueue
        .then(() => this.server.share(this.#key("lesson"), wanted))
        .then(() => this.hooks.changed())
        .catch((err: unknown) => this.hooks.error(err, "the media server did not open or close the screen room"));
    }
  }

  /** The space closed: its rooms go. */
  close(): void {
    this.#unwatch();
    this.#held.clear();
    this.server.closeSpace(this.space).catch((err: unknown) => this.hooks.error(err, "the media server did not close the space's rooms"));
  }

  #grant(session: string, group: VoiceGroupId, muted: boolean): void {
    const held: Held = { group, grant: null, muted, applied: muted };
    this.#held.set(session, held);
    const answered = this.server.grant(this.#key(group), session, muted).then(
      (grant) => {
        if (this.#held.get(session) !== held) {
          // Left (or moved on) while it was asked for.
          this.server.revoke(this.#key(group), session).catch((err: unknown) => this.hooks.error(err, "a stale media grant was not revoked"));
          return;
        }
        held.grant = grant;
        if (held.muted !== held.applied) this.#applyMute(session, held);
        this.hooks.changed();
      },
      (err: unknown) => {
        if (this.#held.get(session) !== held) return;
        this.#held.delete(session);
        this.hooks.error(err, "the media server did not admit someone to a talk");
        this.hooks.refused(session);
      },
    );
    // What the room does with the answer must not become an unhandled rejection (it would end the process).
    answered.catch((err: unknown) => this.hooks.error(err, "a media grant's answer could not be used"));
  }

  #revoke(session: string, held: Held): void {
    this.#held.delete(session);
    if (this.#sharing === session) this.#sharing = null; // the room closes with the sharer's admission
    if (held.grant) this.server.revoke(this.#key(held.group), session).catch((err: unknown) => this.hooks.error(err, "a media grant was not revoked"));
  }

  #applyMute(session: string, held: Held): void {
    held.applied = held.muted;
    this.server.setMuted(this.#key(held.group), session, held.muted).catch((err: unknown) => this.hooks.error(err, "the media server did not mute or unmute someone"));
  }

  #key(group: VoiceGroupId) {
    return { space: this.space, group };
  }
}
