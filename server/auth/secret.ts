import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The server's own secret (for access-code HMACs), made at first start and kept under data/ with
 * owner-only permissions. HIDAMARI_SECRET (64 hex characters) overrides it. Never in the repo.
 */
export function loadSecret(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, "hex");
  const file = path.join(dataDir, "secret.key");
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  fs.writeFileSync(file, `${secret.toString("hex")}\n`, { mode: 0o600 });
  return secret;
}
