import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, EventBridgeEvent, S3Event, ScheduledEvent, SQSEvent } from "aws-lambda";
import type { Env } from "./env.js";
import { clientOnce, type S3ClientSource } from "./lambda/client-once.js";
import { lambdaDeadline } from "./lambda/deadline.js";
import { type BadRecord, classify, type ManualInvocation, type Trigger } from "./lambda/events.js";
import {
  addRunMetrics,
  errorForLog,
  LOGGED_LIST_LIMIT,
  logReport,
  PublishFailedError,
} from "./lambda/reporting.js";
import { settingsOnce } from "./lambda/settings-once.js";
import { withSourceStack } from "./lambda/source-stack.js";
import { publish } from "./publish/publish.js";
import type { PublishReport } from "./publish/report.js";
import { type Announcer, HttpAnnouncer } from "./publish/websub.js";
import { formatLocation, type Location, openSource, openStore } from "./store/location.js";

export type { BadRecord, ManualInvocation } from "./lambda/events.js";
export { UnsupportedEventError } from "./lambda/events.js";
export { PublishFailedError } from "./lambda/reporting.js";

/** What may arrive; lambda/events.ts checks the actual shape of whatever does. */
export type PublishEvent =
  | ScheduledEvent
  | S3Event
  | SQSEvent
  | EventBridgeEvent<string, unknown>
  | ManualInvocation;

/** A notification that named nothing to publish (keys outside the source, S3 test events, bad records only). */
export interface SkippedRun {
  skipped: true;
  reason: string;
}

/** What an invocation returns; `badRecords` lists notification records that were skipped. */
export type HandlerResult = (PublishReport | SkippedRun) & { badRecords?: BadRecord[] };

export interface HandlerDeps {
  env: Env;
  /** WebSub pings for changed feeds (config `hubs`); defaults to HTTP POSTs. */
  announcer?: Announcer;
  /** The client, or a factory called once, on the first run that needs S3 (settings come from the env). */
  s3Client?: S3ClientSource;
  clock: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/** Why a notification starts no run, or undefined when it names an article under the source. */
function skipReason(trigger: Trigger, source: Location): string | undefined {
  if (trigger.kind !== "objects") return undefined;
  // A folder source (local invokes) cannot be matched against bucket keys: any notification runs.
  if (source.kind !== "s3") return undefined;
  const relevant = trigger.objects.some((o) => o.bucket === source.bucket && o.key.startsWith(source.prefix));
  if (relevant) return undefined;
  if (trigger.objects.length === 0 && trigger.badRecords.length > 0)
    return `no usable notification record (${trigger.badRecords.length} skipped, see badRecords)`;
  if (trigger.objects.length === 0 && trigger.testEvents > 0)
    return "S3 test event: notifications reach this function";
  return `no notified key is under ${formatLocation(source)}`;
}

export function createHandler(deps: HandlerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: "feed-publisher" });
  const metrics = deps.metrics ?? new Metrics({ namespace: "FeedPublisher", serviceName: "feed-publisher" });
  const announcer = deps.announcer ?? new HttpAnnouncer();
  const settings = settingsOnce(deps.env);
  const getClient = clientOnce(deps.s3Client);

  const run = async (trigger: Trigger, context: Context | undefined): Promise<HandlerResult> => {
    const { config, defaultsUsed, source, output, s3 } = settings();
    const badRecords = trigger.kind === "objects" ? trigger.badRecords : [];
    if (badRecords.length > 0)
      logger.warn("notification records skipped", { badRecords: badRecords.slice(0, LOGGED_LIST_LIMIT) });
    const withBad = <T extends object>(result: T) =>
      badRecords.length > 0 ? { ...result, badRecords } : result;
    const skip = skipReason(trigger, source);
    if (skip !== undefined && trigger.kind === "objects") {
      logger.info("run skipped", { reason: skip, objects: trigger.objects.slice(0, LOGGED_LIST_LIMIT) });
      return withBad({ skipped: true as const, reason: skip });
    }
    if (trigger.kind === "objects")
      logger.info("run triggered by S3", { objects: trigger.objects.slice(0, LOGGED_LIST_LIMIT) });
    const now = deps.clock();
    // Wall-clock time, whatever `clock` says: the deadline is about the invocation, not about articles.
    const deadline = lambdaDeadline(context, config, Date.now());
    const report = await publish({
      config,
      source: openSource(source, getClient(s3)),
      store: openStore(output, getClient(s3)),
      now,
      ...(deadline !== undefined ? { deadline } : {}),
      full: trigger.kind === "manual" && trigger.full,
      dryRun: trigger.kind === "manual" && trigger.dryRun,
      allowMassUnpublish: trigger.kind === "manual" && trigger.allowMassUnpublish,
      defaultsUsed,
      announcer,
    });
    addRunMetrics(metrics, report);
    logReport(logger, trigger.kind, report);
    return withBad(report);
  };

  return async function handler(event: PublishEvent, context?: Context): Promise<HandlerResult> {
    if (context) logger.addContext(context);
    try {
      return await run(classify(event), context);
    } catch (error) {
      // Counted so an alarm can fire on failed runs as well as on Lambda's own error metric.
      metrics.addMetric("RunsFailed", MetricUnit.Count, 1);
      if (!(error instanceof PublishFailedError))
        logger.error("publish failed", { error: errorForLog(error) });
      // Lambda logs the stack of what the handler throws.
      throw withSourceStack(error, import.meta.url);
    } finally {
      // Flushed on failure too, as Powertools' logMetrics middleware does: a failed run's figures matter most.
      metrics.publishStoredMetrics();
    }
  };
}

export const handler = createHandler({ env: process.env, clock: () => new Date() });
