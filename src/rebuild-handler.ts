import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type { Env } from "./env.js";
import { finishRebuild } from "./fanout/finish-rebuild.js";
import { mergeReads } from "./fanout/merge-reads.js";
import { planRebuild } from "./fanout/plan-rebuild.js";
import { readBatch } from "./fanout/read-batch.js";
import { writePages } from "./fanout/write-pages.js";
import { clientOnce, type S3ClientSource } from "./lambda/client-once.js";
import { lambdaDeadline } from "./lambda/deadline.js";
import { rebuildStepOf } from "./lambda/rebuild-events.js";
import { errorForLog, logReport, reportForLog } from "./lambda/reporting.js";
import { settingsOnce } from "./lambda/settings-once.js";
import { withSourceStack } from "./lambda/source-stack.js";
import { type Location, openSource, openStore } from "./store/location.js";

export { BadRebuildEventError } from "./lambda/rebuild-events.js";

export interface RebuildHandlerDeps {
  env: Env;
  s3Client?: S3ClientSource;
  clock: () => Date;
  logger?: Logger;
}

/** Where a working object is, for the state machine's S3 item reader (a folder path off AWS). */
function objectAt(output: Location, key: string) {
  return output.kind === "s3"
    ? { Bucket: output.bucket, Key: `${output.prefix}${key}` }
    : { Path: `${output.path}/${key}` };
}

/**
 * The function behind the rebuild state machine (infra/rebuild.yml, docs/scale.md): one invocation runs
 * one step of a parallel rebuild (src/fanout/), chosen by the event. Same settings as the publish function.
 */
export function createRebuildHandler(deps: RebuildHandlerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: "feed-publisher-rebuild" });
  const settings = settingsOnce(deps.env);
  const getClient = clientOnce(deps.s3Client);

  const run = async (event: unknown, context: Context | undefined) => {
    const step = rebuildStepOf(event);
    const { config, defaultsUsed, source: sourceAt, output, s3 } = settings();
    const source = openSource(sourceAt, getClient(s3));
    const store = openStore(output, getClient(s3));
    const io = { config, source, store };
    switch (step.step) {
      case "plan": {
        const { full, pagesPerSlice } = step.options;
        const plan = await planRebuild({
          ...io,
          now: deps.clock(),
          full,
          batchSize: step.batchSize,
          ...(pagesPerSlice ? { pagesPerSlice } : {}),
        });
        logger.info("rebuild planned", { plan });
        return { ...plan, workList: objectAt(output, plan.workList) };
      }
      case "read":
        return readBatch({ ...io, runId: step.runId, now: new Date(step.now), items: step.items });
      case "merge": {
        const merged = await mergeReads({ ...io, now: new Date(step.now), results: step.reads });
        logger.info("rebuild merged", { merged });
        return merged;
      }
      case "pages":
        return writePages({ ...io, runId: step.runId, slice: step.slice, of: step.of, full: step.full });
      case "finish": {
        const deadline = lambdaDeadline(context, config, Date.now());
        const report = await finishRebuild({
          ...io,
          now: new Date(step.now),
          full: step.full,
          runId: step.runId,
          reads: step.reads,
          pages: step.pages,
          defaultsUsed,
          ...(deadline !== undefined ? { deadline } : {}),
        });
        // Throws when the run did not complete, so the state machine retries the finish (it continues).
        logReport(logger, "rebuild", report);
        // A state's output is capped (256 KB): the report with its lists cut short, as it is logged.
        return { ...reportForLog(report), rebuild: report.rebuild };
      }
    }
  };

  return async function handler(event: unknown, context?: Context) {
    if (context) logger.addContext(context);
    try {
      return await run(event, context);
    } catch (error) {
      logger.error("rebuild step failed", { error: errorForLog(error) });
      throw withSourceStack(error, import.meta.url);
    }
  };
}

export const handler = createRebuildHandler({ env: process.env, clock: () => new Date() });
