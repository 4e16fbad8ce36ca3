import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "../support/server.ts";

/** The built client, served compressed when the browser accepts it (scripts/compress.mjs makes the copies). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-dist-"));
const script = "console.log('hidamari');".repeat(200);
/** A model as the build names it (its content's hash): binary, and compressible as GLBs are. */
const model = Buffer.concat([Buffer.from("glTF"), Buffer.alloc(4000, 7)]);
let server: TestServer;

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>t</title>");
  fs.writeFileSync(path.join(dir, "assets", "app-abc123.js"), script);
  fs.writeFileSync(path.join(dir, "assets", "figure-abc123.glb"), model);
  execFileSync(process.execPath, ["scripts/compress.mjs", dir]);
  server = await startTestServer({ clientDir: dir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("serving the client", () => {
  it("should send the brotli copy to browsers that accept it, with the right type", async () => {
    const res = await fetch(`${server.url}/assets/app-abc123.js`, { headers: { "accept-encoding": "br" } });
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("vary")).toContain("Accept-Encoding");
    expect(await res.text()).toBe(script); // fetch decodes it: the content is the original
  });

  it("should fall back to gzip, then to the plain file", async () => {
    expect((await fetch(`${server.url}/assets/app-abc123.js`, { headers: { "accept-encoding": "gzip" } })).headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(`${server.url}/assets/app-abc123.js`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it("should send a model compressed and cached for a year, unchanging, and the page itself never cached", async () => {
    // Issue 17: models and code are named by their content, so a child's tablet keeps them; the
    // page that names them is asked for again each time, so a new build reaches children at once.
    const res = await fetch(`${server.url}/assets/figure-abc123.glb`, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("content-type")).toBe("model/gltf-binary");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(model)).toBe(true);
    const plain = await fetch(`${server.url}/assets/figure-abc123.glb`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get("cache-control")).toBe("public, max-age=0");
  });

  it("should not serve files from outside the build", async () => {
    const res = await fetch(`${server.url}/assets/..%2f..%2fetc%2fpasswd`, { headers: { "accept-encoding": "br" } });
    expect(res.status).toBe(404);
  });
});
