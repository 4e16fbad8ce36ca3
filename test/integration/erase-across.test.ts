import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, until } from "../support/clients.ts";
import { type Installation, startInstallation } from "../support/installation.ts";

/**
 * Erasure on an installation of two processes (PostgreSQL, Redis): the admin asks one process,
 * the child is in a space the other holds. That space logs the child's leaving and writes it
 * when its own flush interval comes round; erasure used to wait only 300 ms for it, so the
 * leaving could be written after the child's records were erased: an orphan of an erased child.
 * The flush interval here is long (2 s), as an installation may set it, so the race is not luck.
 */
const FLUSH_MS = 2000;
let installation: Installation;
let org: string;
let child: { id: string; code: string };

beforeAll(async () => {
  installation = await startInstallation({ HIDAMARI_FLUSH_MS: String(FLUSH_MS) });
  const { directory } = installation;
  org = (await directory.createOrganisation("けす ところ")).id;
  await directory.addStaff({ orgId: org, username: "host", displayName: "ホスト", role: "counsellor", password: "correct horse battery" });
  await directory.addStaff({ orgId: org, username: "admin", displayName: "かんりしゃ", role: "admin", password: "correct horse battery" });
  const registered = await directory.registerStudent({ orgId: org, nickname: "きえる こ" });
  child = { id: registered.student.id, code: registered.code };
}, 90_000);

afterAll(async () => {
  await installation?.stop();
});

const post = (base: string, route: string, body: unknown, cookie = "") =>
  fetch(`${base}/api${route}`, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
const signIn = async (base: string, username: string) => cookieOf(await post(base, "/staff/sign-in", { username, password: "correct horse battery" }));
async function join(base: string, cookie: string): Promise<SpaceRoom> {
  const client = new Client(base, { headers: { cookie } });
  return (await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sun", accessory: "none" } }, SpaceState)) as SpaceRoom;
}
/** Every event naming this participant, as the log's erasure finds them (participant, target, student). */
const eventsNaming = async (participant: string) =>
  (await installation.pool.query<{ type: string }>("SELECT type FROM events WHERE $1 IN (body->>'participant', body->>'target', body->>'student') ORDER BY seq", [participant])).rows.map((r) => r.type);

describe("erasure across processes", () => {
  it("should leave nothing of a child who was in a space on another process, not even their leaving, written after", async () => {
    const [a, b] = installation.processes;
    const host = await join(a.url, await signIn(a.url, "host"));
    const kid = await join(b.url, cookieOf(await post(b.url, "/enter", { code: child.code })));
    const holder = installation.processes.find((p) => p.port === Number(new URL(host.connection.url ?? "ws://none:1").port));
    const other = holder === a ? b : a;

    let participant = "";
    await until(
      async () => {
        const { rows } = await installation.pool.query<{ p: string }>("SELECT body->>'participant' AS p FROM events WHERE type = 'entered' AND body->>'account' = $1", [child.id]);
        participant = rows[0]?.p ?? "";
        return participant !== "";
      },
      "the child's entering written by the space's process",
      FLUSH_MS * 3,
    );
    expect(await eventsNaming(participant)).toContain("entered");

    let left = false;
    kid.onLeave(() => {
      left = true;
    });
    const erased = await post(other.url, `/staff/students/${child.id}/erase`, { confirm: "きえる こ" }, await signIn(other.url, "admin"));
    expect(erased.status).toBe(200);
    await until(() => left, "the child's link closed by the space's process");
    // Whatever the space's process still held has been written by now, whenever its interval came round.
    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS + 1000));
    expect(await eventsNaming(participant)).toEqual([]);
    await host.leave();
  }, 60_000);
});
