import { createHash } from "node:crypto";

/**
 * A deterministic name-based UUID (version 5 layout over SHA-1, RFC 4122): the same export input
 * gives the same OSCAL uuids, and every one matches OSCAL's UUIDDatatype (type 4 or 5).
 */
export function uuidFrom(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
