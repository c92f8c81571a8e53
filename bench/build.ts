/**
 * Bundles what the benchmark runs in child processes: the scenario and ratio runners (so no TypeScript
 * loader sits in their CPU and RSS figures) and the Lambda handler exactly as serverless.yml has
 * serverless-esbuild build it (custom.esbuild there: bundle, ESM, node24, linked source map, the AWS SDK
 * left to the runtime). Output goes to .bench/ (git-ignored).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Metafile } from "esbuild";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(REPO, ".bench");

const LAMBDA_OPTIONS: BuildOptions = {
  bundle: true,
  minify: false,
  platform: "node",
  target: "node24",
  format: "esm",
  outExtension: { ".js": ".mjs" },
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  external: ["@aws-sdk/*"],
  logLevel: "error",
};

export interface Bundles {
  scenario: string;
  ratios: string;
  /** One step of a parallel rebuild (bench/rebuild.ts). */
  rebuildStep: string;
  handler: string;
  handlerBytes: number;
  /** Bytes of the handler bundle by package (`src` for ours), largest first. */
  handlerParts: { name: string; bytes: number }[];
}

export async function buildBundles(): Promise<Bundles> {
  await build({
    ...LAMBDA_OPTIONS,
    entryPoints: {
      scenario: path.join(REPO, "bench/scenario.ts"),
      ratios: path.join(REPO, "bench/ratios.ts"),
      "rebuild-step": path.join(REPO, "bench/rebuild-step.ts"),
    },
    outdir: OUT,
    sourcemap: false,
  });
  const handler = await build({
    ...LAMBDA_OPTIONS,
    entryPoints: { handler: path.join(REPO, "src/handler.ts") },
    outdir: path.join(OUT, "lambda"),
    sourcemap: true,
    metafile: true,
  });
  const output = Object.entries(handler.metafile?.outputs ?? {}).find(([file]) =>
    file.endsWith("handler.mjs"),
  );
  if (!output) throw new Error("esbuild wrote no handler.mjs");
  return {
    scenario: path.join(OUT, "scenario.mjs"),
    ratios: path.join(OUT, "ratios.mjs"),
    rebuildStep: path.join(OUT, "rebuild-step.mjs"),
    handler: path.join(OUT, "lambda", "handler.mjs"),
    handlerBytes: output[1].bytes,
    handlerParts: partsOf(output[1]),
  };
}

function partsOf(output: Metafile["outputs"][string]): { name: string; bytes: number }[] {
  const parts = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    // The innermost package: node_modules/a/node_modules/b/x.js is b's.
    const matches = [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    const name = matches.at(-1)?.[1] ?? "src";
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput);
  }
  return [...parts].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
