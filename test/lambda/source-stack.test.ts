import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSourceStack } from "../../src/lambda/source-stack.js";

// A real bundle with a linked source map, built by esbuild as the deployment builds the handler.
let dir: string;
let bundleUrl: string;
const SOURCE = [
  "export function fails(): never {",
  "  const why = 'on line 3';",
  "  throw new Error(why);",
  "}",
  "",
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "source-stack-"));
  await writeFile(path.join(dir, "fails.ts"), SOURCE.join("\n"));
  await build({
    entryPoints: [path.join(dir, "fails.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    sourcemap: true,
    banner: { js: "// a banner line shifts the bundle against the source\n\n" },
    outfile: path.join(dir, "bundle.mjs"),
    logLevel: "error",
  });
  bundleUrl = pathToFileURL(path.join(dir, "bundle.mjs")).href;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The error as plain Node throws it from the bundle (vitest's own module loader would rewrite the stack). */
const thrown = (url: string) => {
  const script = `import { fails } from ${JSON.stringify(url)}; try { fails(); } catch (e) { process.stdout.write(e.stack); }`;
  const stack = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const error = new Error(stack.split("\n")[0]?.replace(/^Error: /, ""));
  error.stack = stack;
  return error;
};

describe("withSourceStack", () => {
  it("points the bundle's frames at the TypeScript source, read from the map only now", async () => {
    const error = thrown(bundleUrl);
    expect(error.stack).toContain(`${bundleUrl}:`);
    const mapped = withSourceStack(error, bundleUrl);
    expect(mapped).toBe(error);
    expect(mapped.stack).toMatch(/fails\.ts:3:\d+/);
    expect(mapped.stack).not.toContain(`${bundleUrl}:`);
    expect(mapped.message).toBe("on line 3");
  });

  it("leaves the stack as it is when no map lies next to the module", async () => {
    const error = thrown(bundleUrl);
    const before = error.stack;
    const elsewhere = pathToFileURL(path.join(dir, "bundle-without-map.mjs")).href;
    expect(withSourceStack(error, elsewhere).stack).toBe(before);
    const copy = new Error("x");
    copy.stack = (before ?? "").replaceAll(bundleUrl, elsewhere);
    expect(withSourceStack(copy, elsewhere).stack).toBe(copy.stack);
  });

  it("passes on what is not an Error", () => {
    expect(withSourceStack("text", bundleUrl)).toBe("text");
  });
});
