import { createHmac, randomInt } from "node:crypto";

/**
 * あいことば: what a registered student types to enter. Eight characters a child can read off a
 * card and type on a tablet: lowercase letters and digits without look-alikes (no 0/o, 1/l/i),
 * shown as "abcd-2345". Stored only as an HMAC under the server's secret.
 */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 8;

export function newAccessCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return formatAccessCode(code);
}

export function formatAccessCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a child might type, made comparable: case, spaces, dashes and full-width forms don't matter. */
export function normaliseAccessCode(input: string): string | null {
  const plain = input.normalize("NFKC").toLowerCase().replace(/[\s\-_ー－]/g, "");
  if (plain.length !== LENGTH) return null;
  for (const ch of plain) if (!ALPHABET.includes(ch)) return null;
  return plain;
}

export function accessCodeKey(secret: Buffer, normalised: string): string {
  return createHmac("sha256", secret).update(`access-code:${normalised}`).digest("base64url");
}
