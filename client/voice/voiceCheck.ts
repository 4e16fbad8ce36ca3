import type { Lang } from "../i18n/index.ts";
import { openModal } from "../ui/dialog.ts";
import { h } from "../ui/dom.ts";
import type { rubyNodes } from "../ui/ruby.ts";
import { microphones, micProblem, openMicrophone, stopStream } from "./microphone.ts";
import { type SpeakMode, VoicePrefs } from "./voicePrefs.ts";
import { MIC_WORD, PUSH_KEY, voiceWords } from "./words.ts";
import "./voice.css";

/** The way of speaking changed in the voice check (a DOM event on the document). */
export const VOICE_MODE_EVENT = "hidamari-voice-mode";

export interface VoiceCheckOptions {
  lang: Lang;
  /** The page's furigana (client/ui/ruby.ts), handed in when the voice part has it: see voiceWords. */
  ruby?: typeof rubyNodes;
  /** The voice part's choices; the settings dialog, opening this before the part runs, reads them afresh. */
  prefs?: VoicePrefs;
  /** Where focus goes when the dialog closes, if the opener is gone. */
  fallbackFocus?: () => HTMLElement | null;
}

/**
 * The voice check: which microphone, a level meter that moves when one speaks, a test sound, and
 * how to speak (microphone on and off, or push to talk). The microphone is opened only when the
 * person presses "try the microphone", and closed with the dialog. Reachable from the talk panel
 * and from the settings at any time.
 */
export function openVoiceCheck(options: VoiceCheckOptions): HTMLDialogElement {
  const w = voiceWords(options.lang, options.ruby);
  const prefs = options.prefs ?? new VoicePrefs();
  let stream: MediaStream | null = null;
  let audio: AudioContext | null = null;
  let frame = 0;

  const select = h("select", { id: "voice-check-mic" }, h("option", { value: "" }, w.text("checkDefault")));
  const fillMics = async () => {
    const list = await microphones().catch(() => []);
    select.replaceChildren(h("option", { value: "" }, w.text("checkDefault")), ...list.map((d, i) => h("option", { value: d.deviceId }, d.label || `${w.text("checkMic")} ${i + 1}`)));
    select.value = list.some((d) => d.deviceId === prefs.mic) ? prefs.mic : "";
  };
  void fillMics();
  select.addEventListener("change", () => {
    prefs.set({ mic: select.value });
    if (stream) void start(); // trying: switch to the chosen one at once
  });

  const meter = h("meter", { class: "voice-meter", id: "voice-check-level", min: 0, max: 1, low: 0.15, high: 0.8, optimum: 0.5, value: 0, "aria-describedby": "voice-check-level-hint" });
  const problem = h("p", { class: "voice-problem", role: "status" });
  const tryMic = h("button", { type: "button", class: "primary voice-try" }, w.text("checkStart"));
  const stopMic = h("button", { type: "button", class: "voice-stop", hidden: true }, w.text("checkStop"));

  const stop = () => {
    cancelAnimationFrame(frame);
    stopStream(stream);
    stream = null;
    meter.value = 0;
    tryMic.hidden = false;
    stopMic.hidden = true;
  };
  const start = async () => {
    stop();
    problem.replaceChildren();
    try {
      stream = await openMicrophone(prefs.mic || undefined);
    } catch (error) {
      problem.replaceChildren(...w.ruby(MIC_WORD[micProblem(error)]));
      return;
    }
    if (!dialog.open) return stop();
    await fillMics(); // names appear once permission is given
    audio ??= new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS, lifted so speech at a normal distance reaches the middle of the bar.
      meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      frame = requestAnimationFrame(tick);
    };
    tick();
    tryMic.hidden = true;
    stopMic.hidden = false;
  };
  tryMic.addEventListener("click", () => void start());
  stopMic.addEventListener("click", stop);

  const sound = h("button", { type: "button", class: "voice-sound" }, w.text("checkSound"));
  sound.addEventListener("click", () => {
    audio ??= new AudioContext();
    void audio.resume();
    chime(audio);
  });

  const mode = h("fieldset", { class: "choices setting" }, h("legend", {}, ...w.ruby("talkHowTo")));
  for (const value of ["open", "push"] as const) {
    const input = h("input", { type: "radio", name: "voice-mode", id: `voice-mode-${value}`, value, checked: prefs.mode === value });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      prefs.set({ mode: value });
      // The running voice part follows at once, wherever this dialog was opened from.
      document.dispatchEvent(new CustomEvent<SpeakMode>(VOICE_MODE_EVENT, { detail: value }));
    });
    mode.append(h("label", { for: `voice-mode-${value}` }, input, h("span", {}, ...w.ruby(value === "open" ? "modeOpen" : "modePush"))));
  }
  mode.append(h("small", { class: "hint" }, ...w.ruby("pushKey", { key: PUSH_KEY })));

  const body = [
    h("p", { class: "lead" }, ...w.ruby("checkLead")),
    h("div", { class: "setting" }, h("label", { for: "voice-check-mic" }, ...w.ruby("checkMic")), select),
    h("div", { class: "setting" }, h("label", { for: "voice-check-level" }, ...w.ruby("checkLevel")), meter, h("small", { class: "hint", id: "voice-check-level-hint" }, ...w.ruby("checkLevelHint"))),
    h("div", { class: "dialog-actions voice-mic-actions" }, tryMic, stopMic),
    problem,
    h("div", { class: "setting" }, sound, h("small", { class: "hint" }, ...w.ruby("checkSoundHint"))),
    mode,
  ];
  const dialog = openModal(
    {
      className: "voice-check",
      title: w.text("talkCheck"),
      closeLabel: w.text("checkClose"),
      body,
      onClose: () => {
        stop();
        void audio?.close();
      },
    },
    options.fallbackFocus,
  );
  return dialog;
}

/** Two soft notes, made in the page (nothing fetched): enough to hear whether the speakers work. */
function chime(audio: AudioContext): void {
  const at = audio.currentTime + 0.05;
  [523.25, 783.99].forEach((hz, i) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0, at + i * 0.35);
    gain.gain.linearRampToValueAtTime(0.25, at + i * 0.35 + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + i * 0.35 + 0.5);
    osc.connect(gain).connect(audio.destination);
    osc.start(at + i * 0.35);
    osc.stop(at + i * 0.35 + 0.55);
  });
}
