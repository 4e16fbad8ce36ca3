/**
 * The few parts of janode 1.8 (plain JavaScript, no types of its own) that server/voice/janus.ts
 * uses. Requests go through `message()` with Janus's own request bodies (src/plugins/*.c document
 * them), so only the shapes below need trusting; answers are checked where they are read.
 */
declare module "janode" {
  import type { EventEmitter } from "node:events";

  export interface JanusMessage {
    janus: string;
    plugindata?: { plugin: string; data: Record<string, unknown> };
  }
  export interface Handle extends EventEmitter {
    readonly id: number;
    message(body: Record<string, unknown>, jsep?: unknown): Promise<JanusMessage>;
    detach(): Promise<void>;
  }
  export interface Session extends EventEmitter {
    readonly id: number;
    attach(plugin: PluginDescriptor): Promise<Handle>;
    destroy(): Promise<void>;
  }
  export interface Connection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<Session>;
    getInfo(): Promise<{ name?: string; version_string?: string }>;
    close(): Promise<void>;
  }
  export interface PluginDescriptor {
    id: string;
    EVENT: Record<string, string>;
  }
  interface Janode {
    connect(config: { address: { url: string; apisecret?: string }; retry_time_secs?: number; max_retries?: number }): Promise<Connection>;
    Logger: { setLevel(level: "none" | "error" | "warning" | "info" | "verbose" | "debug"): string };
    EVENT: { CONNECTION_CLOSED: string; CONNECTION_ERROR: string; SESSION_DESTROYED: string; HANDLE_DETACHED: string };
  }
  const janode: Janode;
  export default janode;
}

declare module "janode/plugins/audiobridge" {
  import type { PluginDescriptor } from "janode";
  const plugin: PluginDescriptor & {
    EVENT: { AUDIOBRIDGE_PEER_JOINED: string; AUDIOBRIDGE_PEER_CONFIGURED: string; AUDIOBRIDGE_JOINED: string; AUDIOBRIDGE_DESTROYED: string; AUDIOBRIDGE_KICKED: string };
  };
  export default plugin;
}

declare module "janode/plugins/videoroom" {
  import type { PluginDescriptor } from "janode";
  const plugin: PluginDescriptor;
  export default plugin;
}
