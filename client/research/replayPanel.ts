import type { Replay } from "../../shared/research/replay.ts";
import { h, setText } from "../ui/dom.ts";
import type { ResearchTranslate } from "./dictionary.ts";
import { weakDevice } from "../scene/device.ts";
import { ReplayNet } from "./replay.ts";
import { type Times, timeText } from "./times.ts";

/**
 * The 3D replay with play/pause, a scrubber and speed. The scene (three.js) loads only when a
 * researcher opens a replay.
 */
export async function replayPanel(replay: Replay, rt: ResearchTranslate, openedAt: number, times: Times): Promise<{ element: HTMLElement; dispose(): void }> {
  const { SpaceView } = await import("../scene/SpaceView.ts");
  const net = new ReplayNet(replay);
  const canvas = h("canvas", { class: "replay-canvas", role: "img", "aria-label": rt("replay") });
  const play = h("button", { type: "button", class: "primary", "aria-pressed": "false" }, rt("play"));
  const speed = h("select", { id: "replay-speed", "aria-label": rt("speed") }, ...[1, 10, 60, 300].map((n) => h("option", { value: n, selected: n === 60 }, `${n}×`)));
  const scrub = h("input", { type: "range", min: 0, max: replay.durationMs, step: 1000, value: 0, "aria-label": rt("position") });
  const clock = h("output", { class: "replay-clock" });
  const element = h("div", { class: "replay" }, canvas, h("div", { class: "replay-controls" }, play, speed, scrub, clock));
  // The scene is built once the panel is in the page: the canvas needs its size first.
  let view: InstanceType<typeof SpaceView> | null = null;

  const show = () => {
    scrub.value = String(net.time);
    setText(clock, timeText(times, openedAt + net.time, { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
  };
  let timer = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    net.seek(net.time + (now - last) * Number(speed.value));
    last = now;
    show();
    if (net.time >= net.duration) stop();
  };
  const stop = () => {
    window.clearInterval(timer);
    timer = 0;
    play.setAttribute("aria-pressed", "false");
    setText(play, rt("play"));
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (net.time >= net.duration) net.seek(0);
    last = performance.now();
    timer = window.setInterval(tick, 100);
    play.setAttribute("aria-pressed", "true");
    setText(play, rt("pause"));
  });
  scrub.addEventListener("input", () => {
    net.seek(Number(scrub.value));
    show();
  });
  // Start where something is happening: the first arrival.
  requestAnimationFrame(() => {
    view = new SpaceView({
      canvas,
      lang: times.lang,
      net,
      reducedMotion: true,
      lowGraphics: weakDevice(),
      overview: true,
      describe: (a) => ({ name: a.nickname, detail: "" }),
      lineText: () => "",
      emoteSymbol: () => "",
    });
    view.start();
    net.seek(Math.min(...replay.tracks.flatMap((t) => t.stays.map((s) => s.from)), net.duration));
    show();
  });
  return {
    element,
    dispose: () => {
      stop();
      view?.dispose();
    },
  };
}
