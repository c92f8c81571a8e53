import { readFile } from "node:fs/promises";
import type { S3Event, ScheduledEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { createHandler } from "../../src/handler.js";
import { classify, UnsupportedEventError } from "../../src/lambda/events.js";

const fixture = async <T>(name: string): Promise<T> =>
  JSON.parse(await readFile(new URL(`../fixtures/events/${name}`, import.meta.url), "utf8")) as T;

/** An S3 notification record for `key` as S3 sends it (URL-encoded, "+" for spaces). */
const s3Record = (template: S3Event, encodedKey: string) => {
  const record = structuredClone(template.Records[0]);
  if (!record) throw new Error("fixture has no record");
  record.s3.object.key = encodedKey;
  return record;
};

/** An SQS message as Lambda's SQS event source delivers it (shape of the AWS docs' sample event). */
const sqsMessage = (id: string, body: string) => ({
  messageId: id,
  receiptHandle: `handle-${id}`,
  body,
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "1669881600000",
    SenderId: "AIDAEXAMPLE",
    ApproximateFirstReceiveTimestamp: "1669881600001",
  },
  messageAttributes: {},
  md5OfBody: "0123456789abcdef0123456789abcdef",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:eu-central-1:123456789012:feed-publisher-articles",
  awsRegion: "eu-central-1",
});

/** An S3 event as EventBridge delivers it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). */
const bridgedS3 = (key: string) => ({
  version: "0",
  id: "f5f1e65c-dc3a-93ca-6c1e-b1647eac7963",
  "detail-type": "Object Created",
  source: "aws.s3",
  account: "123456789012",
  time: "2026-11-30T17:50:14Z",
  region: "eu-central-1",
  resources: ["arn:aws:s3:::feeds-e2e"],
  detail: {
    version: "0",
    bucket: { name: "feeds-e2e" },
    object: { key, size: 412, etag: "4e68adba0abe2dc8653dc3354e14c01d" },
    "request-id": "57H08PA84AB1JZW0",
    requester: "123456789012",
    reason: "PutObject",
  },
});

const testEvent = {
  Service: "Amazon S3",
  Event: "s3:TestEvent",
  Time: "2026-11-30T17:50:14.000Z",
  Bucket: "feeds-e2e",
  RequestId: "5582815E1AEA5ADF",
  HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
};

describe("classify", () => {
  it("skips and reports a record with a malformed %-escape; the other records still count", async () => {
    const template = await fixture<S3Event>("s3-put.json");
    const event = {
      Records: [
        s3Record(template, "articles/good+one.txt"),
        s3Record(template, "articles/bad%E0%A4%A.txt"),
        s3Record(template, "articles/caf%C3%A9.txt"),
      ],
    };
    const trigger = classify(event);
    if (trigger.kind !== "objects") throw new Error(`unexpected ${trigger.kind}`);
    expect(trigger.objects.map((o) => o.key)).toEqual(["articles/good one.txt", "articles/café.txt"]);
    expect(trigger.badRecords).toEqual([{ record: "Records[1]", reason: expect.stringMatching(/%-escape/) }]);
  });

  it("takes S3 events delivered by EventBridge, keys as they are", () => {
    const trigger = classify(bridgedS3("articles/new article.txt"));
    expect(trigger).toMatchObject({
      kind: "objects",
      objects: [{ bucket: "feeds-e2e", key: "articles/new article.txt", eventName: "Object Created" }],
      badRecords: [],
    });
  });

  it("makes one trigger of an SQS batch of S3 notifications, EventBridge S3 events and test events", async () => {
    const template = await fixture<S3Event>("s3-put.json");
    const event = {
      Records: [
        sqsMessage("m1", JSON.stringify({ Records: [s3Record(template, "articles/a.txt")] })),
        sqsMessage("m2", JSON.stringify(bridgedS3("articles/b.txt"))),
        sqsMessage("m3", JSON.stringify(testEvent)),
        sqsMessage("m4", "not json"),
        sqsMessage("m5", JSON.stringify({ hello: "world" })),
      ],
    };
    const trigger = classify(event);
    if (trigger.kind !== "objects") throw new Error(`unexpected ${trigger.kind}`);
    expect(trigger.objects.map((o) => o.key)).toEqual(["articles/a.txt", "articles/b.txt"]);
    expect(trigger.testEvents).toBe(1);
    expect(trigger.badRecords.map((b) => b.record)).toEqual([
      "Records[3] (message m4)",
      "Records[4] (message m5)",
    ]);
  });

  it("still knows schedules and manual invokes, and refuses anything else", async () => {
    expect(classify(await fixture<ScheduledEvent>("scheduled.json"))).toEqual({ kind: "scheduled" });
    expect(classify({ full: true })).toEqual({
      kind: "manual",
      full: true,
      dryRun: false,
      allowMassUnpublish: false,
    });
    expect(() => classify({ full: "yes" })).toThrow(UnsupportedEventError);
    expect(() => classify({ ...bridgedS3("x"), source: "aws.ec2" })).toThrow(UnsupportedEventError);
  });
});

describe("handler on notifications that name nothing to publish", () => {
  const env = {
    AWS_LAMBDA_FUNCTION_NAME: "feed-publisher-test",
    FEED_SOURCE: "s3://feeds-e2e/articles/",
    FEED_OUTPUT: "s3://feeds-e2e/public/",
  };
  const quietLogger = { addContext() {}, info() {}, warn() {}, error() {} } as never;
  const recordingMetrics = () => {
    const flushed: string[][] = [];
    let pending: string[] = [];
    return {
      flushed,
      metrics: {
        addMetric: (name: string) => void pending.push(name),
        publishStoredMetrics: () => {
          flushed.push(pending);
          pending = [];
        },
      } as never,
    };
  };
  const noS3 = () => {
    throw new Error("no S3 call expected");
  };

  it("answers an S3 test event and a batch of bad records without failing or touching S3", async () => {
    const { metrics } = recordingMetrics();
    const handler = createHandler({
      env,
      clock: () => new Date(),
      logger: quietLogger,
      metrics,
      s3Client: noS3,
    });
    expect(await handler(testEvent as never)).toMatchObject({
      skipped: true,
      reason: expect.stringMatching(/test event/),
    });
    const bad = await handler({ Records: [sqsMessage("m1", "not json")] } as never);
    expect(bad).toMatchObject({ skipped: true, badRecords: [{ record: "Records[0] (message m1)" }] });
  });

  it("flushes metrics when an invocation fails, counting the failed run", async () => {
    const { flushed, metrics } = recordingMetrics();
    const handler = createHandler({
      env: { AWS_LAMBDA_FUNCTION_NAME: "feed-publisher-test" },
      clock: () => new Date(),
      logger: quietLogger,
      metrics,
      s3Client: noS3,
    });
    await expect(handler({})).rejects.toBeInstanceOf(ConfigError);
    expect(flushed).toEqual([["RunsFailed"]]);
  });
});
