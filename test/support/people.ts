import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import type { StaffRole } from "../../shared/domain/roles.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import type { SpaceRoom } from "./clients.ts";
import type { TestServer } from "./server.ts";

/**
 * Real people for tests: accounts made through the directory, signed in over HTTP like a browser
 * (the session cookie comes back from the server), joining over real WebSockets.
 */
export interface Person {
  cookie: string;
  /** POSTs/GETs as this person, with their cookie. */
  http(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Joins the organisation's space (or another `org` to try). */
  join(extra?: Record<string, unknown>): Promise<SpaceRoom>;
  /** Comes back to the seat kept for `room`'s dropped link, with its reconnection token, as the page does. */
  reconnect(room: SpaceRoom): Promise<SpaceRoom>;
  org: string;
}

export async function request(server: TestServer, method: string, path: string, body?: unknown, cookie = "") {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown>, setCookie };
}

/** Someone holding `cookie` (a session the test made itself, say), for organisation `org`. */
export function person(server: TestServer, cookie: string, org: string): Person {
  return {
    cookie,
    org,
    http: (method, path, body) => request(server, method, path, body, cookie),
    async join(extra = {}) {
      const client = new Client(server.url, { headers: cookie ? { cookie } : {} });
      return recording((await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sky", accessory: "none" }, ...extra }, SpaceState)) as SpaceRoom);
    },
    async reconnect(room) {
      const client = new Client(server.url, { headers: cookie ? { cookie } : {} });
      return recording((await client.reconnect(room.reconnectionToken, SpaceState)) as SpaceRoom);
    },
  };
}

/**
 * Records every event from the first moment, so what arrives with the join (history, the staff
 * queue) is not lost before a test subscribes.
 */
async function recording(room: SpaceRoom): Promise<SpaceRoom> {
  const received: Record<string, unknown[]> = {};
  room.onMessage("*", (type: string | number, payload: unknown) => {
    (received[String(type)] ??= []).push(payload);
  });
  await room.waitForInitialState();
  return Object.assign(room, { received });
}

export function organisation(server: TestServer, name = "テスト教育支援センター"): Promise<{ id: string; name: string }> {
  return server.services.directory.createOrganisation(name);
}

/** A signed-in staff member; `federation` gives them the federation admin's duty too (as the CLI does). */
export async function staffMember(server: TestServer, orgId: string, role: StaffRole = "counsellor", displayName = "さとう先生", options: { federation?: boolean } = {}): Promise<Person> {
  const username = `${role}-${randomBytes(3).toString("hex")}`;
  const password = "correct horse battery";
  const account = await server.services.directory.addStaff({ orgId, username, displayName, role, password });
  if (options.federation) await server.services.directory.setFederation(account.id, true);
  const signIn = await request(server, "POST", "/staff/sign-in", { username, password });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
  return person(server, signIn.setCookie.split(";")[0] ?? "", orgId);
}

export async function student(server: TestServer, orgId: string, nickname: string): Promise<Person & { code: string; id: string }> {
  const { student: s, code } = await server.services.directory.registerStudent({ orgId, nickname });
  const enter = await request(server, "POST", "/enter", { code });
  if (enter.status !== 200) throw new Error(`enter failed: ${enter.status}`);
  return { ...person(server, enter.setCookie.split(";")[0] ?? "", orgId), code, id: s.id };
}

export function anonymous(server: TestServer, orgId: string): Person {
  return person(server, "", orgId);
}
