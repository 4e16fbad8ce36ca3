import type { Mesh, MeshBasicMaterial, PlaneGeometry } from "three";
import { FURNITURE } from "../../shared/domain/furniture.ts";
import type { BoardPicture } from "../scene/board.ts";
import { h } from "../ui/dom.ts";

/**
 * A shared screen where a child looks (issue 16; docs/voice.md, Screen share): on the 3D board,
 * in front of the deck's picture (which is back as it was when the share ends), in "look at the
 * board" (client/ui/boardViewer.ts), and as a line beside the board's title. A child not in the
 * lesson's talk is told there that a screen is shared and how to see it.
 *
 * Nothing of this is in a first visit: the scene lends only its board (SpaceView.board) and the
 * board's texture class (three's CanvasTexture), fed the video's frames as three's VideoTexture
 * would be.
 */

/** What the page lends this part: the 3D board (none without a 3D view), the board's line, and "look at the board". */
export interface ScreenHooks {
  board(): BoardPicture | undefined;
  line(): HTMLElement | undefined;
  openViewer(): void;
  /** Joins the lesson's talk (listening), to see the screen. */
  join(): void;
}

/**
 * How the screen reaches me now: shown; shared, its video still on its way; shared but I am not
 * in the lesson's talk, or have voice off; not shared.
 */
export type ScreenState = { kind: "shown"; track: MediaStreamTrack } | { kind: "coming" } | { kind: "join" } | { kind: "voiceOff" } | { kind: "none" };

/** The line beside the board's title (with furigana where the page shows it), the buttons, and the video's text alternative. */
export interface ScreenWords {
  sharing: Array<Node | string>;
  join: Array<Node | string>;
  voiceOff: Array<Node | string>;
  look: string;
  joinButton: string;
  alt: string;
}

/** Where the picture goes on the board (as client/scene/board.ts fits a page: the board's width less a margin, 1.05 m high). */
const board = FURNITURE.find((f) => f.kind === "board")?.footprint;
const AREA = { width: board ? board.x1 - board.x0 - 0.3 : 9, height: 1.05 };

export class ScreenView {
  /** The stream played (muted, inline), the 3D board's texture source and the viewer's. */
  readonly video = h("video", { class: "voice-screen-video", muted: true, playsinline: true, autoplay: true });
  readonly #line: HTMLElement;
  readonly #text: HTMLElement;
  readonly #look: HTMLButtonElement;
  readonly #join: HTMLButtonElement;
  #state: ScreenState = { kind: "none" };
  #mesh: Mesh<PlaneGeometry, MeshBasicMaterial> | null = null;
  #frames = 0;
  /** The viewer's module, fetched the first time a screen is shared. */
  #viewer: typeof import("../ui/boardViewer.ts") | null = null;

  constructor(
    private readonly hooks: ScreenHooks,
    private readonly words: ScreenWords,
  ) {
    this.video.muted = true; // the attribute alone does not mute a srcObject's audio (there is none: video only)
    this.video.setAttribute("aria-label", words.alt);
    this.#text = h("span", { class: "voice-screen-text" });
    this.#look = h("button", { type: "button", class: "small voice-screen-look" }, words.look);
    this.#look.addEventListener("click", () => hooks.openViewer());
    this.#join = h("button", { type: "button", class: "small voice-screen-join" }, words.joinButton);
    this.#join.addEventListener("click", () => hooks.join());
    this.#line = h("span", { class: "voice-screen-line", role: "status", hidden: true }, this.#text, " ", this.#look, this.#join);
    this.video.addEventListener("resize", () => this.#fit());
  }

  get state(): ScreenState {
    return this.#state;
  }

  /** For the tests: what is shown, and whether the 3D board shows the video's frames. */
  inspect() {
    const map = this.#mesh?.material.map;
    return {
      state: this.#state.kind,
      playing: !this.video.paused && this.video.readyState >= 2 && this.video.currentTime > 0,
      width: this.video.videoWidth,
      height: this.video.videoHeight,
      onBoard: this.#mesh?.parent != null && this.#mesh.visible && map?.image === this.video,
      /** Frames drawn onto the 3D board's texture. */
      boardFrames: this.#frames,
      line: this.#line.hidden ? "" : (this.#text.textContent ?? ""),
    };
  }

  set(next: ScreenState): void {
    const was = this.#state;
    this.#state = next;
    const line = this.hooks.line();
    if (line && this.#line.parentElement !== line) line.append(this.#line);
    this.#line.hidden = next.kind === "none";
    if (next.kind !== was.kind) this.#text.replaceChildren(...(next.kind === "join" ? this.words.join : next.kind === "voiceOff" ? this.words.voiceOff : this.words.sharing));
    this.#look.hidden = next.kind !== "shown";
    this.#join.hidden = next.kind !== "join";
    if (next.kind === "shown") {
      if (was.kind !== "shown" || was.track !== next.track) {
        this.video.srcObject = new MediaStream([next.track]);
        void this.video.play().catch(() => {}); // muted video plays without a tap
      }
      this.#show();
    } else if (was.kind === "shown") {
      this.#hide();
      this.video.srcObject = null;
    }
    void this.#tellViewer();
  }

  /** "Look at the board" shows the video instead of the page while the share is on (and the page again after). */
  async #tellViewer(): Promise<void> {
    if (this.#state.kind === "none" && !this.#viewer) return;
    this.#viewer ??= await import("../ui/boardViewer.ts");
    const state = this.#state;
    this.#viewer.showScreen(state.kind === "shown" ? { stream: this.video.srcObject as MediaStream, label: this.words.alt } : null);
  }

  /** In front of the board's picture, a hair nearer: the deck's page stays as it is behind it. */
  #show(): void {
    const board = this.hooks.board();
    if (!board || this.#mesh) return;
    const mesh = board.mesh.clone(false) as Mesh<PlaneGeometry, MeshBasicMaterial>;
    // The board's texture class (no import of three here: see BoardPicture.Texture), fed video frames.
    const texture = new board.Texture(this.video as unknown as HTMLCanvasElement);
    texture.colorSpace = "srgb";
    mesh.material = board.mesh.material.clone();
    mesh.material.map = texture;
    mesh.position.z += 0.01;
    mesh.visible = true;
    board.mesh.parent?.add(mesh);
    this.#mesh = mesh;
    this.#fit();
    // A new frame of the screen: uploaded and drawn (a few a second at most: the sharer sends five).
    const frame = () => {
      if (this.#mesh !== mesh) return;
      if (this.video.readyState >= 2) {
        texture.needsUpdate = true;
        this.#frames++;
        board.onReady();
      }
      if ("requestVideoFrameCallback" in this.video) this.video.requestVideoFrameCallback(frame);
      else setTimeout(frame, 200);
    };
    frame();
  }

  #fit(): void {
    const mesh = this.#mesh;
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!mesh || !w || !h) return;
    const scale = Math.min(AREA.width / w, AREA.height / h);
    mesh.scale.set(w * scale, h * scale, 1);
    this.hooks.board()?.onReady();
  }

  #hide(): void {
    const mesh = this.#mesh;
    if (!mesh) return;
    this.#mesh = null;
    mesh.removeFromParent();
    mesh.material.map?.dispose();
    mesh.material.dispose(); // the geometry is the board's own, shared by the clone
    this.hooks.board()?.onReady();
  }

  dispose(): void {
    this.set({ kind: "none" });
    this.#line.remove();
  }
}
