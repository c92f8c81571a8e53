// `npm run package`: builds the Lambda bundle and the CloudFormation template with osls, with no AWS
// account and no network. Extra arguments go to `serverless package` (e.g. --stage prod
// --param="bucketName=my-feeds"); the test calls packageOffline() with its own.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Credentials and profiles are dropped: packaging must never depend on (or reach) a real account. */
const CREDENTIAL_VARIABLES = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
];

export function offlineEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  return {
    ...env,
    // The SDK would otherwise probe 169.254.169.254 for credentials and hang until it times out.
    AWS_EC2_METADATA_DISABLED: "true",
    SLS_TELEMETRY_DISABLED: "1",
    SLS_NOTIFICATIONS_MODE: "off",
    // osls colours and spinners only garble captured output.
    FORCE_COLOR: "0",
  };
}

export interface PackageResult {
  /** Folder holding cloudformation-template-update-stack.json and the zip. */
  outDir: string;
  templatePath: string;
  durationMs: number;
  output: string;
}

export async function packageOffline(
  options: { args?: readonly string[]; outDir?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Promise<PackageResult> {
  const outDir = path.resolve(SERVICE_DIR, options.outDir ?? ".serverless");
  const cli = createRequire(import.meta.url).resolve("osls/bin/serverless.js");
  const args = [cli, "package", "--package", outDir, ...(options.args ?? [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: SERVICE_DIR,
    env: offlineEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer, sink: NodeJS.WriteStream) => {
    output += chunk.toString();
    if (options.echo) sink.write(chunk);
  };
  child.stdout.on("data", (chunk: Buffer) => collect(chunk, process.stdout));
  child.stderr.on("data", (chunk: Buffer) => collect(chunk, process.stderr));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const durationMs = Math.round(performance.now() - started);
  if (code !== 0) {
    throw new Error(`serverless package exited with ${code} after ${durationMs} ms\n${output}`);
  }
  return {
    outDir,
    templatePath: path.join(outDir, "cloudformation-template-update-stack.json"),
    durationMs,
    output,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await packageOffline({ args: process.argv.slice(2), echo: true });
    const relative = path.relative(process.cwd(), result.templatePath);
    process.stdout.write(`\npackaged in ${(result.durationMs / 1000).toFixed(1)} s: ${relative}\n`);
  } catch (error) {
    // The captured output was already echoed; only the summary line is left to say.
    process.stderr.write(`${(error as Error).message.split("\n")[0]}\n`);
    process.exitCode = 1;
  }
}
