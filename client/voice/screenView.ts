import type { LinearFilter, Mesh, MeshBasicMaterial, PlaneGeometry } from "three";
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
  /** The same, as plain text for the 3D board's note (one line each; " / " may split it in two). */
  noteSharing: string;
  noteJoin: string;
  noteVoiceOff: string;
}

/** A note's text on one or two lines: split at " / " if it has one. */
function splitNote(text: string): string[] {
  return text.split(" / ").slice(0, 2);
}

/** Where the picture goes on the board (as client/scene/board.ts fits a page: the board's width less a margin, 1.05 m high). */
const board = FURNITURE.find((f) => f.kind === "board")?.footprint;
const AREA = { width: board ? board.x1 - board.x0 - 0.3 : 9, height: 1.05 };
/** three's LinearFilter (a constant; importing it would import three: see BoardPicture.Texture). */
const LINEAR = 1006 as typeof LinearFilter;

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
      /** The board shows a note instead (a screen is shared; how to see it). */
      noteOnBoard: this.#mesh?.parent != null && this.#mesh.visible && map?.image instanceof HTMLCanvasElement,
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
    line?.classList.toggle("voice-screen-on", next.kind !== "none");
    if (next.kind !== was.kind) this.#text.replaceChildren(...(next.kind === "join" ? this.words.join : next.kind === "voiceOff" ? this.words.voiceOff : this.words.sharing));
    this.#look.hidden = next.kind !== "shown";
    this.#join.hidden = next.kind !== "join";
    const track = next.kind === "shown" ? next.track : null;
    if (track && (was.kind !== "shown" || was.track !== track)) {
      this.video.srcObject = new MediaStream([track]);
      void this.video.play().catch(() => {}); // muted video plays without a tap
    } else if (!track && was.kind === "shown") this.video.srcObject = null;
    if (next.kind === "none") this.#hide();
    else this.#board(next, was);
    void this.#tellViewer();
  }

  /** "Look at the board" shows the video instead of the page while the share is on (and the page again after), or how to see it. */
  async #tellViewer(): Promise<void> {
    if (this.#state.kind === "none" && !this.#viewer) return;
    this.#viewer ??= await import("../ui/boardViewer.ts");
    const state = this.#state;
    const w = this.words;
    const note = state.kind === "join" ? w.noteJoin : state.kind === "voiceOff" ? w.noteVoiceOff : w.noteSharing;
    this.#viewer.showScreen(state.kind === "none" ? null : state.kind === "shown" ? { stream: this.video.srcObject as MediaStream, label: w.alt } : { stream: null, label: note });
  }

  /**
   * The 3D board: in front of its picture, a hair nearer (the deck's page stays as it is behind
   * it), the screen's frames as they come; until the first one, or for a child not in the talk,
   * a short note saying a screen is shared and how to see it.
   */
  #board(next: ScreenState, was: ScreenState): void {
    const board = this.hooks.board();
    if (!board) return;
    let mesh = this.#mesh;
    if (!mesh) {
      mesh = board.mesh.clone(false) as Mesh<PlaneGeometry, MeshBasicMaterial>;
      mesh.material = board.mesh.material.clone();
      mesh.position.z += 0.01;
      board.mesh.parent?.add(mesh);
      this.#mesh = mesh;
    }
    if (next.kind !== "shown") {
      if (next.kind !== was.kind || this.#size !== "note") this.#note(board, mesh, next.kind === "join" ? this.words.noteJoin : next.kind === "voiceOff" ? this.words.noteVoiceOff : this.words.noteSharing);
      return;
    }
    if (was.kind === "shown" && was.track === next.track) return;
    // A new frame of the screen: uploaded and drawn (a few a second at most: the sharer sends five).
    const run = ++this.#run;
    const frame = () => {
      if (this.#mesh !== mesh || this.#run !== run || this.#state.kind !== "shown") return;
      if (this.video.readyState >= 2 && this.video.videoWidth > 0) {
        this.#texture(board, mesh);
        this.#frames++;
        board.onReady();
      }
      if ("requestVideoFrameCallback" in this.video) this.video.requestVideoFrameCallback(frame);
      else setTimeout(frame, 200);
    };
    frame();
  }
  #run = 0;

  /** The texture for this frame: the same one marked for upload, or a new one when the screen's size changed (a window resized). */
  #texture(board: BoardPicture, mesh: Mesh<PlaneGeometry, MeshBasicMaterial>): void {
    const { videoWidth: w, videoHeight: h } = this.video;
    const old = mesh.material.map;
    if (old && this.#size === `${w}x${h}`) {
      old.needsUpdate = true;
      return;
    }
    // three sizes a texture by its image's width and height, which a video has only as attributes.
    this.video.width = w;
    this.video.height = h;
    this.#put(board, mesh, this.video as unknown as HTMLCanvasElement, `${w}x${h}`);
  }

  /** A short note on the board, drawn on a canvas: a screen is shared, and how to see it. */
  #note(board: BoardPicture, mesh: Mesh<PlaneGeometry, MeshBasicMaterial>, text: string): void {
    const canvas = document.createElement("canvas");
    canvas.width = 1024;
    canvas.height = 256;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.fillStyle = "#fffaf0";
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = "#3a2a1a";
    g.textAlign = "center";
    g.textBaseline = "middle";
    const font = getComputedStyle(document.body).fontFamily || "sans-serif";
    // As large as fits, on up to two lines (split where the words allow).
    const lines = splitNote(text);
    let size = 64;
    g.font = `bold ${size}px ${font}`;
    while (size > 24 && lines.some((l) => g.measureText(l).width > canvas.width - 60)) g.font = `bold ${(size -= 4)}px ${font}`;
    lines.forEach((l, i) => g.fillText(l, canvas.width / 2, canvas.height / 2 + (i - (lines.length - 1) / 2) * size * 1.25));
    this.#put(board, mesh, canvas, "note");
  }

  #put(board: BoardPicture, mesh: Mesh<PlaneGeometry, MeshBasicMaterial>, image: HTMLCanvasElement, size: string): void {
    this.#size = size;
    mesh.material.map?.dispose();
    // The board's texture class (no import of three here: see BoardPicture.Texture), set up as three's VideoTexture is.
    const texture = new board.Texture(image);
    texture.colorSpace = "srgb";
    texture.generateMipmaps = false;
    texture.minFilter = LINEAR;
    texture.magFilter = LINEAR;
    mesh.material.map = texture;
    mesh.material.needsUpdate = true;
    const scale = Math.min(AREA.width / image.width, AREA.height / image.height);
    mesh.scale.set(image.width * scale, image.height * scale, 1);
    mesh.visible = true;
    board.onReady();
  }
  #size = "";

  #hide(): void {
    const mesh = this.#mesh;
    if (!mesh) return;
    this.#mesh = null;
    this.#size = "";
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
