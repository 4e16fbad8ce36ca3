import fs from "node:fs";
import inspector from "node:inspector";
import v8 from "node:v8";
import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Preloaded into a benchmarked server process (`node --import tsx --import …/probe.ts …`),
 * changing nothing in the server: it watches the process's own event-loop delay and garbage
 * collection pauses, and can CPU-profile exactly a measurement window. It answers over the IPC
 * channel, so a slow patch can be blamed on the server or on the bots.
 */
export interface ProbeReading {
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcPauseMs: number;
  gcMaxPauseMs: number;
  gcCount: number;
  heapUsedMb: number;
  externalMb: number;
}

export type ProbeRequest = { type: "reset" } | { type: "read" } | { type: "profile-start" } | { type: "profile-stop"; file: string } | { type: "snapshot" };

// Sampling every 200 µs shows short functions but roughly doubles the window's CPU; a coarser
// interval (BENCH_PROFILE_INTERVAL_US=1000) distorts the shares less.
const PROFILE_INTERVAL_US = Number(process.env.BENCH_PROFILE_INTERVAL_US) || 200;

if (process.send) {
  // Every 20 ms: at 5 ms the probe's own timer woke the server 200 times a second, which cost
  // both flavours ~5 ms of CPU a second (measured: 0.016 ms per student-second at 310 students).
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  let gcPause = 0;
  let gcMax = 0;
  let gcCount = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPause += entry.duration;
      gcCount++;
      if (entry.duration > gcMax) gcMax = entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  let session: inspector.Session | null = null;
  const reply = (probe: unknown) => process.send?.({ probe });

  process.on("message", (message: ProbeRequest) => {
    switch (message?.type) {
      case "reset":
        loop.reset();
        gcPause = 0;
        gcMax = 0;
        gcCount = 0;
        reply("reset");
        break;
      case "read": {
        const memory = process.memoryUsage();
        reply({
          loopP50Ms: loop.percentile(50) / 1e6,
          loopP99Ms: loop.percentile(99) / 1e6,
          loopMaxMs: loop.max / 1e6,
          gcPauseMs: gcPause,
          gcMaxPauseMs: gcMax,
          gcCount,
          heapUsedMb: memory.heapUsed / 2 ** 20,
          externalMb: (memory.external + memory.arrayBuffers) / 2 ** 20,
        } satisfies ProbeReading);
        break;
      }
      case "profile-start": {
        session = new inspector.Session();
        session.connect();
        const s = session;
        s.post("Profiler.enable", () => s.post("Profiler.setSamplingInterval", { interval: PROFILE_INTERVAL_US }, () => s.post("Profiler.start", () => reply("started"))));
        break;
      }
      case "profile-stop": {
        const s = session;
        if (!s) return reply(null);
        s.post("Profiler.stop", (error, result) => {
          if (!error) fs.writeFileSync(message.file, JSON.stringify(result.profile));
          s.disconnect();
          session = null;
          reply(error ? null : message.file);
        });
        break;
      }
      case "snapshot":
        // For investigations: a heap snapshot in the process's working directory.
        reply(v8.writeHeapSnapshot());
        break;
    }
  });
  // The IPC channel must not keep a server alive that would otherwise exit; and when the
  // benchmark itself goes away (Ctrl-C, a crash), its servers go with it.
  process.channel?.unref();
  process.on("disconnect", () => process.exit(0));
}
