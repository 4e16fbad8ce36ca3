import type { Lang, Translate } from "../i18n/index.ts";
import { Joystick } from "../input/joystick.ts";
import { Steering, walksFrom } from "../input/keyboard.ts";
import { Shortcuts } from "../input/shortcuts.ts";
import type { SoundSettings } from "../audio/cues.ts";
import type { Display, Prefs } from "../prefs.ts";
import { weakDevice } from "../scene/device.ts";
import { applyDisplay, coarsePointer, systemReducedMotion, TEXT_SCALE } from "../ui/display.ts";
import { h } from "../ui/dom.ts";

/** Optional abilities of the 3D view, used when it has them (see the hand-over notes). */
export interface ViewHooks {
  setNameLabels?: (visible: boolean) => void;
  setTextScale?: (scale: number) => void;
  setReducedMotion?: (on: boolean) => void;
  setLowGraphics?: (on: boolean) => void;
}

export interface AccessOptions {
  t: Translate;
  lang: Lang;
  prefs: Prefs;
  canvas: HTMLCanvasElement;
  stage: HTMLElement;
  /** Where focus goes for each shortcut. */
  focusChat: () => void;
  focusHelp: () => void;
  focusGoTo: () => void;
  /** Any steering of one's own stops a "go to" walk. */
  stopRoute: () => void;
  /** Shows the first-visit guide again, where the page has one. */
  tour?: () => void;
  /** Volume and ambient sound, saved and applied at once. */
  changeSound: (change: Partial<SoundSettings>) => void;
}

/**
 * Everything that lets every child use the space their way: the keyboard shortcuts and their
 * help, the settings (motion, names, text size, contrast, one-letter keys, furigana) and the
 * joystick on touch screens. The shell owns one of these.
 */
export class SpaceAccess {
  readonly settingsButton: HTMLButtonElement;
  readonly shortcutsButton: HTMLButtonElement;
  readonly joystick: Joystick | null;
  /** Handed to the 3D view: the joystick, and whether one-letter keys walk. */
  readonly steering = new Steering();
  readonly #options: AccessOptions;
  readonly #shortcuts: Shortcuts;
  readonly #listening = new AbortController();
  #hooks: ViewHooks = {};

  constructor(options: AccessOptions) {
    this.#options = options;
    const { t, canvas, prefs } = options;
    this.settingsButton = h("button", { type: "button", class: "settings-button", "aria-haspopup": "dialog" }, gear(), h("span", {}, t("settings")));
    this.settingsButton.addEventListener("click", () => this.openSettings());
    this.shortcutsButton = h("button", { type: "button", class: "shortcuts-button", "aria-haspopup": "dialog" }, t("shortcuts"));
    this.shortcutsButton.addEventListener("click", () => this.openShortcuts());

    this.#shortcuts = new Shortcuts(canvas, {
      chat: options.focusChat,
      space: () => canvas.focus(),
      help: options.focusHelp,
      goTo: options.focusGoTo,
      shortcuts: () => this.openShortcuts(),
    }, this.steering);
    // Steering of one's own wins over a "go to" walk.
    const { signal } = this.#listening;
    window.addEventListener("keydown", (e) => this.steering.isWalkKey(e.code) && walksFrom(e.target) && options.stopRoute(), { capture: true, signal });
    canvas.addEventListener("pointerdown", () => options.stopRoute(), { signal });

    this.joystick = coarsePointer() ? new Joystick(t("joystick"), options.stopRoute) : null;
    if (this.joystick) {
      this.steering.sources.add(this.joystick);
      options.stage.append(this.joystick.element);
      options.stage.classList.add("has-joystick");
    }
    this.#apply(prefs.display(systemReducedMotion()));
  }

  /** Attaches the 3D view's optional hooks once it exists, and brings them up to date. */
  useView(hooks: ViewHooks): void {
    this.#hooks = hooks;
    this.#apply(this.#display());
  }

  /** Reduced motion as the 3D view should be built with. */
  get reducedMotion(): boolean {
    return this.#display().reducedMotion;
  }

  /** Low graphics: the person's choice, else on for a weak device. */
  get lowGraphics(): boolean {
    return lowGraphicsOf(this.#display());
  }

  /** The dialogs are fetched when first opened: most visits never open them. */
  openSettings(): void {
    const { t, lang, prefs, canvas } = this.#options;
    void import("../ui/settings.ts").then(({ openSettings }) => openSettings({
      t,
      lang,
      display: this.#display(),
      change: (change) => {
        prefs.setDisplay(change);
        this.#apply(this.#display());
      },
      canHideNames: this.#hooks.setNameLabels !== undefined,
      motionLive: this.#hooks.setReducedMotion !== undefined,
      lowGraphics: this.#hooks.setLowGraphics ? { on: this.lowGraphics, auto: this.#display().lowGraphics === undefined && weakDevice() } : null,
      fallbackFocus: () => canvas,
      sound: prefs.soundSettings,
      changeSound: this.#options.changeSound,
      ...(this.#options.tour ? { tour: this.#options.tour } : {}),
    }));
  }

  openShortcuts(): void {
    const { t, lang, canvas, tour } = this.#options;
    void import("../ui/shortcutsHelp.ts").then(({ openShortcutsHelp }) => openShortcutsHelp({ t, lang, lettersOn: this.steering.letters, ...(tour ? { tour } : {}), fallbackFocus: () => canvas }));
  }

  dispose(): void {
    this.#shortcuts.dispose();
    this.#listening.abort();
    if (this.joystick) this.steering.sources.delete(this.joystick);
  }

  #display(): Display {
    return this.#options.prefs.display(systemReducedMotion());
  }

  #apply(display: Display): void {
    applyDisplay(display);
    this.steering.letters = display.letterKeys;
    if (display.letterKeys) this.shortcutsButton.setAttribute("aria-keyshortcuts", "?");
    else this.shortcutsButton.removeAttribute("aria-keyshortcuts");
    this.#hooks.setNameLabels?.(!display.hideNames);
    this.#hooks.setTextScale?.(TEXT_SCALE[display.textSize]);
    this.#hooks.setReducedMotion?.(display.reducedMotion);
    this.#hooks.setLowGraphics?.(lowGraphicsOf(display));
  }
}

/** Low graphics as chosen in the settings, else as suggested for this device. */
function lowGraphicsOf(display: Display): boolean {
  return display.lowGraphics ?? weakDevice();
}

/** A small gear drawn in SVG (emoji fonts are missing on many school devices). */
function gear(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const circle = document.createElementNS(ns, "circle");
  circle.setAttribute("cx", "12");
  circle.setAttribute("cy", "12");
  circle.setAttribute("r", "3.2");
  const rim = document.createElementNS(ns, "path");
  rim.setAttribute("d", "M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1");
  for (const el of [circle, rim]) {
    el.setAttribute("fill", "none");
    el.setAttribute("stroke", "currentColor");
    el.setAttribute("stroke-width", "2");
    el.setAttribute("stroke-linecap", "round");
    svg.append(el);
  }
  return svg;
}
