import { Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace, type Texture, TextureLoader } from "three";
import { FURNITURE } from "../../shared/domain/furniture.ts";

/**
 * The picture on the classroom board: a plane just in front of the board, fitted to the
 * picture's shape. Textures are freed when the picture changes or the space closes.
 */
const board = FURNITURE.find((f) => f.kind === "board")?.footprint;
const AREA = { width: board ? board.x1 - board.x0 - 0.3 : 9, height: 1.05, y: 1.5 };

export class BoardPicture {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  readonly #loader = new TextureLoader();
  #texture: Texture | null = null;
  #request = 0;

  constructor(private readonly onReady: () => void) {
    this.mesh = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ toneMapped: false }));
    this.mesh.visible = false;
    if (board) this.mesh.position.set((board.x0 + board.x1) / 2, AREA.y, board.z1 + 0.02);
  }

  show(url: string): void {
    const request = ++this.#request;
    if (!url) {
      this.#swap(null);
      return;
    }
    this.#loader.load(url, (texture) => {
      if (request !== this.#request) {
        texture.dispose(); // a newer picture was asked for meanwhile
        return;
      }
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
    const image = texture?.image as { width?: number; height?: number } | undefined;
    if (image?.width && image.height) {
      const scale = Math.min(AREA.width / image.width, AREA.height / image.height);
      this.mesh.scale.set(image.width * scale, image.height * scale, 1);
    }
    this.onReady();
  }

  dispose(): void {
    this.#texture?.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
