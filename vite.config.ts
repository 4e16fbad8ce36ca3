import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { hidamariAssets } from "./scripts/assets/vitePlugin.ts";
import { bootNotice } from "./scripts/bootNotice.ts";

/**
 * One file for the client build (root: client/) and the test runner. Tests live in test/ and are
 * split into projects so each kind can also run alone (npm run test:unit / :integration / :browser).
 */
const SDK_STUBS: Record<string, string> = {
  "./transport/H3Transport.mjs": "client/net/noWebTransport.ts",
  "./Auth.mjs": "client/net/noColyseusAuth.ts",
};

export default defineConfig({
  root: "client",
  // assets/ holds sources, not files to copy: the plugin builds them (scripts/assets/vitePlugin.ts).
  publicDir: false,
  plugins: [
    hidamariAssets(),
    bootNotice(),
    {
      // Parts of the SDK never used, kept out of the page: its WebTransport client (the server speaks
      // WebSockets) and its Auth (identity is Hidamari's own session cookie).
      name: "hidamari-sdk-unused",
      enforce: "pre",
      resolveId(source, importer) {
        const stub = SDK_STUBS[source];
        return stub && importer?.includes("@colyseus/sdk") ? fileURLToPath(new URL(stub, import.meta.url)) : null;
      },
    },
  ],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 800,
    // Three pages: students, staff and researchers; staff and research code never load for students.
    rollupOptions: {
      input: { index: "client/index.html", staff: "client/staff.html", research: "client/research.html" },
      output: {
        codeSplitting: {
          // The small modules every page loads before it shows anything: the wire contract, the
          // words, the page's settings and its few widgets. Left to themselves they were fifteen
          // files of a few hundred bytes each, fetched over a browser's six connections in turn
          // (on LTE, a round trip each: the door came 0.1–0.25 s later) and each compressed alone.
          // A module the door comes to need belongs here: budgets.test counts the door's files.
          groups: [{ name: "common", test: /[\\/](shared[\\/]domain[\\/](avatar|furniture|geometry|lesson|limits|motion|movement|plaza|presence|staffRoles|text|zones)|shared[\\/]protocol[\\/](door|events|messages)|client[\\/](i18n[\\/](access|dictionary|index)|storage|prefs|ui[\\/](dom|dialog|langSwitch|pageMarks|ruby)|input[\\/]keyboard|scene[\\/]device|net[\\/]api))\.ts$/ }],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // In `npm run dev` the API is proxied so the sign-in cookie is first-party.
    proxy: { "/api": "http://localhost:2567" },
  },
  test: {
    root: ".",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          root: ".",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          root: ".",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          // Each file starts its own server and stops it; none relies on fresh modules. Isolated,
          // each of the 74 files imported the whole server again: 185 s of a clean-clone run's
          // second lane, beside the browser files (docs/testing.md, "Two lanes").
          isolate: false,
          testTimeout: 20_000,
          env: { COLYSEUS_SEAT_RESERVATION_TIME: "2" },
        },
      },
      {
        extends: true,
        test: {
          // Issue 6's deterministic budgets (bundle bytes, patch bytes per step): counts, never timings.
          name: "budgets",
          root: ".",
          include: ["test/bench/budgets.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          root: ".",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/browser/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // As the integration files: each starts its own server and browser and stops them. Isolated,
          // each imported the server again (112 s of the browser lane, on its critical path).
          isolate: false,
          // expect.poll waits for the page; it measures nothing. Vitest's 1 s default failed a
          // lesson's start (voiceStage.ts) on a clean clone run beside heavy work: 10 s, unless a
          // test says otherwise.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
