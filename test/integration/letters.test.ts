import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The guardians' letter (issue 18) as a real PDF from the real server, read back with poppler's
 * pdffonts and pdftotext: the Japanese font embedded, the child's nickname, code, the address and
 * the hours in it, and nothing staff-only.
 */
let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-letters-"));
  server = await startTestServer({ dbFile: path.join(dir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function letter(cookie: string, studentId: string, body: unknown): Promise<{ status: number; type: string | null; pdf: string | null }> {
  const response = await fetch(`${server.url}/api/staff/students/${studentId}/letter`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
  if (!response.ok) return { status: response.status, type: response.headers.get("content-type"), pdf: null };
  const file = path.join(dir, `letter-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return { status: response.status, type: response.headers.get("content-type"), pdf: file };
}
const text = (file: string) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
const fonts = (file: string) => execFileSync("pdffonts", [file], { encoding: "utf8" });

describe("the guardians' letter", () => {
  it("should be a PDF with the Japanese font embedded, the child's nickname, code, address and hours, in Japanese and in English", async () => {
    const org = await organisation(server, "みなみ区 教育支援センター");
    const counsellor = await staffMember(server, org.id, "counsellor", "たなか先生");
    const { json: tt } = await counsellor.http("GET", "/timetable");
    await counsellor.http("PUT", "/timetable", { timetable: { ...(tt.timetable as object), hours: [{ weekday: 2, from: "15:00", to: "17:00" }] }, base: 0 });
    const registered = await counsellor.http("POST", "/staff/students", { nickname: "はるか", note: "本名 山田春香" });
    const { student: child, code } = registered.json as { student: { id: string }; code: string };

    const ja = await letter(counsellor.cookie, child.id, { code, lang: "ja", contact: "電話 03-1234-5678" });
    expect(ja).toMatchObject({ status: 200, type: "application/pdf" });
    const jaFonts = fonts(ja.pdf as string);
    expect(jaFonts).toMatch(/\+NotoSansJP-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(jaFonts).toMatch(/\+NotoSansJP-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    const jaText = text(ja.pdf as string);
    for (const expected of ["ひだまりへ ようこそ", "みなみ区 教育支援センター", "はるか", code, `${server.url}/`, "15:00〜17:00", "電話 03-1234-5678", "ほごしゃ"]) expect(jaText).toContain(expected);
    // Staff-only words never reach a family's letter.
    expect(jaText).not.toContain("山田");

    const en = await letter(counsellor.cookie, child.id, { code, lang: "en", contact: "" });
    const enText = text(en.pdf as string);
    for (const expected of ["Welcome to Hidamari", "Tuesday", "15:00–17:00", "Closed on public holidays", code]) expect(enText).toContain(expected);

    // Without a code: the letter says it comes separately.
    const noCode = text((await letter(counsellor.cookie, child.id, { code: null, lang: "en", contact: "" })).pdf as string);
    expect(noCode).toContain("The access code comes on a separate card.");
    expect(noCode).not.toContain(code);
    // Each letter audited: for which child, in which language, and whether it carried the code (never the code).
    const letters = (await server.services.audit.list(org.id)).filter((e) => e.action === "guardian_letter").reverse();
    expect(letters.map(({ target, outcome, detail }) => ({ target, outcome, detail }))).toEqual([
      { target: child.id, outcome: "done", detail: { lang: "ja", withCode: true } },
      { target: child.id, outcome: "done", detail: { lang: "en", withCode: true } },
      { target: child.id, outcome: "done", detail: { lang: "en", withCode: false } },
    ]);
    expect(JSON.stringify(letters)).not.toContain(code);
  });

  it("should carry only this child's current code, and only for their own staff", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const a = await student(server, org.id, "あ");
    const b = await student(server, org.id, "い");
    expect((await letter(counsellor.cookie, a.id, { code: b.code, lang: "ja", contact: "" })).status).toBe(400);
    expect((await letter(counsellor.cookie, a.id, { code: a.code, lang: "ja", contact: "" })).status).toBe(200);
    const elsewhere = await staffMember(server, (await organisation(server, "よそ")).id);
    expect((await letter(elsewhere.cookie, a.id, { code: a.code, lang: "ja", contact: "" })).status).toBe(404);
    expect((await letter(a.cookie, a.id, { code: a.code, lang: "ja", contact: "" })).status).toBe(403);
    expect((await letter(counsellor.cookie, a.id, { code: a.code, lang: "fr", contact: "" })).status).toBe(400);
  });
});
