import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditAction } from "../../client/staff/admin/auditWords.ts";

/**
 * Every action the server writes in the audit log is shown to the admin in words, in both
 * languages: a code such as `voice_mute` or `remove_line` in the list tells them little (a
 * newcomer's trial found six shown as codes). The actions are read from the server's source, as
 * written where it audits (`ctx.audit(who, "action", …)`, `audit.record({ action: "…" })`).
 */
function actionsWritten(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const source = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    for (const call of source.matchAll(/\baudit\(\s*[\w.]+\s*,\s*([^,]+),/g)) for (const [, action] of (call[1] ?? "").matchAll(/"([a-z_]+)"/g)) found.add(action ?? "");
    for (const [, action] of source.matchAll(/\.record\(\{[^}]*?\baction: "([a-z_]+)"/g)) found.add(action ?? "");
  }
  return found;
}

describe("the audit log's words", () => {
  const actions = [...actionsWritten(path.resolve("server"))].sort();

  it("should find the actions the server audits (the scan itself works)", () => {
    expect(actions).toEqual(expect.arrayContaining(["mute", "remove_today", "voice_mute", "remove_line", "school_sign_in", "open_space"]));
  });

  it.each(["ja", "en"] as const)("should word every one of them in %s", (lang) => {
    expect(actions.filter((action) => auditAction(lang, action) === action)).toEqual([]);
  });
});
