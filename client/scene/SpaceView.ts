import type { Lang } from "../i18n/index.ts";
import { FloorPointer } from "../input/pointer.ts";
import { Keyboard, Steering } from "../input/keyboard.ts";
import type { Connection } from "../net/connection.ts";

/** What the scene needs from the network: its events, and somewhere to send my steps. A replay provides the same. */
export type SpaceEvents = Pick<Connection, "on" | "sendMove">;
import { LocalPlayer } from "../player.ts";
import type { ChatLine } from "../../shared/protocol/events.ts";
import type { Emote } from "../../shared/domain/presence.ts";
import { Avatars, type Describe } from "./avatars.ts";
import { loadModel } from "./models.ts";
import { BoardPicture } from "./board.ts";
import { FollowCamera } from "./camera.ts";
import { LookAround } from "./look.ts";
import { Stage } from "./stage.ts";
import { addWorldModel, buildWorld, closeDoor, disposeWorld, setClock, worldFacts } from "./world.ts";

export interface SpaceViewOptions {
  canvas: HTMLCanvasElement;
  lang: Lang;
  net: SpaceEvents;
  reducedMotion: boolean;
  /** Weak device: no antialiasing, one device pixel per CSS pixel, at most 30 frames a second, no shadows. */
  lowGraphics: boolean;
  /** The page's words: name tags, chat bubbles, reaction symbols. */
  describe: Describe;
  lineText: (line: ChatLine) => string;
  emoteSymbol: (emote: Emote) => string;
  /** Watch the whole floor from above instead of following a person (the research replay). */
  overview?: boolean;
  /** The page's steering (joystick, one-letter keys); a view without one walks by arrow keys and WASD. */
  steering?: Steering;
}

/**
 * The 3D space. Each frame runs in a fixed order:
 *   input → local player → network send → camera → interpolation of others → avatars (those the
 *   camera sees) → render.
 * A frame is drawn only when something on screen changed, and none while the page is hidden.
 */
export class SpaceView {
  readonly #stage: Stage;
  readonly #avatars: Avatars;
  readonly #camera: FollowCamera;
  readonly #keyboard: Keyboard;
  readonly #pointer: FloorPointer;
  readonly #player: LocalPlayer;
  readonly #world;
  readonly #board: BoardPicture;
  #reducedMotion: boolean;
  readonly #unsubscribe: Array<() => void> = [];
  #myId: string | null = null;
  #frame = 0;
  #last = performance.now();
  #setBacks = 0;
  #framesDrawn = 0;
  #cameraPlaced = false;
  #cameraHeld = false;
  #started = false;
  #disposed = false;
  readonly #look = new LookAround();
  readonly #onVisibility = () => this.#visibilityChanged();

  constructor({ canvas, lang, net, reducedMotion, lowGraphics, describe, lineText, emoteSymbol, overview = false, steering = new Steering() }: SpaceViewOptions) {
    this.#keyboard = new Keyboard(steering);
    this.#stage = new Stage(canvas, lowGraphics, !overview);
    this.#avatars = new Avatars(describe);
    this.#avatars.setShadows(!lowGraphics);
    this.#avatars.setReducedMotion(reducedMotion);
    // The character model, fetched once (cached for ever); people are named meanwhile, and drawn when it lands.
    const figures = loadModel("figure", "figure", "shadow").then(
      (shapes) => {
        if (this.#disposed) return;
        this.#avatars.useFigures(shapes);
        this.#stage.requestRender();
      },
      (error: unknown) => console.error("the character model did not load", error),
    );
    this.#reducedMotion = reducedMotion;
    this.#world = buildWorld(lang);
    const world = loadModel("space", "static", "door", "hourHand", "minuteHand").then(
      (shapes) => {
        if (this.#disposed) return Object.values(shapes).forEach((shape) => shape.dispose());
        addWorldModel(this.#world, shapes);
        this.#stage.requestRender();
      },
      (error: unknown) => console.error("the world model did not load", error),
    );
    this.#board = new BoardPicture(() => this.#stage.requestRender());
    this.#stage.scene.add(this.#world, this.#avatars.group, this.#board.mesh);
    // With both models here, the shaders are compiled while the child is still at the door.
    void Promise.all([figures, world]).then(() => this.#disposed || this.#stage.precompile());
    this.#camera = new FollowCamera(this.#stage.camera, overview ? 2.3 : 1);
    this.#player = new LocalPlayer((r) => net.sendMove(r.x, r.z, r.heading, r.vx, r.vz));
    this.#pointer = new FloorPointer(
      canvas,
      this.#stage.camera,
      (x, z) => this.#player.walkTo(x, z),
      (dx, dy) => {
        const perPixel = this.#camera.metresPerPixel(canvas.clientHeight);
        this.#look.drag(dx, dy, perPixel, this.#camera.depthFactor, this.#player, performance.now());
        this.#stage.requestRender();
      },
    );
    this.#camera.follow(0, 0, 0, true);

    this.#unsubscribe.push(
      net.on("avatarAdded", (avatar, isMe) => {
        this.#avatars.add(avatar, isMe, performance.now());
        if (isMe) {
          this.#myId = avatar.id;
          this.#player.heading = avatar.heading;
          this.#player.placeAt(avatar.x, avatar.z);
        }
        this.#stage.requestRender();
      }),
      net.on("avatarChanged", (avatar) => {
        if (this.#avatars.update(avatar, performance.now())) this.#stage.requestRender();
      }),
      net.on("avatarRemoved", (id) => {
        this.#avatars.remove(id);
        this.#stage.requestRender();
      }),
      net.on("chat", (line) => {
        this.#avatars.say(line.from, lineText(line), performance.now(), line.id);
        this.#stage.requestRender();
      }),
      net.on("lineRemoved", (line) => {
        this.#avatars.unsay(line);
        this.#stage.requestRender();
      }),
      net.on("emote", (from, emote) => {
        this.#avatars.react(from, emoteSymbol(emote), performance.now(), emote);
        this.#stage.requestRender();
      }),
      net.on("counsellingLocked", (locked) => {
        closeDoor(this.#world, locked);
        this.#stage.requestRender();
      }),
      net.on("board", (board) => this.#board.show(board.url)),
      net.on("boardMarks", (page, marks) => {
        this.#board.marks.set(page, marks);
        this.#board.marksChanged();
      }),
      net.on("boardMark", (page, mark) => {
        this.#board.marks.add(page, mark);
        this.#board.marksChanged();
      }),
      net.on("notice", (notice) => {
        if (notice.code === "look_here") this.#board.highlight();
      }),
      net.on("serverError", (error) => {
        if (error.code === "move_rejected" && error.position) {
          this.#player.placeAt(error.position.x, error.position.z);
          // A refused step (not a knock answered, which puts me in the counselling room on purpose).
          if (error.about === "move") this.#setBacks++;
        }
      }),
    );
  }

  /** Starts the frame loop; again (a staff member entering a second time) changes nothing. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    // Built behind the door (client/space/shell.ts prepare), the canvas had no size until now.
    this.#stage.resize();
    document.addEventListener("visibilitychange", this.#onVisibility);
    if (!document.hidden) this.#run();
  }

  #run(): void {
    const loop = (now: number) => {
      this.#frame = requestAnimationFrame(loop);
      this.#tick(now);
    };
    this.#last = performance.now();
    this.#frame = requestAnimationFrame(loop);
  }

  /**
   * A hidden page draws nothing and runs nothing per frame (browsers slow requestAnimationFrame
   * for hidden tabs but do not always stop it). Back in view, everything catches up at once:
   * others are interpolated from the latest state and one frame is drawn.
   */
  #visibilityChanged(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    if (document.hidden) return;
    this.#stage.requestRender();
    this.#run();
  }

  /** Where someone is now, by the latest news of them: what "follow" walks towards. */
  whereIs(id: string): { x: number; z: number } | null {
    return this.#avatars.latestOf(id, performance.now());
  }

  /** Read-only facts for tests and benchmarks. */
  inspect() {
    return {
      framesDrawn: this.#framesDrawn,
      avatarsInScene: this.#avatars.count,
      drawn: this.#avatars.positions(),
      myId: this.#myId,
      me: { x: this.#player.x, z: this.#player.z },
      /** How many times the server has refused a step and put me back. */
      setBacks: this.#setBacks,
      camera: { x: this.#stage.camera.position.x, z: this.#stage.camera.position.z },
      /** Floor metres per CSS pixel where I stand: how large people and their name tags are on this screen. */
      metresPerPixel: this.#camera.metresPerPixel(this.#stage.renderer.domElement.clientHeight),
      look: { x: this.#look.x, z: this.#look.z },
      drawCalls: this.#stage.renderer.info.render.calls,
      triangles: this.#stage.renderer.info.render.triangles,
      figures: this.#avatars.figures(),
      figuresInView: this.#avatars.figuresInView,
      floating: this.#avatars.floating,
      world: worldFacts(this.#world),
      lowGraphics: this.#stage.lowGraphics,
      pixelRatio: this.#stage.renderer.getPixelRatio(),
      running: this.#frame !== 0,
    };
  }

  /** The board's picture: the voice part shows a shared screen in front of it (client/voice/screenView.ts). */
  get board(): BoardPicture {
    return this.#board;
  }

  /** Calm setting: lighter drawing for weak devices (see Stage). */
  setLowGraphics(on: boolean): void {
    this.#stage.setLowGraphics(on);
    this.#avatars.setShadows(!on);
    this.#stage.requestRender();
  }

  /** Keeps the camera where it is (a reduced-motion "go to"); on release it cuts to me at once. */
  holdCamera(on: boolean): void {
    if (this.#cameraHeld && !on) this.#cameraPlaced = false;
    this.#cameraHeld = on;
    this.#stage.requestRender();
  }

  /** Calm setting: no camera easing from now on (or easing again). */
  setReducedMotion(on: boolean): void {
    this.#reducedMotion = on;
    this.#avatars.setReducedMotion(on);
  }

  /** Calm setting: show or hide everyone's name tag (the DOM list still names everyone). */
  setNameLabels(visible: boolean): void {
    this.#avatars.setNamesVisible(visible);
    this.#stage.requestRender();
  }

  /** Larger text (the settings' text size): the pictures over heads grow with the page's words. */
  setTextScale(scale: number): void {
    this.#avatars.setTextScale(scale);
    this.#stage.requestRender();
  }

  /** Walk towards a point on the floor (used by tap-to-move and, later, "go to" buttons). */
  walkTo(x: number, z: number): void {
    this.#player.walkTo(x, z);
  }

  #tick(now: number): void {
    const dt = (now - this.#last) / 1000;
    this.#last = now;
    const moved = this.#player.step(dt, this.#keyboard.direction());
    this.#player.sync(now);
    if (this.#myId) this.#avatars.placeMine(this.#myId, this.#player.x, this.#player.z, this.#player.heading);
    // Looking around by dragging follows the finger at once; walking brings the view back to me.
    const looking = this.#look.held(now);
    const returning = moved && !looking && this.#look.settle(dt, this.#reducedMotion);
    const instant = this.#reducedMotion || !this.#cameraPlaced || looking;
    const cameraBusy = !this.#cameraHeld && this.#camera.follow(this.#player.x + this.#look.x, this.#player.z + this.#look.z, dt, instant);
    if (this.#myId) this.#cameraPlaced = true;
    // The camera first: the figures drawn are those it sees in this frame.
    this.#avatars.setCamera(this.#stage.camera);
    const othersBusy = this.#avatars.tick(now);
    if (moved || othersBusy || cameraBusy || returning) this.#stage.requestRender();
    if (this.#stage.needsDrawing) setClock(this.#world, new Date());
    if (this.#stage.renderIfNeeded(now)) this.#framesDrawn++;
  }

  dispose(): void {
    this.#disposed = true;
    document.removeEventListener("visibilitychange", this.#onVisibility);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#unsubscribe.forEach((off) => off());
    this.#keyboard.dispose();
    this.#pointer.dispose();
    this.#avatars.dispose();
    this.#board.dispose();
    disposeWorld(this.#world);
    this.#stage.dispose();
  }
}
