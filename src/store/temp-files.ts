import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { processIsAlive } from "./process-alive.js";

/** `<pid>-<random>.tmp`: the pid tells a dead run's leftover from a live run's file in flight. */
const TEMP_NAME = /^\.?(\d+)-[0-9a-f]{12}\.tmp$/;

/** Earlier versions wrote `<document>.<pid>.tmp` beside the document, inside the output. */
const LEGACY_TEMP_NAME = /\.(\d+)\.tmp$/;

/** A temp file name for this process. */
export const tempFileName = () => `${process.pid}-${randomBytes(6).toString("hex")}.tmp`;

/** A temp file this old belongs to no live write, whatever its pid says (pids are reused). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Removes temp files left by runs that died mid-write (a kill, a crash, a full disk). A file whose process
 * still runs is a write in flight and is kept, unless it is older than any write takes.
 */
export async function sweepTempFiles(
  folder: string,
  options: { recursive: boolean; legacy?: boolean },
): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // no folder yet (a first run), or not one we may read: nothing of ours is there
    }
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (child.isDirectory()) {
        if (options.recursive) await visit(full);
        continue;
      }
      const pid = (TEMP_NAME.exec(child.name) ??
        (options.legacy ? LEGACY_TEMP_NAME.exec(child.name) : null))?.[1];
      if (!child.isFile() || pid === undefined) continue;
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      const abandoned = Date.now() - info.mtimeMs > ABANDONED_AFTER_MS;
      if (abandoned || !processIsAlive(Number(pid))) {
        await rm(full, { force: true });
        removed.push(full);
      }
    }
  };
  await visit(folder);
  return removed;
}
