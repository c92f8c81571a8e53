// `npm run invoke`: runs the Lambda handler from source (tsx), as the scheduler would call it, against
// the seeds/ and public/ folders unless FEED_SOURCE / FEED_OUTPUT (or any other FEED_*) say otherwise.
//   npm run invoke
//   npm run invoke -- --event test/fixtures/events/scheduled.json --json
//   FEED_OUTPUT=/tmp/site FEED_BASE_URL=http://localhost:8080/ npm run invoke
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Context } from "aws-lambda";
import type { HandlerResult } from "../src/handler.js";
import { formatReport } from "../src/publish/format-report.js";

const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEDULED_EVENT = path.join(SERVICE_DIR, "test/fixtures/events/scheduled.json");

/**
 * The folder defaults of `npm start` (seeds/ → public/ with the sample config), so a plain `npm run invoke`
 * needs no AWS at all and publishes the same site.
 */
export async function localDefaults(): Promise<{
  FEED_SOURCE: string;
  FEED_OUTPUT: string;
  FEED_CONFIG: string;
}> {
  return {
    FEED_SOURCE: "seeds",
    FEED_OUTPUT: "public",
    FEED_CONFIG: await readFile(path.join(SERVICE_DIR, "feed-publisher.config.json"), "utf8"),
  };
}

/** Matches serverless.yml, so code that watches the remaining time behaves as deployed. */
const TIMEOUT_MS = 300_000;

export function fakeContext(functionName = "feed-publisher-local-publish"): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const requestId = crypto.randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export async function readEvent(file: string = SCHEDULED_EVENT): Promise<unknown> {
  return JSON.parse(await readFile(path.resolve(file), "utf8"));
}

/**
 * What the Lambda runtime sets and local runs lack, plus the console's log style. Powertools reports
 * `cold_start: true` only when AWS_LAMBDA_INITIALIZATION_TYPE is "on-demand", so without it a one-shot
 * `npm run invoke` logged `cold_start: false`. On a terminal, Powertools' dev mode pretty-prints the logs
 * (and keeps EMF metrics off the console) and only warnings and errors are logged, since the human report
 * follows anyway; piped output stays one JSON line per record, as on Lambda. Settings already in `current`
 * win.
 */
export function localLambdaEnv(isTTY: boolean, current: NodeJS.ProcessEnv): Record<string, string> {
  const wanted: Record<string, string> = {
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    ...(isTTY ? { POWERTOOLS_DEV: "true", POWERTOOLS_LOG_LEVEL: "WARN" } : {}),
  };
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => current[name] === undefined));
}

/**
 * Applies `env` before the handler's first call: like the deployed function, it reads its settings and
 * creates its S3 client once per process, so later changes to the environment are not seen.
 */
export async function invokeHandler(event: unknown, env: Record<string, string> = {}): Promise<InvokeResult> {
  Object.assign(process.env, localLambdaEnv(Boolean(process.stdout.isTTY), process.env), env);
  const { handler, PublishFailedError } = await import("../src/handler.js");
  try {
    return { ok: true, result: await handler(event as Parameters<typeof handler>[0], fakeContext()) };
  } catch (error) {
    // Lambda records a failed invocation; locally the report of what was not written is worth showing.
    if (error instanceof PublishFailedError) return { ok: false, result: error.report };
    throw error;
  }
}

export interface InvokeResult {
  /** false when the handler threw because documents were not written (a failed invocation in Lambda). */
  ok: boolean;
  result: HandlerResult;
}

export function formatResult(result: HandlerResult): string {
  return "skipped" in result ? `skipped: ${result.reason}\n` : formatReport(result);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      event: { type: "string", short: "e", default: SCHEDULED_EVENT },
      json: { type: "boolean", default: false },
    },
  });
  const defaults: Record<string, string> = {};
  for (const [name, value] of Object.entries(await localDefaults())) {
    if (!process.env[name]) defaults[name] = value;
  }
  const event = await readEvent(values.event);
  const { ok, result } = await invokeHandler(event, defaults);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
  return ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    // A configuration mistake is the user's to fix: its message lists every bad variable; no stack.
    if (error instanceof Error && (error.name === "ConfigError" || error.name === "LocationError")) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  });
}
