import http from "node:http";

export interface KeptAnswer {
  status?: number;
  json?: Record<string, unknown>;
  /** The answer came over the connection the previous one used. */
  reused?: boolean;
  /** The request failed on the wire (the server dropped the connection). */
  error?: string;
}

/**
 * One kept-alive connection to the server's API, as a browser holds one. A handler that went on
 * after it had answered (and then threw on what it lacked) makes the server drop the connection:
 * the answer looks right, and only the next request, no longer over the same socket, shows it.
 */
export function keptAlive(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method: string, path: string, cookie = "", body?: unknown): Promise<KeptAnswer> {
      const payload = method === "GET" ? undefined : JSON.stringify(body ?? {});
      const headers: Record<string, string> = cookie ? { cookie } : {};
      if (payload !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) });
      return new Promise((resolve) => {
        const req = http.request(`${base}/api${path}`, { method, agent, headers }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            text += d;
          });
          res.on("end", () => {
            let json: Record<string, unknown> | undefined;
            try {
              json = JSON.parse(text) as Record<string, unknown>;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, json, reused: req.reusedSocket });
          });
        });
        req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
        req.end(payload);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}
