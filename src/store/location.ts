import path from "node:path";
import { fileURLToPath } from "node:url";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ArticleSource, FeedStore } from "../publish/ports.js";
import { FsArticleSource, FsFeedStore } from "./fs.js";
import { S3ArticleSource, S3FeedStore } from "./s3.js";

/** Where articles are read from or documents written to. */
export type Location = { kind: "fs"; path: string } | { kind: "s3"; bucket: string; prefix: string };

import { LocationError } from "./location-error.js";

export { LocationError };

// Legacy us-east-1 buckets may hold capitals and underscores, so this only refuses what cannot be a bucket.
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Parses `s3://bucket/prefix/`, `s3://bucket`, `file:///abs/folder` or a plain folder path.
 * S3 prefixes are taken literally (no percent-decoding, as the AWS CLI does) and end with `/` unless empty.
 */
export function parseLocation(text: string): Location {
  const trimmed = text.trim();
  if (trimmed === "") throw new LocationError(text, "empty; give a folder or an s3://bucket/prefix/ URL");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "s3") {
    const rest = trimmed.slice("s3://".length);
    const slash = rest.indexOf("/");
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const prefix = slash === -1 ? "" : rest.slice(slash + 1).replace(/^\/+/, "");
    if (bucket === "")
      throw new LocationError(text, "no bucket name; expected s3://bucket or s3://bucket/prefix/");
    if (!BUCKET.test(bucket))
      throw new LocationError(text, `${JSON.stringify(bucket)} is not a valid bucket name`);
    return { kind: "s3", bucket, prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/` };
  }
  if (scheme === "file") {
    try {
      return { kind: "fs", path: fileURLToPath(trimmed) };
    } catch (error) {
      throw new LocationError(text, error instanceof Error ? error.message : String(error));
    }
  }
  if (scheme !== undefined) {
    throw new LocationError(text, `unsupported scheme ${scheme}://; use s3://, file:// or a folder path`);
  }
  return { kind: "fs", path: trimmed };
}

/**
 * Whether one location contains the other. Published documents inside the source would be read back as
 * articles (and on S3 each run's writes would trigger the next run), so entry points refuse it.
 */
export function locationsOverlap(source: Location, output: Location): boolean {
  const nested = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
  if (source.kind === "s3" && output.kind === "s3")
    return source.bucket === output.bucket && nested(source.prefix, output.prefix);
  if (source.kind === "fs" && output.kind === "fs") {
    const withSep = (p: string) => (p.endsWith(path.sep) ? p : p + path.sep);
    return nested(withSep(path.resolve(source.path)), withSep(path.resolve(output.path)));
  }
  return false;
}

export function formatLocation(location: Location): string {
  return location.kind === "s3" ? `s3://${location.bucket}/${location.prefix}` : location.path;
}

/** The S3 client is only asked for when a location is on S3, so local runs never need AWS settings. */
export function openSource(location: Location, getS3Client: () => S3Client): ArticleSource {
  return location.kind === "s3"
    ? new S3ArticleSource(getS3Client(), location.bucket, location.prefix)
    : new FsArticleSource(location.path);
}

export function openStore(location: Location, getS3Client: () => S3Client): FeedStore {
  return location.kind === "s3"
    ? new S3FeedStore(getS3Client(), location.bucket, location.prefix)
    : new FsFeedStore(location.path);
}
