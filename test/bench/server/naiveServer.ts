import "../../../server/node20.ts";
import { type Client, Room, defineRoom, defineServer } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { canStandAt } from "../../../shared/domain/movement.ts";
import { SPAWN, zoneAt } from "../../../shared/domain/zones.ts";
import { NAIVE_PATCH_MS, NaiveAvatar, NaiveState } from "./naiveState.ts";

/**
 * The naive baseline the benchmark compares Hidamari with, run as its own process:
 * `PORT=… node --import tsx test/bench/server/naiveServer.ts`. It is what a first spike looks
 * like: no accounts, no validation, float positions, every move written to the state as it comes,
 * patches every 50 ms. Chat, emotes and status reach the same people as in Hidamari, with the
 * same payload shapes, so the bytes compare like for like.
 */
interface Move {
  x: number;
  z: number;
  heading: number;
}

class NaiveSpace extends Room<{ state: NaiveState }> {
  override state = new NaiveState();
  override patchRate = NAIVE_PATCH_MS;
  #seq = 0;

  override onCreate(): void {
    this.onMessage("move", (client: Client, m: Move) => {
      const a = this.state.avatars.get(client.sessionId);
      if (!a) return;
      a.x = m.x;
      a.z = m.z;
      a.heading = m.heading;
      const zone = zoneAt(m)?.id;
      if (zone) a.zone = zone;
    });
    this.onMessage("chat", (client: Client, m: { channel: "space" | "zone"; text?: string; phrase?: string }) => {
      const a = this.state.avatars.get(client.sessionId);
      if (!a) return;
      const line = { id: `${this.roomId}-${++this.#seq}`, from: client.sessionId, nickname: a.nickname, staff: a.kind === "staff", channel: m.channel, zone: a.zone, text: m.text, phrase: m.phrase, at: Date.now() };
      for (const c of this.clients) if (m.channel === "space" || this.state.avatars.get(c.sessionId)?.zone === a.zone) c.send("chat", line);
    });
    this.onMessage("emote", (client: Client, m: { emote: string }) => {
      const a = this.state.avatars.get(client.sessionId);
      if (a && m.emote === "raise_hand") a.hand = true;
      this.broadcast("emote", { from: client.sessionId, emote: m.emote });
    });
    this.onMessage("status", (client: Client, m: { status: string }) => {
      const a = this.state.avatars.get(client.sessionId);
      if (a) a.status = m.status;
    });
    this.onMessage("hand", (client: Client, m: { raised: boolean }) => {
      const a = this.state.avatars.get(client.sessionId);
      if (a) a.hand = m.raised;
    });
  }

  override onJoin(client: Client, options: { nickname?: string; staff?: boolean; look?: { colour?: string; accessory?: string } }): void {
    const spot = freeSpot(this.state.avatars.size);
    this.state.avatars.set(
      client.sessionId,
      new NaiveAvatar({
        nickname: String(options.nickname ?? "guest").slice(0, 12),
        colour: options.look?.colour ?? "sun",
        accessory: options.look?.accessory ?? "none",
        zone: zoneAt(spot)?.id ?? "talk",
        x: spot.x,
        z: spot.z,
        heading: 0,
        kind: options.staff ? "staff" : "student",
        status: "none",
        hand: false,
      }),
    );
    client.send("history", { lines: [] });
  }

  override onLeave(client: Client): void {
    this.state.avatars.delete(client.sessionId);
  }
}

/** Newcomers on a spiral around the spawn point, on legal floor (so bots can walk from there). */
function freeSpot(n: number): { x: number; z: number } {
  for (let i = n; i < n + 200; i++) {
    const spot = { x: SPAWN.x + Math.cos(i * 2.4) * 0.9 * Math.sqrt(i), z: SPAWN.z + Math.sin(i * 2.4) * 0.9 * Math.sqrt(i) };
    if (canStandAt(spot)) return spot;
  }
  return SPAWN;
}

const port = Number(process.env.PORT ?? 2568);
const server = defineServer({
  greet: false,
  transport: new WebSocketTransport(),
  rooms: { space: defineRoom(NaiveSpace).filterBy(["org"]) },
  express: (app) => {
    app.get("/readyz", (_req, res) => {
      res.json({ ready: true });
    });
  },
});
await server.listen(port, "127.0.0.1");
