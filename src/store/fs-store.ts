import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256Hex } from "../publish/hash.js";
import { decodeManifest, MANIFEST_KEY } from "../publish/manifest.js";
import type { FeedStore, StoredDocument, StoredObject } from "../publish/ports.js";
import { PreconditionFailedError } from "../publish/ports.js";
import { decodeRoot, isDocumentShardId } from "../publish/state-pieces.js";
import { resolveInside } from "./inside.js";
import { withLockFile } from "./lock-file.js";
import { sweepTempFiles, tempFileName } from "./temp-files.js";

/** Keys under this prefix are the run's private state (the manifest), never published. */
const STATE_PREFIX = "_state/";
/** Where earlier versions kept the state: inside the output. */
const LEGACY_STATE_FOLDER = "_state";

/**
 * Where a folder output keeps what must not be published: `.feed-publisher/<name>/` in the output's parent
 * folder (`public/` → `.feed-publisher/public/`). Beside rather than inside, so a static server or an
 * `aws s3 sync` of the output never serves the state (view counts, source keys) or a half-written temp
 * file; in the same parent, so temp files are on the output's file system and a rename is atomic.
 */
export function privateFolderFor(output: string): string {
  const root = path.resolve(output);
  return path.join(path.dirname(root), ".feed-publisher", path.basename(root) || "root");
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Published documents in a local folder. Every write goes to a temp file in the private folder and is
 * renamed into place, so a reader never sees half a file and a killed run leaves nothing stray in the
 * output; leftovers of dead runs are swept at the start of the next one. The conditional write (the
 * manifest's) holds a lock file, so check-and-replace is atomic across overlapping runs.
 */
export class FsFeedStore implements FeedStore {
  readonly location: string;
  private readonly root: string;
  /** State, temp files and the lock: see privateFolderFor. */
  readonly privateFolder: string;
  private readonly tempFolder: string;
  private readonly stateFolder: string;
  private prepared: Promise<void> | undefined;

  constructor(folder: string, options: { privateFolder?: string } = {}) {
    this.root = path.resolve(folder);
    this.location = this.root;
    this.privateFolder = path.resolve(options.privateFolder ?? privateFolderFor(this.root));
    this.tempFolder = path.join(this.privateFolder, "tmp");
    this.stateFolder = path.join(this.privateFolder, "state");
  }

  /** The file a key is stored in: state keys in the private folder, the rest in the output. */
  private fileOf(key: string): string {
    return key.startsWith(STATE_PREFIX)
      ? resolveInside(this.stateFolder, key.slice(STATE_PREFIX.length))
      : resolveInside(this.root, key);
  }

  /**
   * Once per store (a run): remove temp files that dead runs left, here and (older versions) in the output;
   * move the state of older versions out of the published folder; and forget the state of an output that
   * was deleted or emptied (the usual way to start over), which would otherwise claim documents that are gone.
   */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await sweepTempFiles(this.tempFolder, { recursive: false });
      await sweepTempFiles(this.root, { recursive: true, legacy: true });
      const published: string[] = await readdir(this.root).catch(() => []);
      if (published.length === 0 && (await this.statePublishedSomething()))
        await rm(this.stateFolder, { recursive: true, force: true });
      else if (published.includes(LEGACY_STATE_FOLDER)) await this.moveLegacyState();
    })();
    return this.prepared;
  }

  /**
   * Whether the saved state records published documents. One that records none is the checkpoint of a
   * first run stopped before it wrote anything (README, "Long runs"): its parsed articles are the
   * progress the next run continues from, and it claims nothing that could be gone.
   */
  private async statePublishedSomething(): Promise<boolean> {
    const bytes = await readFile(this.fileOf(MANIFEST_KEY)).catch(() => undefined);
    if (bytes === undefined) return true;
    // A state in pieces records documents only in its document shards.
    const root = decodeRoot(bytes);
    if (root) return Object.keys(root.shards).some(isDocumentShardId);
    const legacy = decodeManifest(bytes);
    return legacy === undefined || Object.keys(legacy.documents).length > 0;
  }

  /**
   * Earlier versions kept the state in `<output>/_state/`, where a static server publishes it. It moves
   * (a rename: atomic, and the site is not republished) unless a newer state exists, which wins.
   */
  private async moveLegacyState(): Promise<void> {
    const legacy = path.join(this.root, LEGACY_STATE_FOLDER);
    const files: string[] = await readdir(legacy).catch(() => []);
    await mkdir(this.stateFolder, { recursive: true });
    for (const name of files) {
      const target = path.join(this.stateFolder, name);
      const exists = await readFile(target).then(
        () => true,
        () => false,
      );
      if (exists) await rm(path.join(legacy, name), { force: true });
      else await rename(path.join(legacy, name), target).catch(() => undefined);
    }
    await rmdir(legacy).catch(() => undefined);
  }

  async read(key: string): Promise<StoredObject | undefined> {
    await this.prepare();
    try {
      const body = await readFile(this.fileOf(key));
      return { body, etag: sha256Hex(body) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async write(doc: StoredDocument, options: { ifMatch?: string | null } = {}): Promise<void> {
    await this.prepare();
    const { ifMatch } = options;
    if (ifMatch === undefined) return this.replace(doc);
    await withLockFile(path.join(this.privateFolder, "lock"), async () => {
      const current = await this.read(doc.key);
      if ((current?.etag ?? null) !== ifMatch) throw new PreconditionFailedError(doc.key);
      await this.replace(doc);
    });
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.prepare();
    for (const key of keys) await rm(this.fileOf(key), { force: true });
  }

  /** Every regular file under the output folder (none when it does not exist yet); the state is not in it. */
  async list(): Promise<string[]> {
    await this.prepare();
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch((error) => {
      if (isMissing(error)) return [];
      throw error;
    });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  }

  private async replace(doc: StoredDocument): Promise<void> {
    const file = this.fileOf(doc.key);
    await mkdir(path.dirname(file), { recursive: true });
    await mkdir(this.tempFolder, { recursive: true });
    let temp = path.join(this.tempFolder, tempFileName());
    try {
      await writeFile(temp, doc.body);
      try {
        await rename(temp, file);
      } catch (error) {
        // The output is a mount point of its own: rename across file systems is impossible, so the temp
        // file goes beside its target, dot-named (a leftover is swept by the next run).
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        await rm(temp, { force: true });
        temp = path.join(path.dirname(file), `.${tempFileName()}`);
        await writeFile(temp, doc.body);
        await rename(temp, file);
      }
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}
