/**
 * Text from people: normalised once on the server before anyone else sees it, and the client
 * runs the same function to show the sender what will be sent. Rendering is always textContent.
 */

// C0/C1 controls except none we keep (newlines become spaces below), bidi embeddings/overrides/
// isolates and marks, the BOM, and other invisible format characters that can disguise text.
// ZWJ (U+200D) and variation selectors stay: emoji sequences need them.
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;
// A lone surrogate cannot be encoded as UTF-8 and garbles whatever follows it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPACES = /[\s\u3000]+/g;

/** NFC, invisible and control characters removed, whitespace runs collapsed, trimmed, capped in code points. */
export function normaliseText(raw: string, maxChars: number): string {
  const cleaned = raw
    .replace(LONE_SURROGATE, "")
    .normalize("NFC")
    .replace(SPACES, " ")
    .replace(INVISIBLE, "")
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > maxChars ? chars.slice(0, maxChars).join("").trimEnd() : cleaned;
}
