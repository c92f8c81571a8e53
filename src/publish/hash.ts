import { createHash } from "node:crypto";

/** Lower-case hex SHA-256 of bytes, or of a string's UTF-8 encoding. */
export const sha256Hex = (data: Uint8Array | string): string =>
  createHash("sha256").update(data).digest("hex");
