import { CanvasTexture, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace, type Texture } from "three";
import { PageMarks } from "../ui/pageMarks.ts";
import { FURNITURE } from "../../shared/domain/furniture.ts";

/**
 * The picture on the classroom board: a plane just in front of the board, fitted to the
 * picture's shape. Textures are freed when the picture changes or the space closes.
 */
const board = FURNITURE.find((f) => f.kind === "board")?.footprint;
const AREA = { width: board ? board.x1 - board.x0 - 0.3 : 9, height: 1.05, y: 1.5 };

export class BoardPicture {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  /** A warm frame around the picture while the teacher says "look here": still, never blinking. */
  readonly #frame: Mesh<PlaneGeometry, MeshBasicMaterial>;
  #frameTimer: ReturnType<typeof setTimeout> | undefined;
  #texture: Texture | null = null;
  #request = 0;
  /** The page as loaded, before any marks are drawn on it, and its address. */
  #picture: { url: string; image: HTMLImageElement } | null = null;
  readonly marks = new PageMarks();
  /**
   * three's CanvasTexture, lent to the voice part for a shared screen's frames: importing three
   * there would split it out of this chunk, costing every first visit more than a kilobyte.
   */
  readonly Texture = CanvasTexture;

  /** `onReady`: draw again (the voice part's shared screen asks it for each new frame). */
  constructor(readonly onReady: () => void) {
    this.mesh = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ toneMapped: false }));
    this.mesh.visible = false;
    if (board) this.mesh.position.set((board.x0 + board.x1) / 2, AREA.y, board.z1 + 0.02);
    this.#frame = new Mesh(this.mesh.geometry, new MeshBasicMaterial({ color: 0xffc34d, toneMapped: false }));
    this.#frame.visible = false;
    this.#frame.position.z = -0.005; // just behind the picture, in its space
    this.mesh.add(this.#frame);
  }

  /** Shows the frame for a few seconds; the picture does not move and nothing flashes. */
  highlight(): void {
    if (!this.mesh.visible) return;
    this.#frame.scale.set(1 + 0.12 / this.mesh.scale.x, 1 + 0.12 / this.mesh.scale.y, 1);
    this.#frame.visible = true;
    this.onReady();
    clearTimeout(this.#frameTimer);
    this.#frameTimer = setTimeout(() => {
      this.#frame.visible = false;
      this.onReady();
    }, 8000);
  }

  show(url: string): void {
    const request = ++this.#request;
    this.#picture = null;
    if (!url) {
      this.#swap(null);
      return;
    }
    // An image element, not three's TextureLoader (its loaders' code would ride on every first visit).
    const image = new Image();
    // As the board viewer's <img> asks (and three's loader did): one request serves both, and the canvas stays readable.
    image.crossOrigin = "anonymous";
    image.addEventListener("error", () => console.warn("the board's page did not load", url));
    image.addEventListener("load", () => {
      if (request !== this.#request) return; // a newer picture was asked for meanwhile
      const texture = new CanvasTexture(image);
      this.#picture = { url, image };
      if (this.marks.of(url).length > 0) {
        texture.dispose();
        this.marksChanged();
        return;
      }
      texture.colorSpace = SRGBColorSpace;
      this.#swap(texture);
    });
    image.src = url;
  }

  /** The teacher wrote on the page: it is drawn again with the marks on it (a canvas the picture's size). */
  marksChanged(): void {
    const picture = this.#picture;
    const request = this.#request;
    if (!picture) return;
    void import("../ui/drawMarks.ts").then(({ markedCanvas }) => {
      if (request !== this.#request) return;
      const texture = new CanvasTexture(markedCanvas(picture.image, this.marks.of(picture.url)));
      texture.colorSpace = SRGBColorSpace;
      this.#swap(texture);
    });
  }

  #swap(texture: Texture | null): void {
    this.#texture?.dispose();
    this.#texture = texture;
    this.mesh.material.map = texture;
    this.mesh.material.needsUpdate = true;
    this.mesh.visible = texture !== null;
    const image = texture?.image as { width?: number; height?: number } | undefined; // an image or a canvas
    if (image?.width && image.height) {
      const scale = Math.min(AREA.width / image.width, AREA.height / image.height);
      this.mesh.scale.set(image.width * scale, image.height * scale, 1);
    }
    this.onReady();
  }

  dispose(): void {
    clearTimeout(this.#frameTimer);
    this.#frame.material.dispose();
    this.#texture?.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
