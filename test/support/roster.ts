import fs from "node:fs";
import path from "node:path";
import { ROSTER_FILES, type RosterFile } from "../../shared/domain/roster.ts";

const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "oneroster");

/**
 * An export from test/fixtures/oneroster: `folder`'s files over valid/'s (a malformed file with the
 * valid others), as text with the BOM kept (what a file's bytes decode to). `decode` as a browser's
 * File.text() would (UTF-8, replacement characters for anything else).
 */
export function rosterFiles(folder = "valid", options: { only?: RosterFile[] } = {}): Partial<Record<RosterFile, string>> {
  const files: Partial<Record<RosterFile, string>> = {};
  for (const name of options.only ?? ROSTER_FILES) {
    const own = path.join(FIXTURES, folder, name);
    const file = fs.existsSync(own) ? own : path.join(FIXTURES, "valid", name);
    files[name] = new TextDecoder("utf-8", { ignoreBOM: true }).decode(fs.readFileSync(file));
  }
  return files;
}

export function fixturePath(folder: string, name: RosterFile): string {
  return path.join(FIXTURES, folder, name);
}

/** users.csv with `rows` students more than the valid one: past the row limit, or the size limit. */
export function largeUsers(rows: number): string {
  const valid = rosterFiles()["users.csv"] ?? "";
  const [header] = valid.split("\r\n");
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`${String(i).padStart(8, "0")}-aaaa-4aaa-8aaa-${String(i).padStart(12, "0")},,,true,s${i}@example.jp,,名${i},姓${i},,,,,,,P1,,,,名${i},,姓${i},,,メイ,セイ,,`);
  return `${lines.join("\r\n")}\r\n`;
}

/** The fixtures' sourcedIds by who they are. */
export const PEOPLE = {
  haruka: "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f60",
  sora: "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a71",
  ken: "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b82",
  other: "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c93",
  teacher: "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9da4",
  admin: "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0eb5",
  guardian: "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1fc6",
  left: "ae1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2ad7",
} as const;
export const SCHOOL = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
export const DISTRICT = "0a1f4c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
