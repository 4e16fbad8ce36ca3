import { type Lang, fill } from "../i18n/index.ts";
import { weakDevice } from "../scene/device.ts";
import { h, setText } from "./dom.ts";

/**
 * "Will it work on this device?" (issue 18), from the door, before the first day: the browser,
 * the 3D view, the connection and the sound, each said in plain words a family can act on. Runs
 * only here and only when asked (fetched with its words then); nothing is sent anywhere but three
 * tiny requests to Hidamari itself to time the connection.
 */
const WORDS = {
  ja: {
    heading: "この きかいで つかえるか たしかめる",
    browser: "ブラウザ",
    browserOk: "この ブラウザで つかえます。",
    browserOld: "ブラウザが ふるい ようです。Chrome、Edge、Safari の あたらしい ものを つかってください。",
    view: "3Dの がめん",
    viewOk: "3Dの がめんが うごきます。",
    viewSlow: "3Dは うごきますが、ゆっくりかも しれません。かるい がめんで はじまります。",
    viewNone: "3Dの がめんが うごきません。せっていで「ハードウェア アクセラレーション」を オンに するか、べつの きかいを ためしてください。",
    net: "つながり",
    netChecking: "しらべています…",
    netOk: "つながりは じゅうぶんです（{ms}ミリびょう）。",
    netSlow: "つながりが すこし おそいです（{ms}ミリびょう）。うごきが とぶ ことが ありますが、つかえます。",
    netNone: "ひだまりに つながりません。インターネットに つながっているか、がっこうの フィルターで とめられていないか たしかめてください。",
    sound: "おと",
    soundTry: "🔊 ためしに おとを ならす",
    soundAsk: "きこえましたか？",
    soundYes: "きこえた",
    soundNo: "きこえない",
    soundOk: "おとが でます。",
    soundNone: "おとが でない ようです。おんりょうや ミュートを たしかめてください。おとが なくても、もじで おしらせ するので つかえます。",
    allOk: "この きかいで ひだまりを つかえます。",
    someIssues: "つかえますが、したの ⚠ を よんでください。",
    blocked: "このままでは つかえません。したの ✗ を よんでください。",
  },
  en: {
    heading: "Check this device",
    browser: "Browser",
    browserOk: "This browser works.",
    browserOld: "This browser seems too old. Please use a recent Chrome, Edge or Safari.",
    view: "3D view",
    viewOk: "The 3D view works.",
    viewSlow: "The 3D view works but may be slow; it starts in light graphics.",
    viewNone: "The 3D view does not work. Turn on hardware acceleration in the browser's settings, or try another device.",
    net: "Connection",
    netChecking: "Checking…",
    netOk: "The connection is fine ({ms} ms).",
    netSlow: "The connection is a little slow ({ms} ms). Movement may jump, but it works.",
    netNone: "Hidamari cannot be reached. Check the internet connection, or whether a school filter blocks it.",
    sound: "Sound",
    soundTry: "🔊 Play a test sound",
    soundAsk: "Did you hear it?",
    soundYes: "Yes",
    soundNo: "No",
    soundOk: "Sound works.",
    soundNone: "No sound, it seems. Check the volume and mute. Hidamari works without sound too: everything is also shown in words.",
    allOk: "Hidamari works on this device.",
    someIssues: "It works; please read the ⚠ below.",
    blocked: "It will not work as it is; please read the ✗ below.",
  },
} as const satisfies Record<Lang, Record<string, string>>;
type Word = keyof (typeof WORDS)["ja"];
/** "optional": the sound, tried only if the family wants to; the summary does not wait for it. */
type Verdict = "ok" | "warn" | "fail" | "pending" | "optional";
const MARK: Record<Verdict, string> = { ok: "✓", warn: "⚠", fail: "✗", pending: "…", optional: "・" };

export function deviceCheck(lang: Lang): HTMLElement {
  const w = (key: Word, params?: Record<string, string | number>) => fill(WORDS[lang][key], params);
  const summary = h("p", { class: "check-summary", role: "status" });
  const rows = new Map<string, { verdict: Verdict; text: HTMLElement; mark: HTMLElement }>();
  const row = (id: string, title: Word) => {
    const mark = h("span", { class: "check-mark", "aria-hidden": "true" }, MARK.pending);
    const text = h("span", { class: "check-text" });
    rows.set(id, { verdict: "pending", text, mark });
    return h("li", { class: `check-${id}` }, mark, " ", h("strong", {}, w(title)), ": ", text);
  };
  const set = (id: string, verdict: Verdict, words: string) => {
    const r = rows.get(id);
    if (!r) return;
    r.verdict = verdict;
    setText(r.mark, MARK[verdict]);
    // The mark is for the eye; a screen reader hears the same sign with the words.
    r.text.replaceChildren(...(verdict === "warn" || verdict === "fail" ? [h("span", { class: "visually-hidden" }, `${MARK[verdict]} `)] : []), words);
    const all = [...rows.values()].map((x) => x.verdict).filter((v) => v !== "optional");
    if (all.includes("pending")) return;
    setText(summary, w(all.includes("fail") ? "blocked" : all.includes("warn") ? "someIssues" : "allOk"));
  };
  const list = h("ul", { class: "check-list" }, row("browser", "browser"), row("view", "view"), row("net", "net"), row("sound", "sound"));
  const tryButton = h("button", { type: "button", class: "small" }, w("soundTry"));
  const answer = h("span", { class: "check-answer", hidden: true }, w("soundAsk"), " ", ...(["soundYes", "soundNo"] as const).map((key) => {
    const b = h("button", { type: "button", class: "small" }, w(key));
    b.addEventListener("click", () => set("sound", key === "soundYes" ? "ok" : "warn", w(key === "soundYes" ? "soundOk" : "soundNone")));
    return b;
  }));
  tryButton.addEventListener("click", () => {
    beep();
    answer.hidden = false;
  });
  set("sound", "optional", "");
  rows.get("sound")?.text.append(tryButton, " ", answer);

  // The browser: what the page relies on.
  const modern = "WebSocket" in window && "fetch" in window && typeof structuredClone === "function" && CSS.supports("display", "grid");
  set("browser", modern ? "ok" : "fail", w(modern ? "browserOk" : "browserOld"));
  // The 3D view: any WebGL at all, and whether it is drawn in software.
  const gl = document.createElement("canvas").getContext("webgl");
  gl?.getExtension("WEBGL_lose_context")?.loseContext();
  set("view", gl ? (weakDevice() ? "warn" : "ok") : "fail", w(gl ? (weakDevice() ? "viewSlow" : "viewOk") : "viewNone"));
  // The connection: three small round trips to Hidamari; the middle one counts.
  set("net", "pending", w("netChecking"));
  void roundTrips().then((ms) => {
    if (ms === null) set("net", "fail", w("netNone"));
    else set("net", ms < 400 ? "ok" : "warn", w(ms < 400 ? "netOk" : "netSlow", { ms: Math.round(ms) }));
  });
  return h("section", { class: "device-check", "aria-labelledby": "device-check-title" }, h("h2", { id: "device-check-title" }, w("heading")), summary, list);
}

async function roundTrips(): Promise<number | null> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    try {
      const response = await fetch(`/healthz?check=${i}`, { cache: "no-store" });
      if (!response.ok) return null;
    } catch {
      return null;
    }
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1] ?? null;
}

/** A soft two-note chime through Web Audio (no sound files: nothing more to download). */
function beep(): void {
  const context = new AudioContext();
  const gain = context.createGain();
  gain.connect(context.destination);
  [523.25, 659.25].forEach((frequency, i) => {
    const osc = context.createOscillator();
    osc.frequency.value = frequency;
    osc.connect(gain);
    const at = context.currentTime + i * 0.25;
    gain.gain.setValueAtTime(0.25, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.24);
    osc.start(at);
    osc.stop(at + 0.25);
  });
  setTimeout(() => void context.close(), 1000);
}
