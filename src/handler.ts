import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Context, S3Event, ScheduledEvent } from "aws-lambda";
import { z } from "zod";
import { ConfigError } from "./config.js";
import { type Env, type EnvSettings, loadEnv } from "./env.js";
import { publish } from "./publish/publish.js";
import type { PublishReport } from "./publish/report.js";
import { runSucceeded } from "./publish/report.js";
import { type Announcer, HttpAnnouncer } from "./publish/websub.js";
import { formatLocation, openSource, openStore } from "./store/location.js";
import { createS3Client, type S3ClientSettings } from "./store/s3-client.js";

/** A manual invoke (console, `aws lambda invoke`): `{}` for a normal run, `{ "full": true }` to rebuild everything. */
export interface ManualInvocation {
  full?: boolean;
  dryRun?: boolean;
}

export type PublishEvent = ScheduledEvent | S3Event | ManualInvocation;

/** An S3 notification about keys outside the source location: nothing to publish. */
export interface SkippedRun {
  skipped: true;
  reason: string;
}

export type HandlerResult = PublishReport | SkippedRun;

export interface HandlerDeps {
  env: Env;
  /** WebSub pings for changed feeds (config `hubs`); defaults to HTTP POSTs. */
  announcer?: Announcer;
  /** The client, or a factory called once, on the first run that needs S3 (settings come from the env). */
  s3Client?: S3Client | ((settings: S3ClientSettings) => S3Client);
  clock: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/** The run finished but some documents were not written; thrown so Lambda records a failure and alarms fire. */
export class PublishFailedError extends Error {
  override name = "PublishFailedError";
  constructor(readonly report: PublishReport) {
    const failed = report.documents.failed;
    const shown = failed
      .slice(0, 5)
      .map((f) => `${f.key} (${f.reason})`)
      .join("; ");
    super(
      `${failed.length} document(s) not written to ${report.output}: ${shown}${failed.length > 5 ? "; …" : ""}`,
    );
  }
}

export class UnsupportedEventError extends Error {
  override name = "UnsupportedEventError";
  constructor(readonly event: unknown) {
    super(
      'unsupported event: expected an EventBridge scheduled event, an S3 notification, or {} / { "full": true } / { "dryRun": true }',
    );
  }
}

const scheduledSchema = z.looseObject({ source: z.literal("aws.events") });
const s3Schema = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        eventSource: z.literal("aws:s3"),
        eventName: z.string(),
        s3: z.looseObject({
          bucket: z.looseObject({ name: z.string() }),
          object: z.looseObject({ key: z.string() }),
        }),
      }),
    )
    .min(1),
});
const manualSchema = z.strictObject({ full: z.boolean().optional(), dryRun: z.boolean().optional() });

type Trigger =
  | { kind: "scheduled" }
  | { kind: "s3"; objects: { bucket: string; key: string; eventName: string }[] }
  | { kind: "manual"; full: boolean; dryRun: boolean };

// S3 notifications URL-encode keys, with "+" for spaces:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, " "));

function classify(event: unknown): Trigger {
  if (event === undefined || event === null) return { kind: "manual", full: false, dryRun: false };
  if (scheduledSchema.safeParse(event).success) return { kind: "scheduled" };
  const s3 = s3Schema.safeParse(event);
  if (s3.success) {
    return {
      kind: "s3",
      objects: s3.data.Records.map((r) => ({
        bucket: r.s3.bucket.name,
        key: decodeS3Key(r.s3.object.key),
        eventName: r.eventName,
      })),
    };
  }
  const manual = manualSchema.safeParse(event);
  if (manual.success) {
    return { kind: "manual", full: manual.data.full ?? false, dryRun: manual.data.dryRun ?? false };
  }
  throw new UnsupportedEventError(event);
}

const LOGGED_LIST_LIMIT = 100;

/** CloudWatch caps a log event at 256 KB; a first run over thousands of articles lists thousands of keys. */
function reportForLog(report: PublishReport) {
  const cap = <T>(items: T[]) => items.slice(0, LOGGED_LIST_LIMIT);
  return {
    ...report,
    articles: { ...report.articles, rejected: cap(report.articles.rejected) },
    documents: {
      ...report.documents,
      written: cap(report.documents.written),
      deleted: cap(report.documents.deleted),
      failed: cap(report.documents.failed),
    },
    counts: {
      rejected: report.articles.rejected.length,
      written: report.documents.written.length,
      deleted: report.documents.deleted.length,
      failed: report.documents.failed.length,
    },
  };
}

/** Only our own messages are logged: SDK errors carry the signed request, which must not reach the logs. */
const errorForLog = (error: unknown) =>
  error instanceof Error
    ? {
        name: error.name,
        message: error.message,
        ...(error instanceof ConfigError ? { problems: error.problems } : {}),
      }
    : { message: String(error) };

export function createHandler(deps: HandlerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: "feed-publisher" });
  const metrics = deps.metrics ?? new Metrics({ namespace: "FeedPublisher", serviceName: "feed-publisher" });
  const announcer = deps.announcer ?? new HttpAnnouncer();

  // Read once per cold start: the environment of a Lambda instance never changes.
  let settings: EnvSettings | undefined;
  let settingsError: unknown;
  const loadSettings = (): EnvSettings => {
    if (settings) return settings;
    if (settingsError) throw settingsError;
    try {
      // Lambda always sets AWS_LAMBDA_FUNCTION_NAME. Off Lambda (`npm run invoke`, tests) the handler may
      // use folders and the CLI's defaults; on Lambda the disk is scratch space, so only s3:// will do.
      const target = deps.env.AWS_LAMBDA_FUNCTION_NAME ? "lambda" : "cli";
      settings = loadEnv(deps.env, { target });
      return settings;
    } catch (error) {
      settingsError = error;
      throw error;
    }
  };

  // One client per instance, reused by every invocation (connection reuse, no repeated credential lookups).
  let client: S3Client | undefined;
  const getClient = (s3: S3ClientSettings) => () => {
    client ??=
      typeof deps.s3Client === "function" ? deps.s3Client(s3) : (deps.s3Client ?? createS3Client(s3));
    return client;
  };

  return async function handler(event: PublishEvent, context?: Context): Promise<HandlerResult> {
    if (context) logger.addContext(context);
    try {
      const trigger = classify(event);
      const { config, defaultsUsed, source, output, s3 } = loadSettings();

      if (trigger.kind === "s3" && source.kind === "s3") {
        const relevant = trigger.objects.filter(
          (o) => o.bucket === source.bucket && o.key.startsWith(source.prefix),
        );
        if (relevant.length === 0) {
          const reason = `no notified key is under ${formatLocation(source)}`;
          logger.info("run skipped", { reason, objects: trigger.objects.slice(0, LOGGED_LIST_LIMIT) });
          return { skipped: true, reason };
        }
        logger.info("run triggered by S3", { objects: relevant.slice(0, LOGGED_LIST_LIMIT) });
      }

      const report = await publish({
        config,
        source: openSource(source, getClient(s3)),
        store: openStore(output, getClient(s3)),
        now: deps.clock(),
        full: trigger.kind === "manual" && trigger.full,
        dryRun: trigger.kind === "manual" && trigger.dryRun,
        defaultsUsed,
        announcer,
      });

      metrics.addMetric("ArticlesSeen", MetricUnit.Count, report.articles.seen);
      metrics.addMetric("ArticlesRejected", MetricUnit.Count, report.articles.rejected.length);
      metrics.addMetric("DocumentsWritten", MetricUnit.Count, report.documents.written.length);
      metrics.addMetric("DocumentsFailed", MetricUnit.Count, report.documents.failed.length);
      metrics.addMetric("BytesWritten", MetricUnit.Bytes, report.bytesWritten);
      metrics.addMetric("WebSubPingsFailed", MetricUnit.Count, report.websub.failed.length);
      metrics.publishStoredMetrics();

      if (!runSucceeded(report)) {
        logger.error("publish report", { trigger: trigger.kind, report: reportForLog(report) });
        throw new PublishFailedError(report);
      }
      if (report.articles.rejected.length > 0) {
        logger.warn("publish report", { trigger: trigger.kind, report: reportForLog(report) });
      } else {
        logger.info("publish report", { trigger: trigger.kind, report: reportForLog(report) });
      }
      return report;
    } catch (error) {
      if (!(error instanceof PublishFailedError))
        logger.error("publish failed", { error: errorForLog(error) });
      throw error;
    }
  };
}

export const handler = createHandler({ env: process.env, clock: () => new Date() });
