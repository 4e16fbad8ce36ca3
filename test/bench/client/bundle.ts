import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build } from "vite";

/**
 * What a student's first visit downloads: the client is built as `npm run build` builds it
 * (vite.config.ts, then the build script's steps on dist/) into a folder of the benchmark's own,
 * with a manifest; the student page's files are followed from index.html through every import
 * the page loads before the student enters (static imports, the CSS they bring, and the dynamic
 * imports client/main.ts starts at boot). Staff and research files must not be among them.
 */
export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface BundleResult {
  outDir: string;
  student: FileSize[];
  /** Files only the other pages (staff, research) load. */
  othersOnly: FileSize[];
  /** Source modules of the staff or research pages found in the student's files (must be empty). */
  leaked: string[];
  /** Where the student's JavaScript comes from: share of rendered (pre-minification) length by package. */
  composition: Array<{ source: string; share: number }>;
  totals: { raw: number; gzip: number; brotli: number; jsGzip: number; cssGzip: number; otherGzip: number };
}

/** Module ids (and their rendered length) of every chunk, collected while building. */
type ChunkModules = Map<string, Map<string, number>>;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export function sizeOf(outDir: string, file: string): FileSize {
  const bytes = fs.readFileSync(path.join(outDir, file));
  return {
    file,
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * Every file reachable from a manifest entry through static imports (and the CSS and assets they
 * bring); with `dynamic`, through every dynamic import too (the other pages: all they can load).
 */
export function reachable(manifest: Manifest, entry: string, dynamic = false): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const asset of chunk.assets ?? []) files.add(asset);
    for (const dep of chunk.imports ?? []) visit(dep);
    if (dynamic) for (const dep of chunk.dynamicImports ?? []) visit(dep);
  };
  visit(entry);
  return files;
}

/**
 * What the student page loads behind its progress bar, besides its static imports: the modules
 * client/space/modules.ts imports (read from its source, so this list cannot drift from it).
 * Every other dynamic import waits for something the child does or the server says (a lesson,
 * opening the board, English words), and is not part of the first visit.
 */
export function bootImports(): string[] {
  const source = fs.readFileSync(path.resolve("client/space/modules.ts"), "utf8");
  // Manifest keys are paths under client/: an import written from client/space/ is resolved from there.
  const found = [...source.matchAll(/import\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => path.posix.join("space", m[1] as string));
  if (found.length === 0) throw new Error("client/space/modules.ts imports nothing: the first visit's boot list is wrong");
  return found;
}

export async function buildClient(outDir: string): Promise<{ manifest: Manifest; modules: ChunkModules }> {
  // Vite empties its outDir, and "" is the client's own folder: refused rather than emptied.
  if (!path.isAbsolute(outDir)) throw new Error(`buildClient needs an absolute folder to build into, not "${outDir}"`);
  const modules: ChunkModules = new Map();
  const collect = {
    name: "bench-chunk-modules",
    generateBundle(_options: unknown, bundle: Record<string, { type: string; modules?: Record<string, { renderedLength: number }> }>) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type === "chunk") modules.set(file, new Map(Object.entries(chunk.modules ?? {}).map(([id, m]) => [id, m.renderedLength])));
      }
    },
  };
  await build({ configFile: path.resolve("vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true, manifest: true }, plugins: [collect] });
  afterViteBuild(outDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
  return { manifest, modules };
}

/**
 * The steps `npm run build` runs on dist/ after `vite build` (such as scripts/compress.mjs, which
 * writes the brotli and gzip copies the server sends), run here on the benchmark's own folder.
 */
function afterViteBuild(outDir: string): void {
  const script = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> }).scripts?.build ?? "";
  for (const step of script.split("&&").map((s) => s.trim())) {
    const [command, file, ...args] = step.split(/\s+/);
    if (command !== "node" || !file?.startsWith("scripts/") || !args.includes("dist")) continue;
    execFileSync(process.execPath, [file, ...args.map((a) => (a === "dist" ? outDir : a))], { stdio: "ignore" });
  }
}

const OTHER_PAGES = [/[\\/]client[\\/](staff|research)[\\/]/, /qrcode-generator/];

/** "three", "@colyseus/schema", "client", "shared"… for a module id. */
function sourceOf(id: string): string {
  const nm = id.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = id.slice(nm + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? id);
  }
  const m = /[\\/](client|shared)[\\/]/.exec(id);
  return m ? m[1] as string : "other";
}

/** The English words (client/i18n/en.ts): fetched by a page in English only, before it shows anything. */
const ENGLISH_WORDS = "i18n/en.ts";

export function measureBundle(outDir: string, manifest: Manifest, modules: ChunkModules, lang: "ja" | "en" = "ja"): BundleResult {
  // client/main.ts imports the 3D view, the connection and the sound cues while the door is
  // still loading (loadSpaceModules), so the student's first visit includes those dynamic
  // imports; howler waits until sound is turned on (it starts off), so it is not counted. A
  // page in English fetches its words before it shows anything.
  const boot = bootImports();
  for (const key of boot) if (!manifest[key]) throw new Error(`client/space/modules.ts imports ${key}, which the build does not have`);
  if (!manifest[ENGLISH_WORDS]) throw new Error(`the build has no ${ENGLISH_WORDS} chunk: the English words are no longer fetched apart`);
  const studentFiles = new Set(["index.html", ...[...boot, "index.html", ...(lang === "en" ? [ENGLISH_WORDS] : [])].flatMap((key) => [...reachable(manifest, key)])]);
  const otherFiles = new Set(
    Object.entries(manifest)
      .filter(([key, chunk]) => chunk.isEntry && key !== "index.html")
      .flatMap(([key]) => [key, ...reachable(manifest, key, true)]),
  );
  const studentModules = new Map<string, number>();
  for (const file of studentFiles) for (const [id, length] of modules.get(file) ?? []) studentModules.set(id, length);
  const bySource = new Map<string, number>();
  let rendered = 0;
  for (const [id, length] of studentModules) {
    bySource.set(sourceOf(id), (bySource.get(sourceOf(id)) ?? 0) + length);
    rendered += length;
  }
  const student = [...studentFiles].sort().map((f) => sizeOf(outDir, f));
  const sum = (pick: (f: FileSize) => number, filter: (f: FileSize) => boolean = () => true) => student.filter(filter).reduce((n, f) => n + pick(f), 0);
  return {
    outDir,
    student,
    othersOnly: [...otherFiles].filter((f) => !studentFiles.has(f)).sort().map((f) => sizeOf(outDir, f)),
    leaked: [...studentModules.keys()].filter((id) => OTHER_PAGES.some((re) => re.test(id))).map((id) => path.relative(process.cwd(), id)),
    composition: [...bySource].map(([source, length]) => ({ source, share: length / rendered })).sort((a, b) => b.share - a.share),
    totals: {
      raw: sum((f) => f.raw),
      gzip: sum((f) => f.gzip),
      brotli: sum((f) => f.brotli),
      jsGzip: sum((f) => f.gzip, (f) => f.file.endsWith(".js")),
      cssGzip: sum((f) => f.gzip, (f) => f.file.endsWith(".css")),
      otherGzip: sum((f) => f.gzip, (f) => !f.file.endsWith(".js") && !f.file.endsWith(".css")),
    },
  };
}
