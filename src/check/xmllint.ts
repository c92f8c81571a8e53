import { execFile } from "node:child_process";
import path from "node:path";

/**
 * A second, independent well-formedness verdict from libxml2's xmllint, when it is installed (Debian
 * libxml2-utils): one process for a batch of files, and one per file only when the batch fails, to say
 * which. undefined when xmllint is absent; `check` works without it. Only the exit code is read (its
 * wording changes across libxml2 versions).
 */
export async function xmllintProblems(root: string, keys: readonly string[]): Promise<string[] | undefined> {
  if (!(await exitCode(["--version"]).then((code) => code !== null))) return undefined;
  const files = keys.map((key) => path.join(root, key));
  const failing: string[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    if ((await exitCode(["--noout", "--nonet", ...batch])) === 0) continue;
    for (const file of batch) if ((await exitCode(["--noout", "--nonet", file])) !== 0) failing.push(file);
  }
  return failing.map((file) => path.relative(root, file).split(path.sep).join("/"));
}

// Keeps the command line far below ARG_MAX with long paths.
const BATCH = 200;

/** xmllint's exit code; null when it could not be started. */
function exitCode(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => {
    execFile("xmllint", args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error) => {
      if (error === null) resolve(0);
      else resolve(typeof error.code === "number" ? error.code : null);
    });
  });
}
