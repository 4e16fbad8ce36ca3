import http from "node:http";
import type { Socket } from "node:net";
import { freePort } from "./ports.ts";

/**
 * A gate in front of a test's statement store, so a test can take the LRS away and bring it back
 * without losing what it holds (the store keeps statements in memory): `up` passes every request
 * through; `down` answers 503; `reset` drops the connection without an answer; `hang` never
 * answers (the sender's timeout ends it). It notes each POST of statements and the answer it got,
 * so a test can tell how often a statement was offered and how often taken.
 */
export type GateMode = "up" | "down" | "reset" | "hang";

export interface LrsGate {
  /** The xAPI endpoint through the gate (what an admin types). */
  url: string;
  mode: GateMode;
  /** Every POST of statements: the ids it carried and the status it was answered with (null: none). */
  posts: Array<{ ids: string[]; status: number | null }>;
  close(): Promise<void>;
}

export async function startLrsGate(storeUrl: string): Promise<LrsGate> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const gate: LrsGate = { url: `http://127.0.0.1:${port}/xAPI`, mode: "up", posts: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const post = req.method === "POST" && req.url?.startsWith("/xAPI/statements") ? { ids: idsOf(body), status: null as number | null } : null;
      if (post) gate.posts.push(post);
      if (gate.mode === "hang") return;
      if (gate.mode === "reset") return req.socket.destroy();
      if (gate.mode === "down") {
        if (post) post.status = 503;
        res.writeHead(503, { "content-type": "text/plain" }).end("the LRS is down for maintenance");
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers[k] = v;
      fetch(`${storeUrl}${req.url}`, { method: req.method ?? "GET", headers, ...(req.method === "GET" || req.method === "HEAD" ? {} : { body }) })
        .then(async (answer) => {
          const text = Buffer.from(await answer.arrayBuffer());
          if (post) post.status = answer.status;
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(text);
        })
        .catch(() => req.socket.destroy());
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  gate.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return gate;
}

function idsOf(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString()) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]).map((s) => String((s as { id?: unknown }).id));
  } catch {
    return [];
  }
}
