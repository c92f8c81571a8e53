import { link, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processIsAlive } from "./process-alive.js";

/** A lock held longer than this is abandoned whatever its pid says: a locked section takes milliseconds. */
const STALE_AFTER_MS = 60_000;
const WAIT_LIMIT_MS = 30_000;

export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
  constructor(
    readonly file: string,
    readonly holder: string,
  ) {
    super(`${file} is held by process ${holder || "?"}; gave up waiting`);
  }
}

/**
 * Runs `section` while holding `file`, created with O_EXCL (`wx`): of two processes only one can create
 * it, which makes check-then-write sections atomic between overlapping runs on one machine (or on a file
 * system with atomic exclusive create, which NFSv3+ and every local one have). A lock whose process died
 * (a kill mid-section) is broken; one held by a live process is waited for.
 */
export async function withLockFile<T>(file: string, section: () => Promise<T>): Promise<T> {
  await acquire(file);
  try {
    return await section();
  } finally {
    await rm(file, { force: true });
  }
}

async function acquire(file: string): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        await mkdir(path.dirname(file), { recursive: true });
        continue;
      }
      if (code !== "EEXIST") throw error;
    }
    const holder = (await readFile(file, "utf8").catch(() => "")).trim();
    if (await breakIfAbandoned(file, holder)) continue;
    if (Date.now() - started > WAIT_LIMIT_MS) throw new LockTimeoutError(file, holder);
    await sleep(Math.min(5 * 2 ** attempt, 200) * (0.5 + Math.random()));
  }
}

/**
 * Removes a lock whose holder died. The lock is first renamed aside and checked to be the same file
 * (inode) that was judged, so a waiter never deletes a fresh lock another waiter just took.
 */
async function breakIfAbandoned(file: string, holder: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return true; // released meanwhile
  const pid = Number(holder);
  // An empty file is a lock being written right now, unless it stays empty for long.
  const stale = Date.now() - info.mtimeMs > STALE_AFTER_MS;
  if (!stale && (holder === "" || processIsAlive(pid))) return false;
  const aside = `${file}.${process.pid}.broken`;
  try {
    await rename(file, aside);
  } catch {
    return true; // someone else broke or released it: try again
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved && moved.ino !== info.ino) {
    // Not the lock we judged: put it back unless someone took the name meanwhile (link never replaces).
    await link(aside, file).catch(() => undefined);
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}
