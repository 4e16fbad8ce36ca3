#!/usr/bin/env node
// `npm run dev`: the server restarts on change (tsx watch) and Vite serves the client with HMR.
// The page comes from Vite's port, so it is told where the server is.
import { spawn } from "node:child_process";

const port = process.env.PORT ?? "2567";
const children = [
  spawn("npx", ["tsx", "watch", "--clear-screen=false", "server/main.ts"], { stdio: "inherit", env: { ...process.env, PORT: port } }),
  spawn("npx", ["vite"], { stdio: "inherit", env: { ...process.env, VITE_HIDAMARI_SERVER: `http://localhost:${port}` } }),
];
console.log(`Hidamari dev: open http://localhost:5173 (server on :${port})`);

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => code && stop());
