/**
 * What a picture really is, read from its first bytes (never from its name or the type the
 * uploader claims): PNG, JPEG or WebP, and its width and height in pixels. Anything else,
 * or a header that does not hold together, is null.
 */
export interface ImageInfo {
  type: "image/png" | "image/jpeg" | "image/webp";
  width: number;
  height: number;
}

export function imageInfo(bytes: Buffer): ImageInfo | null {
  if (has(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(bytes);
  if (has(bytes, 0, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return webp(bytes);
  return null;
}

function png(bytes: Buffer): ImageInfo | null {
  // The first chunk is IHDR: width and height, 4 bytes each, big-endian.
  if (bytes.length < 24 || bytes.toString("latin1", 12, 16) !== "IHDR") return null;
  return sized("image/png", bytes.readUInt32BE(16), bytes.readUInt32BE(20));
}

function jpeg(bytes: Buffer): ImageInfo | null {
  // Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized("image/jpeg", bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

function webp(bytes: Buffer): ImageInfo | null {
  const chunk = bytes.toString("latin1", 12, 16);
  if (chunk === "VP8 " && bytes.length >= 30 && has(bytes, 23, [0x9d, 0x01, 0x2a])) {
    return sized("image/webp", bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === "VP8L" && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return sized("image/webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X" && bytes.length >= 30) {
    return sized("image/webp", bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1);
  }
  return null;
}

function sized(type: ImageInfo["type"], width: number, height: number): ImageInfo | null {
  return width > 0 && height > 0 ? { type, width, height } : null;
}

function has(bytes: Buffer, at: number, magic: number[]): boolean {
  return bytes.length > at + magic.length && magic.every((b, i) => bytes[at + i] === b);
}
