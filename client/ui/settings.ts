import type { Lang, Translate } from "../i18n/index.ts";
import { type DialogTranslate, type DialogWord, withDialogWords } from "../i18n/dialogWords.ts";
import type { SoundSettings } from "../audio/cues.ts";
import { type Display, TEXT_SIZES, type TextSize } from "../prefs.ts";
import { openModal } from "./dialog.ts";
import { h } from "./dom.ts";
import { languageSwitch } from "./langSwitch.ts";
import { VoicePrefs } from "../voice/voicePrefs.ts";

const SIZE_TEXT: Record<TextSize, DialogWord> = { normal: "textNormal", large: "textLarge", larger: "textLarger" };

export interface SettingsOptions {
  t: Translate;
  lang: Lang;
  display: Display;
  /** Each change is applied and saved at once. */
  change: (change: Partial<Display>) => void;
  /** Only choices the page can honour are offered (hiding names needs the 3D view's support). */
  canHideNames: boolean;
  /** The 3D view can change its motion at once; otherwise the choice holds from the next entry (and says so). */
  motionLive: boolean;
  /** Offered where the 3D view can change it; `auto` says the page chose it for this device. */
  lowGraphics: { on: boolean; auto: boolean } | null;
  fallbackFocus: () => HTMLElement | null;
  /** Volume and ambient sound (the toolbar's button turns sound itself on and off). */
  sound: SoundSettings;
  changeSound: (change: Partial<SoundSettings>) => void;
  /** Shows the first-visit guide again (students): here too, as a touch tablet has no keyboard help to find it in. */
  tour?: () => void;
}

/**
 * Voice talk on or off (off: the page never fetches its voice part), and the voice check, which
 * can be opened at any time. A running voice part hears the change at once (client/voice/voice.ts).
 */
function voiceSettings(t: DialogTranslate, lang: Lang, on: boolean, change: (on: boolean) => void): HTMLElement {
  const input = h("input", { type: "checkbox", id: "setting-voice", checked: on, "aria-describedby": "setting-voice-hint" });
  input.addEventListener("change", () => {
    change(input.checked);
    document.dispatchEvent(new CustomEvent("hidamari-voice", { detail: input.checked }));
  });
  // Data saver (issue 16): kept with the voice part's own choices; a running voice part tells the server at once.
  const saver = h("input", { type: "checkbox", id: "setting-screen-saver", checked: new VoicePrefs().saver, "aria-describedby": "setting-screen-saver-hint" });
  saver.addEventListener("change", () => {
    new VoicePrefs().set({ saver: saver.checked });
    document.dispatchEvent(new CustomEvent("hidamari-screen-saver", { detail: saver.checked }));
  });
  const check = h("button", { type: "button", class: "voice-check-open", "aria-haspopup": "dialog" }, t("voiceCheck"));
  check.addEventListener("click", () => void import("../voice/voiceCheck.ts").then(({ openVoiceCheck }) => openVoiceCheck({ lang, fallbackFocus: () => check })));
  return h(
    "fieldset",
    { class: "setting voice-settings" },
    h("legend", {}, t("voiceLabel")),
    h("div", { class: "setting" }, h("label", { for: "setting-voice", class: "choice" }, input, h("span", {}, t("voiceOn"))), h("small", { id: "setting-voice-hint", class: "hint" }, t("voiceOnHint"))),
    h(
      "div",
      { class: "setting" },
      h("label", { for: "setting-screen-saver", class: "choice" }, saver, h("span", {}, t("screenSaver"))),
      h("small", { id: "setting-screen-saver-hint", class: "hint" }, t("screenSaverHint")),
    ),
    check,
  );
}

/** The calm settings: motion, names, text size, contrast, one-letter keys, furigana, volume, ambient sound and voice. */
export function openSettings(options: SettingsOptions): HTMLDialogElement {
  const { display, change } = options;
  const t = withDialogWords(options.t, options.lang);
  const checkbox = (id: string, label: DialogWord, checked: boolean, onChange: (on: boolean) => void, hint?: DialogWord) => {
    const input = h("input", { type: "checkbox", id, checked, "aria-describedby": hint ? `${id}-hint` : undefined });
    input.addEventListener("change", () => onChange(input.checked));
    return h(
      "div",
      { class: "setting" },
      h("label", { for: id, class: "choice" }, input, h("span", {}, t(label))),
      hint ? h("small", { id: `${id}-hint`, class: "hint" }, t(hint)) : null,
    );
  };

  const sizes = h("fieldset", { class: "choices setting" }, h("legend", {}, t("textSize")));
  for (const size of TEXT_SIZES) {
    const input = h("input", { type: "radio", name: "text-size", id: `text-size-${size}`, value: size, checked: display.textSize === size });
    input.addEventListener("change", () => input.checked && change({ textSize: size }));
    sizes.append(h("label", { for: `text-size-${size}`, class: "choice" }, input, h("span", {}, t(SIZE_TEXT[size]))));
  }

  const volume = h("input", { type: "range", id: "setting-volume", min: 0, max: 100, step: 10, value: Math.round(options.sound.volume * 100) });
  volume.addEventListener("change", () => options.changeSound({ volume: Number(volume.value) / 100 }));
  const sound = h(
    "fieldset",
    { class: "setting sound-settings" },
    h("legend", {}, t("soundLabel")),
    h("div", { class: "setting" }, h("label", { for: "setting-volume" }, t("volume")), volume),
    checkbox("setting-ambient", "ambient", options.sound.ambient, (on) => options.changeSound({ ambient: on }), "ambientHint"),
  );

  const again = options.tour ? h("button", { type: "button", class: "setting tour-again" }, t("tourAgain")) : null;
  const body = [
    h("p", { class: "lead" }, t("settingsLead")),
    checkbox("setting-motion", "reduceMotion", display.reducedMotion, (on) => change({ reducedMotion: on }), options.motionLive ? undefined : "reduceMotionHint"),
    options.canHideNames ? checkbox("setting-names", "hideNames", display.hideNames, (on) => change({ hideNames: on })) : null,
    sizes,
    options.lowGraphics
      ? checkbox("setting-graphics", "lowGraphics", options.lowGraphics.on, (on) => change({ lowGraphics: on }), options.lowGraphics.auto ? "lowGraphicsAuto" : undefined)
      : null,
    checkbox("setting-contrast", "highContrast", display.highContrast, (on) => change({ highContrast: on })),
    checkbox("setting-letters", "letterKeys", display.letterKeys, (on) => change({ letterKeys: on })),
    options.lang === "ja" ? checkbox("setting-furigana", "furigana", display.furigana, (on) => change({ furigana: on })) : null,
    sound,
    voiceSettings(t, options.lang, display.voice, (on) => change({ voice: on })),
    // Another language reloads the page (leaving the space for a moment), so it comes last and says so.
    h("p", { class: "setting lang-line" }, h("span", {}, `${t("language")} `), languageSwitch(options.lang), h("small", { class: "hint" }, ` ${t("languageHint")}`)),
    again,
  ].filter((node) => node !== null);

  const dialog = openModal({ className: "settings", title: t("settings"), closeLabel: t("close"), body }, options.fallbackFocus);
  again?.addEventListener("click", () => {
    dialog.close();
    options.tour?.();
  });
  return dialog;
}
