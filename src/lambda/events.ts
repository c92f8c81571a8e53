// A namespace import, as everywhere in src: esbuild then bundles only the parts of zod we call. A named
// `{ z }` import (Powertools' parser schemas use one) keeps all of zod, every locale included: 814 KB of
// a 3.1 MB handler bundle, parsed at every cold start (issue 8).
import * as z from "zod";

/** A manual invoke (console, `aws lambda invoke`): `{}` for a normal run, `{ "full": true }` to rebuild everything. */
export interface ManualInvocation {
  full?: boolean;
  dryRun?: boolean;
  /** Let this run unpublish more than `maxUnpublishShare` of the site (after a deliberate mass removal). */
  allowMassUnpublish?: boolean;
}

/** An object an S3 notification named (directly, through SQS or through EventBridge). */
export interface NotifiedObject {
  bucket: string;
  key: string;
  eventName: string;
}

/** A record of a batch that names no usable object: skipped and reported, never fatal. */
export interface BadRecord {
  /** Where it sat: `Records[3]`, or `Records[3] (message <id>)` for SQS. */
  record: string;
  reason: string;
}

export type Trigger =
  | { kind: "scheduled" }
  | { kind: "manual"; full: boolean; dryRun: boolean; allowMassUnpublish: boolean }
  /** S3 notifications, however delivered; a burst batched by SQS is one trigger, hence one run. */
  | { kind: "objects"; objects: NotifiedObject[]; badRecords: BadRecord[]; testEvents: number };

export class UnsupportedEventError extends Error {
  override name = "UnsupportedEventError";
  constructor(readonly event: unknown) {
    super(
      'unsupported event: expected an EventBridge scheduled event, an S3 notification (direct, through SQS or EventBridge), or {} / { "full": true } / { "dryRun": true }',
    );
  }
}

/**
 * The fields of an S3 notification record that we use. Written here rather than taken from Powertools'
 * S3Schema, which also requires fields we never read and refuses IPv6 source addresses
 * (`requestParameters.sourceIPAddress` is `ipv4 | "s3.amazonaws.com"` there): one odd field must not
 * cost a record.
 */
const s3RecordSchema = z.looseObject({
  eventSource: z.literal("aws:s3"),
  eventName: z.string(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({ key: z.string() }),
  }),
});

/** The detail of an S3 event delivered by EventBridge (same reason as above for not using Powertools'). */
const s3DetailSchema = z.looseObject({
  bucket: z.looseObject({ name: z.string() }),
  object: z.looseObject({ key: z.string() }),
});

/**
 * The envelopes, with the fields AWS documents as always present, written here rather than imported from
 * Powertools' parser for the cold-start reason above. EventBridge:
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
const eventBridgeSchema = z.looseObject({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  "detail-type": z.string(),
  detail: z.unknown(),
});

/** An SQS message as Lambda delivers it: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html */
const sqsRecordSchema = z.looseObject({
  messageId: z.string(),
  receiptHandle: z.string(),
  body: z.string(),
  eventSource: z.literal("aws:sqs"),
  eventSourceARN: z.string(),
});

/** What S3 sends once when a notification is configured: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html */
const s3TestEventSchema = z.looseObject({ Event: z.literal("s3:TestEvent") });

const recordsSchema = z.looseObject({ Records: z.array(z.unknown()).min(1) });
const manualSchema = z.strictObject({
  full: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  allowMassUnpublish: z.boolean().default(false),
});

/** Which kind of invocation this is, and for notifications every object they name. Throws only for unknown shapes. */
export function classify(event: unknown): Trigger {
  if (event === undefined || event === null) return { kind: "manual", ...manualSchema.parse({}) };
  const bridged = eventBridgeSchema.safeParse(event);
  if (bridged.success) {
    if (bridged.data.source === "aws.events") return { kind: "scheduled" };
    const trigger = emptyObjects();
    if (bridged.data.source === "aws.s3" && addNotification(event, "event", trigger)) return trigger;
    throw new UnsupportedEventError(event);
  }
  if (s3TestEventSchema.safeParse(event).success) return { ...emptyObjects(), testEvents: 1 };
  if (recordsSchema.safeParse(event).success) {
    const trigger = emptyObjects();
    addNotification(event, "", trigger);
    return trigger;
  }
  const manual = manualSchema.safeParse(event);
  if (manual.success) return { kind: "manual", ...manual.data };
  throw new UnsupportedEventError(event);
}

type ObjectsTrigger = Extract<Trigger, { kind: "objects" }>;

const emptyObjects = (): ObjectsTrigger => ({ kind: "objects", objects: [], badRecords: [], testEvents: 0 });

/**
 * Adds the objects one notification names (an S3 event with Records, an EventBridge S3 event, an S3 test
 * event, or an SQS batch of any of those as message bodies) to `trigger`. Returns false when `value` is
 * none of them. Records are taken one by one: a bad record is reported and the others still count.
 */
function addNotification(value: unknown, where: string, trigger: ObjectsTrigger, inMessage = false): boolean {
  if (s3TestEventSchema.safeParse(value).success) {
    trigger.testEvents++;
    return true;
  }
  const bridged = eventBridgeSchema.safeParse(value);
  if (bridged.success) {
    const detail = s3DetailSchema.safeParse(bridged.data.detail);
    if (bridged.data.source !== "aws.s3" || !detail.success) return false;
    const eventName = bridged.data["detail-type"];
    addObject(detail.data.bucket.name, detail.data.object.key, eventName, where || "event", trigger, false);
    return true;
  }
  const records = recordsSchema.safeParse(value);
  if (!records.success) return false;
  for (const [i, record] of records.data.Records.entries())
    addRecord(record, `${where}Records[${i}]`, trigger, inMessage);
  return true;
}

/** One record: an S3 notification record, or (not inside a message already) an SQS message carrying one. */
function addRecord(record: unknown, where: string, trigger: ObjectsTrigger, inMessage: boolean): void {
  const s3 = s3RecordSchema.safeParse(record);
  if (s3.success) {
    const { bucket, object } = s3.data.s3;
    addObject(bucket.name, object.key, s3.data.eventName, where, trigger, true);
    return;
  }
  const sqs = inMessage ? undefined : sqsRecordSchema.safeParse(record);
  if (!sqs?.success) {
    trigger.badRecords.push({
      record: where,
      reason: "neither an S3 notification record nor an SQS message",
    });
    return;
  }
  const at = `${where} (message ${sqs.data.messageId})`;
  let body: unknown;
  try {
    body = JSON.parse(sqs.data.body);
  } catch {
    trigger.badRecords.push({ record: at, reason: "the message body is not JSON" });
    return;
  }
  if (!addNotification(body, `${at} `, trigger, true))
    trigger.badRecords.push({ record: at, reason: "the message body is not an S3 or EventBridge S3 event" });
}

/**
 * S3 notifications URL-encode keys, with "+" for spaces
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html); EventBridge
 * delivers them as they are. A malformed escape costs that record only.
 */
function addObject(
  bucket: string,
  rawKey: string,
  eventName: string,
  where: string,
  trigger: ObjectsTrigger,
  encoded: boolean,
): void {
  let key = rawKey;
  if (encoded) {
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    } catch {
      trigger.badRecords.push({
        record: where,
        reason: `malformed %-escape in key ${JSON.stringify(rawKey)}`,
      });
      return;
    }
  }
  trigger.objects.push({ bucket, key, eventName });
}
