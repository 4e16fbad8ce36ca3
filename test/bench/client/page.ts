import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { commandLine, cpuMs, processTree } from "../lib/processes.ts";

/**
 * Measuring a student's page from outside: a script injected before the page's own code counts
 * WebGL draw calls and triangles per animation frame and the time spent inside each
 * requestAnimationFrame callback; the page's own `window.hidamari.inspect()` gives frames drawn
 * and avatars; CDP gives heap and main-thread time; /proc gives every Chromium process's CPU.
 */
export const INSTRUMENT = `
globalThis.__name = (f) => f; // tsx keeps function names through a helper pages do not have
(() => {
  const s = { rafCalls: 0, drawnFrames: 0, drawnMs: 0, idleMs: 0, calls: 0, triangles: 0, last: { calls: 0, triangles: 0 } };
  let calls = 0;
  let triangles = 0;
  const count = (mode, n, instances) => {
    calls++;
    const perInstance = mode === 4 ? n / 3 : mode === 5 || mode === 6 ? Math.max(0, n - 2) : 0;
    triangles += perInstance * (instances || 1);
  };
  const wrap = (proto, name, pick) => {
    const original = proto[name];
    if (!original) return;
    proto[name] = function (...a) {
      pick(a);
      return original.apply(this, a);
    };
  };
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    wrap(proto, "drawArrays", (a) => count(a[0], a[2], 1));
    wrap(proto, "drawElements", (a) => count(a[0], a[1], 1));
  }
  // Live WebGL textures and buffers: a GPU-side leak (name tags, bubbles) does not show in the JS heap.
  const live = { textures: 0, buffers: 0 };
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const track = (name, key, step) => {
      const original = proto[name];
      proto[name] = function (...a) {
        const result = original.apply(this, a);
        if (step > 0 ? result : a[0]) live[key] += step;
        return result;
      };
    };
    track("createTexture", "textures", 1);
    track("deleteTexture", "textures", -1);
    track("createBuffer", "buffers", 1);
    track("deleteBuffer", "buffers", -1);
  }
  s.live = live;
  wrap(WebGL2RenderingContext.prototype, "drawArraysInstanced", (a) => count(a[0], a[2], a[3]));
  wrap(WebGL2RenderingContext.prototype, "drawElementsInstanced", (a) => count(a[0], a[1], a[4]));
  wrap(WebGL2RenderingContext.prototype, "drawRangeElements", (a) => count(a[0], a[3], 1));
  // The characters' parts in one call (client/scene/drawParts.ts): one call, each part's triangles times its wearers.
  const getExtension = WebGL2RenderingContext.prototype.getExtension;
  WebGL2RenderingContext.prototype.getExtension = function (name) {
    const ext = getExtension.call(this, name);
    if (name === "WEBGL_multi_draw" && ext && !ext.__counted) {
      ext.__counted = true;
      const multi = ext.multiDrawElementsInstancedWEBGL.bind(ext);
      ext.multiDrawElementsInstancedWEBGL = (mode, counts, countsAt, type, offsets, offsetsAt, instances, instancesAt, draws) => {
        calls++;
        for (let i = 0; i < draws; i++) triangles += (mode === 4 ? counts[countsAt + i] / 3 : 0) * instances[instancesAt + i];
        return multi(mode, counts, countsAt, type, offsets, offsetsAt, instances, instancesAt, draws);
      };
    }
    return ext;
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) =>
    raf((t) => {
      const t0 = performance.now();
      try {
        cb(t);
      } finally {
        const dt = performance.now() - t0;
        s.rafCalls++;
        if (calls > 0) {
          s.drawnFrames++;
          s.drawnMs += dt;
          s.calls += calls;
          s.triangles += triangles;
          s.last = { calls, triangles };
        } else s.idleMs += dt;
        calls = 0;
        triangles = 0;
      }
    });
  globalThis.__bench = s;
})();
`;

export interface FrameStats {
  rafCalls: number;
  drawnFrames: number;
  drawnMs: number;
  idleMs: number;
  calls: number;
  triangles: number;
  last: { calls: number; triangles: number };
  /** WebGL textures and buffers created and not yet deleted. */
  live: { textures: number; buffers: number };
}

export interface Inspect {
  framesDrawn: number;
  avatarsInScene: number;
  me: { x: number; z: number };
  drawCalls: number;
  figuresInView: number;
}

export const frameStats = (page: Page) => page.evaluate("globalThis.__bench") as Promise<FrameStats>;
export const inspect = (page: Page) => page.evaluate("window.hidamari.inspect()") as Promise<Inspect>;

/** The page walks its own student back and forth between two spots (as if tapping the floor). */
export async function walkBackAndForth(page: Page, on: boolean): Promise<void> {
  await page.evaluate(
    on
      ? `(() => {
          const spots = [[6, -3], [13, -3]];
          let i = 0;
          window.hidamari.walkTo(spots[0][0], spots[0][1]);
          globalThis.__walker = setInterval(() => { i = 1 - i; window.hidamari.walkTo(spots[i][0], spots[i][1]); }, 2600);
        })()`
      : `(() => { clearInterval(globalThis.__walker); const me = window.hidamari.inspect().me; window.hidamari.walkTo(me.x, me.z); })()`,
  );
}

/** CPU used so far by every Chromium process this benchmark started (renderer, GPU, browser…), ms. */
export function chromiumCpuMs(): number {
  return chromiumCpuByProcess().all;
}

/** The same, and of it the GPU process (where software WebGL draws) and the pages' renderers. */
export function chromiumCpuByProcess(): { all: number; gpu: number; renderer: number } {
  const out = { all: 0, gpu: 0, renderer: 0 };
  for (const pid of processTree(process.pid)) {
    const line = pid === process.pid ? "" : commandLine(pid);
    if (!/chrom/i.test(line)) continue;
    const ms = cpuMs(pid);
    out.all += ms;
    if (line.includes("--type=gpu-process")) out.gpu += ms;
    if (line.includes("--type=renderer")) out.renderer += ms;
  }
  return out;
}

/** Main-thread time of the page's renderer (CDP Performance metrics), seconds. */
export async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get("TaskDuration"), script: get("ScriptDuration") };
}

/** JS heap after two full collections, with DOM nodes and listeners (leak indicators). */
export async function heap(cdp: CDPSession): Promise<{ usedMb: number; nodes: number; listeners: number }> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: Array<{ name: string; value: number }> };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { usedMb: usage.usedSize / 2 ** 20, nodes: get("Nodes"), listeners: get("JSEventListeners") };
}

/** Self sizes in a heap snapshot, by kind: V8's compiled code, JavaScript values, and native (DOM, Blink) objects. */
export interface HeapComposition {
  codeKb: number;
  jsKb: number;
  nativeKb: number;
}

/**
 * A full heap snapshot, summed by kind. Compiled code grows as V8 optimises and is not a leak;
 * JavaScript values and DOM objects that keep growing with churn are.
 */
export async function heapComposition(cdp: CDPSession): Promise<HeapComposition> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const snapshot = JSON.parse(chunks.join("")) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf("type");
  const sizeAt = fields.indexOf("self_size");
  const sums = { code: 0, js: 0, native: 0 };
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt] as number];
    const size = snapshot.nodes[i + sizeAt] as number;
    if (type === "code") sums.code += size;
    else if (type === "native") sums.native += size;
    else sums.js += size;
  }
  return { codeKb: sums.code / 1024, jsKb: sums.js / 1024, nativeKb: sums.native / 1024 };
}

export async function instrumentedContext(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: INSTRUMENT });
}

/**
 * Polls the page from here until `expression` is truthy. (Playwright's waitForFunction evaluates
 * strings with eval inside the page, which the page's CSP forbids; its rAF polling would also
 * count as frames.)
 */
export async function until(page: Page, expression: string, what: string, timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  for (;;) {
    try {
      if (await page.evaluate(`!!(${expression})`)) return;
    } catch {
      // the page is still loading: try again
    }
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
