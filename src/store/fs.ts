import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { byKey } from "../order.js";
import { sha256Hex } from "../publish/hash.js";
import type {
  ArticleSource,
  FeedStore,
  SourceEntry,
  StoredDocument,
  StoredObject,
} from "../publish/ports.js";
import { PreconditionFailedError } from "../publish/ports.js";
import { LocationError } from "./location-error.js";

/** Resolves a store key under root, refusing anything that would land outside it. */
function resolveInside(root: string, key: string): string {
  const full = path.resolve(root, key);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`key escapes the folder: ${key}`);
  return full;
}

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

  async read(key: string): Promise<Uint8Array> {
    return readFile(resolveInside(this.root, key));
  }
}

/** Published documents in a local folder. Writes go through a temp file and a rename, so a reader never sees half a file. */
export class FsFeedStore implements FeedStore {
  readonly location: string;
  private readonly root: string;

  constructor(folder: string) {
    this.root = path.resolve(folder);
    this.location = this.root;
  }

  async read(key: string): Promise<StoredObject | undefined> {
    try {
      const body = await readFile(resolveInside(this.root, key));
      return { body, etag: sha256Hex(body) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(doc: StoredDocument, options: { ifMatch?: string | null } = {}): Promise<void> {
    const file = resolveInside(this.root, doc.key);
    if (options.ifMatch !== undefined) {
      const current = await this.read(doc.key);
      if ((current?.etag ?? null) !== options.ifMatch) throw new PreconditionFailedError(doc.key);
    }
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, doc.body);
      await rename(temp, file);
    } catch (error) {
      // A failed write must not leave a stray temp file among the published documents.
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) await rm(resolveInside(this.root, key), { force: true });
  }

  /** Every regular file under the folder (none when it does not exist yet). */
  async list(): Promise<string[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    });
    return entries.filter((e) => e.isFile()).map((e) => toKey(this.root, path.join(e.parentPath, e.name)));
  }
}
