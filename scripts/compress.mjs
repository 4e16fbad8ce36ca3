#!/usr/bin/env node
// After `vite build`: a brotli and a gzip copy of every text file (and model: GLB compresses well) in dist/, so the server can
// send a first visit in a quarter of the bytes without compressing on every request.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = path.resolve(process.argv[2] ?? "dist");
const TEXT = /\.(js|css|html|svg|json|map|glb)$/;
let before = 0;
let after = 0;
for (const file of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!file.isFile() || !TEXT.test(file.name)) continue;
  const full = path.join(file.parentPath ?? file.path, file.name);
  const bytes = fs.readFileSync(full);
  const br = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  fs.writeFileSync(`${full}.br`, br);
  fs.writeFileSync(`${full}.gz`, zlib.gzipSync(bytes, { level: 9 }));
  before += bytes.length;
  after += br.length;
}
console.log(`compressed ${dir}: ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB (brotli)`);
