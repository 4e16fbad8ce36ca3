import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { it } from "vitest";
import { buildClient, measureBundle } from "../../bench/client/bundle.ts";
it("figures", async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "hb-"));
  const { manifest, modules } = await buildClient(outDir);
  for (const l of ["ja", "en"] as const) { const m = measureBundle(outDir, manifest, modules, l); console.log(l, m.totals.jsGzip, 250000 - m.totals.jsGzip); }
  fs.rmSync(outDir, { recursive: true, force: true });
}, 60000);
