import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../site/seed-site.js";

/**
 * Modules an entry point loads at start-up: everything reachable through static imports (esbuild's view of
 * the bundle; dynamic imports are left out, they load when first used).
 */
async function staticallyLoaded(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    external: ["@aws-sdk/*"],
  });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of inputs[file]?.imports ?? [])
      if (edge.kind !== "dynamic-import" && !edge.external) visit(edge.path);
  };
  visit(entry);
  return [...seen];
}

describe("start-up cost (issue 8): the Markdown and YAML parsers load only when a .md is parsed", () => {
  for (const entry of ["src/handler.ts", "src/cli.ts"])
    it(`${entry} does not load marked or yaml`, async () => {
      const loaded = await staticallyLoaded(entry);
      expect(loaded).toContain("src/publish/publish.ts");
      expect(loaded.filter((file) => /node_modules\/(marked|yaml)\//.test(file))).toEqual([]);
    });
});
