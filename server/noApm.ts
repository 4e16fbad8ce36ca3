/**
 * @colyseus/core imports @pm2/io, PM2's monitoring agent, to publish two gauges (people and
 * spaces) to a PM2 dashboard. Importing it starts the whole agent: timers sampling the event
 * loop and V8 every second, `http` wrapped for latency metrics, and an uncaughtException
 * handler of its own. Hidamari does not run under PM2 (/healthz and the logs are its
 * monitoring), and in the benchmark the agent's timers were about 1 % of the server's CPU
 * (perf). The agent keeps one instance per process under this symbol and reuses whatever is
 * there, so an instance that only takes gauges keeps it from starting.
 */
const KEY = Symbol.for("@pm2/io");
const scope = globalThis as { [KEY]?: unknown };
scope[KEY] ??= { metric: () => ({ set() {} }) };
