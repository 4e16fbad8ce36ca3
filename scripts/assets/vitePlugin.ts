import type { Plugin } from "vite";
import { ASSETS } from "../../assets/manifest.ts";
import { writeGlb } from "./glb.ts";

/**
 * The build's side of assets/ (issue 17): each model source in assets/manifest.ts is run and
 * written as a GLB, emitted with its content's hash in its name (dist/assets/, cached for ever by
 * server/app.ts), and the page gets their addresses from `virtual:hidamari-assets`:
 *
 *   import ASSET_URLS from "virtual:hidamari-assets";   // { figure: "/assets/figure-1a2b3c.glb", … }
 *
 * `npm run dev` serves the same files from memory under /@hidamari-assets/.
 */
const ID = "virtual:hidamari-assets";
const RESOLVED = `\0${ID}`;
const DEV_PREFIX = "/@hidamari-assets/";

export async function buildAssets(): Promise<Map<string, Uint8Array>> {
  const built = new Map<string, Uint8Array>();
  for (const asset of ASSETS) built.set(asset.id, await writeGlb(asset.build(), `Hidamari ${asset.source}`));
  return built;
}

export function hidamariAssets(): Plugin {
  let built: Promise<Map<string, Uint8Array>> | null = null;
  let serving = false;
  const all = () => (built ??= buildAssets());
  return {
    name: "hidamari-assets",
    configResolved(config) {
      serving = config.command === "serve";
    },
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const files = await all();
      const entries = [...files].map(([name, bytes]) => {
        if (serving) return `${JSON.stringify(name)}: ${JSON.stringify(`${DEV_PREFIX}${name}.glb`)}`;
        const ref = this.emitFile({ type: "asset", name: `${name}.glb`, source: bytes });
        return `${JSON.stringify(name)}: import.meta.ROLLUP_FILE_URL_${ref}`;
      });
      return `export default {${entries.join(", ")}};`;
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const name = req.url?.startsWith(DEV_PREFIX) ? req.url.slice(DEV_PREFIX.length).replace(/\.glb$/, "") : null;
        const bytes = name ? (await all()).get(name) : undefined;
        if (!bytes) return next();
        res.setHeader("Content-Type", "model/gltf-binary");
        res.end(bytes);
      });
    },
  };
}
