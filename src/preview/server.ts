import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type CacheSettings, documentHeaders } from "../site/headers.js";

/**
 * A static server for a published folder, on loopback only, answering the way S3 behind CloudFront does:
 * the plan's Content-Type and Cache-Control (src/site/headers.ts), a strong ETag and Last-Modified, and
 * 304 to conditional GETs. Hand-written on node:http rather than a static-file package because those pick
 * content types from their own extension tables (`.xml` → `text/xml`, `.opml` unknown), and matching
 * what S3 serves is the point of a preview.
 */
export interface PreviewServer {
  /** `http://127.0.0.1:<port>/`, with the port actually bound (port 0 asks for a free one). */
  readonly origin: string;
  close(): Promise<void>;
}

export interface PreviewServerOptions {
  /** The published folder. */
  root: string;
  port: number;
  cache: CacheSettings;
}

/** A request path as a store key, or undefined when it could name something outside the published site. */
export function keyForPath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded === "/" || decoded === "") return "index.html";
  if (!decoded.startsWith("/") || decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const segments = decoded.slice(1).split("/");
  // `..` and `.` escape or alias; dot-names (`.feed-publisher/`, `.env`) and `_state/` are private state.
  if (segments.some((s) => s === "" || s.startsWith(".") || s === "_state")) return undefined;
  return segments.join("/");
}

/** Starts serving `root` on 127.0.0.1; resolves once listening. */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const root = await realpath(path.resolve(options.root));
  const server = createServer((request, response) => {
    handle(root, options.cache, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      response.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}/`, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections from a browser would otherwise hold close() open.
    server.closeAllConnections();
  });
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  response.end(`${text}\n`);
}

async function handle(
  root: string,
  cache: CacheSettings,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    return plain(response, 405, "method not allowed");
  }
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const key = keyForPath(url.pathname);
  const headers = key === undefined ? undefined : documentHeaders(key, cache);
  // Only what a run publishes is served, as on S3 where nothing else is uploaded to the output prefix.
  if (key === undefined || headers === undefined) return plain(response, 404, "not found");
  const file = await readInside(root, key);
  if (!file) return plain(response, 404, "not found");

  const etag = `"${createHash("sha256").update(file.body).digest("hex").slice(0, 32)}"`;
  // HTTP dates have whole seconds; comparing at that resolution makes If-Modified-Since match.
  const modified = new Date(Math.floor(file.mtimeMs / 1000) * 1000);
  response.setHeader("Content-Type", headers.contentType);
  response.setHeader("Cache-Control", headers.cacheControl);
  response.setHeader("ETag", etag);
  response.setHeader("Last-Modified", modified.toUTCString());
  response.setHeader("X-Content-Type-Options", "nosniff");
  if (notModified(request, etag, modified)) {
    response.writeHead(304);
    response.end();
    return;
  }
  response.setHeader("Content-Length", file.body.byteLength);
  response.writeHead(200);
  response.end(request.method === "HEAD" ? undefined : file.body);
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since when both are sent. */
function notModified(request: IncomingMessage, etag: string, modified: Date): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === etag || tag === "*");
  }
  const since = request.headers["if-modified-since"];
  if (since === undefined) return false;
  const sinceTime = Date.parse(since);
  return !Number.isNaN(sinceTime) && modified.getTime() <= sinceTime;
}

/**
 * Reads `key` under `root`, or undefined when it is missing, not a regular file, or resolves (through a
 * symlink anywhere on its path) outside `root`.
 */
async function readInside(root: string, key: string): Promise<{ body: Buffer; mtimeMs: number } | undefined> {
  const full = path.resolve(root, key);
  if (!full.startsWith(root + path.sep)) return undefined;
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    return undefined;
  }
  if (!real.startsWith(root + path.sep)) return undefined;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return undefined;
    return { body: await handle.readFile(), mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}
