/**
 * The nginx configuration for several Hidamari processes behind one address, as Colyseus's
 * scaling guide describes: pages, the API and matchmaking go to any process (sign-ins and
 * spaces are shared through Redis and PostgreSQL), and each process's WebSockets go to that
 * process under its own path, the one its HIDAMARI_PUBLIC_ADDRESS names (`host/p1`, …).
 */
export interface NginxOptions {
  /** The port nginx listens on, IPv4 and IPv6. */
  listen: number;
  /** Each process's local port, in order: the first is /p1/, the second /p2/, … */
  ports: number[];
  /** Where nginx keeps its pid, logs and buffers (a folder of its own). */
  runDir: string;
  /** nginx's worker user, when started as root (it must reach runDir). */
  user?: string;
  /**
   * Connections nginx holds at once (default 4,096). Each child's WebSocket is two: the child's
   * and nginx's own to the process. More than the open-file limit needs nginx started as root.
   */
  connections?: number;
}

/** The path prefix under which the n-th process (from 1) takes its WebSockets. */
export const processPath = (n: number) => `/p${n}`;

export function nginxConfig({ listen, ports, runDir, user, connections = 4096 }: NginxOptions): string {
  const perProcess = ports.map((port, i) => `    location ${processPath(i + 1)}/ { proxy_pass http://127.0.0.1:${port}/; }`).join("\n");
  return `# Made by deploy/nginx.ts for ${ports.length} Hidamari processes.
${user ? `user ${user};\n` : ""}worker_processes 1;
${connections > 4096 ? `worker_rlimit_nofile ${connections + 1024};\n` : ""}pid ${runDir}/nginx.pid;
error_log ${runDir}/error.log warn;
events { worker_connections ${connections}; }
http {
  access_log off;
  client_body_temp_path ${runDir}/body;
  proxy_temp_path ${runDir}/proxy;
  fastcgi_temp_path ${runDir}/fastcgi;
  uwsgi_temp_path ${runDir}/uwsgi;
  scgi_temp_path ${runDir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream hidamari {
${ports.map((port) => `    server 127.0.0.1:${port};`).join("\n")}
  }
  server {
    listen ${listen};
    listen [::]:${listen};
    # The lesson board's pictures are the largest bodies (shared/protocol/http.ts BOARD_MAX_BYTES).
    client_max_body_size 4m;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    # With its port: the server compares it with the Origin of state-changing requests.
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_read_timeout 120s;
${perProcess}
    location / { proxy_pass http://hidamari; }
  }
}
`;
}
