import { constants } from "node:fs";
import { type FileHandle, open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { byKey } from "../order.js";
import type { ArticleSource, SourceEntry } from "../publish/ports.js";
import { ArticleRefusedError } from "../publish/ports.js";
import { resolveInside } from "./inside.js";
import { LocationError } from "./location-error.js";

const toKey = (root: string, file: string) => path.relative(root, file).split(path.sep).join("/");

/** Stored articles in a local folder (recursive; dot-files and dot-folders are skipped). */
export class FsArticleSource implements ArticleSource {
  readonly location: string;
  private readonly root: string;

  constructor(folder: string) {
    this.root = path.resolve(folder);
    this.location = this.root;
  }

  async list(): Promise<SourceEntry[]> {
    const info = await stat(this.root).catch(() => undefined);
    if (!info?.isDirectory()) throw new LocationError(this.root, "the article folder does not exist");
    const entries: SourceEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      const children = await readdir(dir, { withFileTypes: true });
      for (const child of children) {
        if (child.name.startsWith(".")) continue;
        const full = path.join(dir, child.name);
        if (child.isDirectory()) await walk(full);
        else if (child.isFile()) {
          const info = await stat(full);
          entries.push({
            key: toKey(this.root, full),
            // size + mtime changes whenever an editor or scraper rewrites the file; hashing every file
            // on every run would defeat the point of listing.
            etag: `${info.size}-${Math.trunc(info.mtimeMs)}`,
            size: info.size,
            lastModified: info.mtime.toISOString(),
          });
        }
      }
    };
    await walk(this.root);
    return entries.sort(byKey);
  }

  /**
   * Opens without following a symbolic link and checks that the file opened is the one under the root, so
   * a symlink swapped in after listing (to /etc/passwd, say) is refused rather than published. O_NOFOLLOW
   * guards the last path component only; the real-path and inode checks cover a linked folder on the way.
   */
  async read(key: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    const file = resolveInside(this.root, key);
    let handle: FileHandle;
    try {
      // O_NOFOLLOW does not exist on Windows, where creating symlinks needs privileges anyway.
      handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOOP")
        throw new ArticleRefusedError(key, "refused: a symbolic link (only regular files are read)");
      throw error;
    }
    try {
      this.realRoot ??= realpath(this.root);
      const [realRoot, real, opened] = await Promise.all([this.realRoot, realpath(file), handle.stat()]);
      const expected = path.join(realRoot, ...key.split("/"));
      const named = real === expected ? await stat(real) : undefined;
      if (!named || named.ino !== opened.ino || named.dev !== opened.dev)
        throw new ArticleRefusedError(
          key,
          "refused: reached through a symbolic link or replaced while opened",
        );
      if (!opened.isFile()) throw new ArticleRefusedError(key, "refused: not a regular file");
      return await readAtMost(handle, key, options.maxBytes ?? Number.POSITIVE_INFINITY);
    } finally {
      await handle.close();
    }
  }

  private realRoot: Promise<string> | undefined;
}

const CHUNK = 64 * 1024;

/** Reads to the end, but never more than `maxBytes` (plus one chunk): a file that keeps growing is refused. */
async function readAtMost(handle: FileHandle, key: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes)
      throw new ArticleRefusedError(key, `too large: more than ${maxBytes} bytes when read`);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

export { FsFeedStore } from "./fs-store.js";
