import fs from "node:fs";
import { table } from "./stats.ts";

/**
 * A V8 CPU profile (.cpuprofile) summed by self time: which functions and which parts of the
 * code (a package, or a folder of this project) the server spent its busy time in.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string): string {
  if (!url) return "(native, GC, syscalls)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith("node:")) return "node (core)";
  const mine = /\/(server|shared|test)\/([^/]+)/.exec(url);
  return mine ? `${mine[1]}/${mine[2]}` : url;
}

export interface ProfileSummary {
  busyMs: number;
  areas: Array<{ name: string; ms: number; share: number }>;
  functions: Array<{ name: string; ms: number; share: number }>;
}

export function summarise(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // The profiler's own work (the inspector session stopping and serialising) is not the server's.
  const probeOwn = new Set<number>();
  const mark = (id: number) => {
    probeOwn.add(id);
    for (const child of nodes.get(id)?.children ?? []) mark(child);
  };
  for (const n of profile.nodes) if (n.callFrame.url === "node:inspector") mark(n.id);
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of byNode) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)" || probeOwn.has(id)) continue;
    busy += micros;
    const where = area(frame.url);
    byArea.set(where, (byArea.get(where) ?? 0) + micros);
    const fn = `${frame.functionName || "(anonymous)"} ${frame.url ? `${where}${frame.url.endsWith(".ts") ? `/${frame.url.split("/").pop()}` : ""}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / busy }));
  return { busyMs: busy / 1000, areas: rank(byArea), functions: rank(byFunction) };
}

export function profileReport(label: string, s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `${label}: ${s.busyMs.toFixed(0)} ms busy in the window, by self time`,
    table([["where", "share"], ...s.areas.slice(0, 10).map((a) => [a.name, pct(a.share)])]),
    table([["function", "share"], ...s.functions.slice(0, 15).map((f) => [f.name, pct(f.share)])]),
  ].join("\n");
}
