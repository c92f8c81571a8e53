import type { Context } from "aws-lambda";
import type { Config } from "../config.js";

/**
 * The least time kept in reserve before the function's timeout. Past the deadline the run still
 * finishes the writes in flight (8 at a time), then saves the whole state (tens of MB for 100k
 * articles) and reads it back: on S3 a few seconds, so 10 s leaves room for a slow moment.
 */
const MIN_MARGIN_MS = 10_000;
/** With a longer timeout the state is bigger too, and a tenth scales with it (30 s of the 300 s default). */
const MARGIN_SHARE = 0.1;

/**
 * When the run must stop starting new work (epoch ms): the invocation's remaining time minus the
 * margin (config `deadlineMarginSeconds`, else the larger of 10 s and a tenth of the remaining time).
 * Undefined without a Lambda context (a direct call in tests or scripts): no limit.
 */
export function lambdaDeadline(
  context: Context | undefined,
  config: Config,
  nowMs: number,
): number | undefined {
  if (!context || typeof context.getRemainingTimeInMillis !== "function") return undefined;
  const remaining = context.getRemainingTimeInMillis();
  const wanted =
    config.deadlineMarginSeconds !== undefined
      ? config.deadlineMarginSeconds * 1000
      : Math.max(MIN_MARGIN_MS, remaining * MARGIN_SHARE);
  // Never more than half the time left: a margin at or above the function's timeout would stop every run
  // before its first read, and the site would never update again.
  const margin = Math.min(wanted, remaining / 2);
  return nowMs + remaining - margin;
}
