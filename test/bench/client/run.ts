import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KB, fmt, mean, ratio, table } from "../lib/stats.ts";
import { type BrowserOptions, type BrowserResult, CHILD_KEY_MS, runBrowser } from "./browser.ts";
import { type BundleResult, buildClient, measureBundle } from "./bundle.ts";

/**
 * The client part: the build (bytes of a student's first visit) and the page in Chromium.
 * The client is built into a temporary folder, not dist/, so the benchmark never races a test
 * run or a developer's build over dist/.
 */
export interface ClientResult {
  bundle: BundleResult;
  browser: BrowserResult;
}

export async function runClient(options: BrowserOptions, say: (line: string) => void): Promise<ClientResult> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-client-"));
  try {
    const t0 = performance.now();
    const { manifest, modules } = await buildClient(outDir);
    const bundle = measureBundle(outDir, manifest, modules);
    say(`  built in ${fmt((performance.now() - t0) / 1000, 2)} s: a student's first visit is ${fmt(bundle.totals.gzip / KB)} KB gzip (${bundle.student.length} files)`);
    const browser = await runBrowser(outDir, options, say);
    return { bundle, browser };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

export function clientReport(result: ClientResult): string {
  const { bundle: b, browser: r } = result;
  const kb = (n: number) => `${fmt(n / KB)} KB`;
  const fileRows = b.student.map((f) => [`  ${f.file}`, kb(f.raw), kb(f.gzip), kb(f.brotli)]);
  const scene = (others: number) => r.scene.find((s) => s.others === others && !s.talking);
  const s0 = scene(0);
  const s40 = scene(40);
  const perAvatar = s0 && s40 ? (s40.drawCalls - s0.drawCalls) / 40 : Number.NaN;
  type Pick = (f: BrowserResult["frames"][number]) => number;
  const cost = (label: string, pick: Pick) => mean(r.frames.filter((f) => f.label === label).map(pick));
  /** A frame-cost row: with 40 moving, against the empty space, and the ratio of the two. */
  const costRow = (figure: string, pick: Pick, target = "", label = "40 moving") => [figure, `${fmt(cost(label, pick))} ms`, `${fmt(cost("empty", pick))} ms empty`, ratio(cost(label, pick), cost("empty", pick)), target];
  const lteMean = (pick: (v: BrowserResult["lte"][number]) => number) => mean(r.lte.map(pick));
  const lteTypedMean = (pick: (v: BrowserResult["lte"][number]) => number) => mean(r.lteTyped.map(pick));
  const lteCardMean = (pick: (v: BrowserResult["lte"][number]) => number) => mean(r.lteCard.map(pick));
  const observed = new Set(r.lte[0]?.requests.map((p) => p.replace(/^\//, "") || "index.html") ?? []);
  const predicted = new Set(b.student.map((f) => f.file));
  const unexpected = [...observed].filter((p) => !predicted.has(p) && !p.startsWith("api/") && !p.startsWith("matchmake"));
  const growth = r.churn.after.usedMb - r.churn.before.usedMb;
  const secondHalf = r.churn.after.usedMb - r.churn.middle.usedMb;
  const cb = {
    jsKb: r.churn.compositionAfter.jsKb - r.churn.compositionBefore.jsKb,
    nativeKb: r.churn.compositionAfter.nativeKb - r.churn.compositionBefore.nativeKb,
    codeKb: r.churn.compositionAfter.codeKb - r.churn.compositionBefore.codeKb,
  };
  const signedKb = (mb: number) => `${mb >= 0 ? "+" : ""}${fmt(mb * 1024)} KB`;
  const rows = [
    ["figure", "value", "baseline", "ratio", "target (issue 6)"],
    ["first visit, student page (gzip)", kb(b.totals.gzip), "", ratio(b.totals.gzip, 250 * KB) + " of target", "JS ≤ 250 KB gzip"],
    ["  JavaScript / CSS / other (gzip)", `${kb(b.totals.jsGzip)} / ${kb(b.totals.cssGzip)} / ${kb(b.totals.otherGzip)}`, "", "", ""],
    ["  brotli / uncompressed", `${kb(b.totals.brotli)} / ${kb(b.totals.raw)}`, "", "", ""],
    ["  bytes actually transferred (LTE run, as served)", kb(lteMean((v) => v.transferredBytes)), kb(b.totals.gzip) + " gzip", ratio(lteMean((v) => v.transferredBytes), b.totals.gzip), ""],
    ["  staff/research modules in it", b.leaked.length ? b.leaked.join(", ") : "none", "", "", "none"],
    ...r.scene.map((s) => [
      `draw calls / triangles, ${s.others} others${s.talking ? " waving and talking" : ""}`,
      `${s.drawCalls} / ${fmt(s.triangles)}`,
      s0 ? `${s0.drawCalls} / ${fmt(s0.triangles)} (0 others)` : "",
      s0 ? ratio(s.drawCalls, s0.drawCalls) : "",
      s.talking ? "≤ 12 (issue 17): +1 for all bubbles, +1 for all reactions" : "flat in avatars",
    ]),
    ["  draw calls per extra avatar", fmt(perAvatar), "", "", "0"],
    costRow("frame CPU, 40 moving (all Chromium processes)", (f) => f.chromiumCpuMsPerFrame, "≤ 1.3×"),
    [`  figures drawn (those in view), of 42`, fmt(cost("40 moving", (f) => f.figuresInView)), "", "", ""],
    costRow("  of which the GPU process (software WebGL)", (f) => f.gpuCpuMsPerFrame),
    costRow("  of which the page's renderer", (f) => f.rendererCpuMsPerFrame),
    costRow("  inside requestAnimationFrame (main thread)", (f) => f.rafMsPerFrame),
    costRow("  main-thread busy per second", (f) => f.mainThreadMsPerSecond),
    ["  frames drawn per second while walking", fmt(cost("40 moving", (f) => f.drawnPerSecond)), `${fmt(cost("empty", (f) => f.drawnPerSecond))} empty`, "", ""],
    ["  Chromium CPU, share of one core", `${fmt(cost("40 moving", (f) => f.chromiumCpuShare) * 100)} %`, `${fmt(cost("empty", (f) => f.chromiumCpuShare) * 100)} % empty`, "", ""],
    costRow("frame CPU, the 40 moving in front of the camera", (f) => f.chromiumCpuMsPerFrame, "", "40 moving in view"),
    [`  figures drawn, of 42`, fmt(cost("40 moving in view", (f) => f.figuresInView)), "", "", ""],
    ["frames per idle second (40 present, still)", fmt(r.idle.framesPerSecond), "", "", "≤ 2"],
    ["  Chromium CPU while idle, share of a core", `${fmt(r.idle.chromiumCpuShare * 100)} %`, "", "", ""],
    ["frames per second while hidden (emulated)", fmt(r.hidden.framesPerSecond), "", "", "0"],
    ["  Chromium CPU while hidden, 40 walking", `${fmt(r.hidden.chromiumCpuShare * 100)} %`, "", "", ""],
    ["LTE + 4× CPU: door ready", `${fmt(lteMean((v) => v.doorSeconds))} s`, "", "", ""],
    ["  Enter → first frame", `${fmt(lteMean((v) => v.enterToFrameSeconds))} s`, "", "", ""],
    ["  first frame, the code filled at once (typing left out)", `${fmt(lteMean((v) => v.firstFrameSeconds))} s`, "3 s target", ratio(lteMean((v) => v.firstFrameSeconds), 3), "≤ 3 s"],
    [`  first frame, the code typed at ${CHILD_KEY_MS} ms a key (typing left out)`, `${fmt(lteTypedMean((v) => v.firstFrameSeconds))} s`, `door ${fmt(lteTypedMean((v) => v.doorSeconds))} s + Enter → frame ${fmt(lteTypedMean((v) => v.enterToFrameSeconds))} s`, ratio(lteTypedMean((v) => v.firstFrameSeconds), 3), "≤ 3 s"],
    ["  first frame, a card's QR code, Enter tapped as the door shows", `${fmt(lteCardMean((v) => v.firstFrameSeconds))} s`, "nothing left out: the child only taps", ratio(lteCardMean((v) => v.firstFrameSeconds), 3), "≤ 3 s"],
    [`JS heap after ${r.churn.arrivals} arrivals and departures`, `${fmt(r.churn.after.usedMb)} MB`, `${fmt(r.churn.before.usedMb)} MB before (chat panel full)`, signedKb(growth), "no growth"],
    ["  growth over the second half alone", signedKb(secondHalf), `after ${r.churn.arrivals / 2}: ${fmt(r.churn.middle.usedMb)} MB`, "", "≈ 0"],
    ["  of which JavaScript values / DOM & native / compiled code", `${signedKb(cb.jsKb / 1024)} / ${signedKb(cb.nativeKb / 1024)} / ${signedKb(cb.codeKb / 1024)}`, "heap snapshots before and after", "", "JS values ≈ 0"],
    ["  WebGL textures / buffers alive (before, half, after)", `${r.churn.before.textures}, ${r.churn.middle.textures}, ${r.churn.after.textures} / ${r.churn.before.buffers}, ${r.churn.middle.buffers}, ${r.churn.after.buffers}`, "", "", "no growth"],
    ["  DOM nodes / JS listeners (before, half, after)", `${r.churn.before.nodes}, ${r.churn.middle.nodes}, ${r.churn.after.nodes} / ${r.churn.before.listeners}, ${r.churn.middle.listeners}, ${r.churn.after.listeners}`, "", "", ""],
  ];
  return [
    "Client: the student page (Vite build of this checkout; headless Chromium, SwiftShader WebGL, 1280×800, DPR 1)",
    table(rows),
    "",
    "Student's first visit, file by file:",
    table([["file", "raw", "gzip", "brotli"], ...fileRows]),
    `JavaScript by source (share of rendered length before minification): ${b.composition
      .slice(0, 8)
      .map((c) => `${c.source} ${Math.round(c.share * 100)} %`)
      .join(", ")}`,
    unexpected.length ? `Requested before the first frame but not predicted from the build: ${unexpected.join(", ")}` : "The browser requested exactly the predicted files (and the API) before the first frame.",
    "Hidden is emulated (headless Chromium keeps every page visible): it shows whether the page itself stops drawing when document.hidden; a real hidden tab gets no requestAnimationFrame at all.",
  ].join("\n");
}
