import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import { SessionList, SessionReport } from "../../shared/research/report.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { type Person, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Research in the shared plaza: each organisation's study sees its own consenting students there
 * as pseudonyms and its own staff; the other organisations' children and staff only in the
 * anonymous headcount, withheld when small. One real joint event is played through first.
 */
let server: TestServer;
const ward: Record<"south" | "north" | "west", { id: string; researcher: Person; study: string }> = {} as never;

beforeAll(async () => {
  server = await startTestServer();
  const { directory, studies } = server.services;
  for (const [key, name] of [["south", "みなみ区"], ["north", "きた市"], ["west", "にし町"]] as const) {
    const org = await directory.createOrganisation(name);
    ward[key] = { id: org.id, researcher: await staffMember(server, org.id, "researcher", `${name}の 研究者`), study: (await studies.create(org.id, `${name} study`)).id };
  }
  const host = await staffMember(server, ward.south.id, "counsellor", "みなみの 先生");
  const guestHost = await staffMember(server, ward.north.id, "counsellor", "きたの 先生");
  const event = String((await host.http("POST", "/plaza", { title: "なつまつり", startsAt: Date.now(), endsAt: Date.now() + 3_600_000, orgs: [ward.north.id] })).json.id);
  const kids = {
    southYes: await student(server, ward.south.id, "みなみ どうい"),
    southNo: await student(server, ward.south.id, "みなみ なし"),
    northYes: await student(server, ward.north.id, "きた どうい"),
  };
  await directory.setConsent(kids.southYes.id, "activity_chat", "test");
  await directory.setConsent(kids.northYes.id, "activity_chat", "test");

  const space = plazaSpace(event);
  const hostRoom = await host.join({ org: space });
  await guestHost.join({ org: space });
  const rooms: Record<string, SpaceRoom> = {};
  for (const [name, kid] of Object.entries(kids)) rooms[name] = await kid.join({ org: space });
  const heard = collect(hostRoom, "chat");
  rooms.southYes?.send("chat", { channel: "space", text: "south words" });
  rooms.northYes?.send("chat", { channel: "space", text: "north words" });
  await until(() => heard.length === 2, "both lines said");
  for (const room of Object.values(rooms)) await room.leave();
  hostRoom.send("closeSpace", {});
  await until(() => !hostRoom.connection.isOpen, "the plaza closed");
  await until(async () => (await server.services.log.sessions(space, 0, Date.now() + 1000)).some((s) => s.closedAt !== null), "the session written down");
}, 60_000);
afterAll(async () => {
  await server.close();
});

const read = async (who: (typeof ward)["south"], path: string) => {
  const res = await fetch(`${server.url}/api/research${path}${path.includes("?") ? "&" : "?"}study=${who.study}`, { headers: { cookie: who.researcher.cookie } });
  return { status: res.status, text: await res.text() };
};

describe("research in the shared plaza", () => {
  it("should list the joint event's session for each organisation that took part, and withhold its small headcount", async () => {
    for (const key of ["south", "north"] as const) {
      const { sessions } = SessionList.parse(JSON.parse((await read(ward[key], "/sessions")).text));
      expect(sessions, key).toEqual([expect.objectContaining({ students: null, consented: 1 })]); // three children: below 5
    }
    expect(SessionList.parse(JSON.parse((await read(ward.west, "/sessions")).text)).sessions).toEqual([]);
  });

  it("should show each study its own consenting child and staff as pseudonyms, and nobody of the other organisation", async () => {
    for (const key of ["south", "north"] as const) {
      const [session] = SessionList.parse(JSON.parse((await read(ward[key], "/sessions")).text)).sessions;
      const report = SessionReport.parse(JSON.parse((await read(ward[key], `/sessions/${session?.registration}`)).text));
      expect(report.participants.map((p) => p.role).sort(), key).toEqual(["staff", "student"]);
      expect(report.participants.find((p) => p.role === "student")?.messages, key).toBe(1);
    }
  });

  it("should export each organisation's own consented words only, with no name of anyone", async () => {
    const south = (await read(ward.south, "/export?format=jsonl")).text;
    const north = (await read(ward.north, "/export?format=jsonl")).text;
    expect(south).toContain("south words");
    expect(south).not.toContain("north words");
    expect(north).toContain("north words");
    expect(north).not.toContain("south words");
    for (const text of [south, north]) for (const name of ["みなみ", "きた", "どうい", "先生"]) expect(text).not.toContain(name);
    expect((await read(ward.west, "/export?format=jsonl")).text).not.toMatch(/words/);
  });
});
