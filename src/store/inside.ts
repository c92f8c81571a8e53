import path from "node:path";

/** Resolves a store key under root, refusing anything that would land outside it. */
export function resolveInside(root: string, key: string): string {
  const full = path.resolve(root, key);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`key escapes the folder: ${key}`);
  return full;
}
