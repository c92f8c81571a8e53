import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createHandler, PublishFailedError } from "../../src/handler.js";
import { lambdaDeadline } from "../../src/lambda/deadline.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

const contextWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs }) as Context;

describe("the Lambda run's deadline", () => {
  it("keeps the larger of 10 s and a tenth of the remaining time in reserve", () => {
    expect(lambdaDeadline(contextWith(300_000), sampleConfig(), 1_000)).toBe(1_000 + 270_000);
    expect(lambdaDeadline(contextWith(60_000), sampleConfig(), 0)).toBe(50_000);
  });

  it("takes deadlineMarginSeconds when set, and sets no deadline without a Lambda context", () => {
    const config = sampleConfig({ deadlineMarginSeconds: 45 });
    expect(lambdaDeadline(contextWith(300_000), config, 0)).toBe(255_000);
    expect(lambdaDeadline(undefined, sampleConfig(), 0)).toBeUndefined();
  });
});

describe("the handler past its deadline", () => {
  it("never keeps more than half the remaining time, so a margin at or above the timeout still lets runs work", () => {
    const config = sampleConfig({ deadlineMarginSeconds: 900 });
    expect(lambdaDeadline(contextWith(300_000), config, 0)).toBe(150_000);
    expect(lambdaDeadline(contextWith(16_000), sampleConfig(), 0)).toBe(8_000);
  });

  it("fails the invocation as incomplete, with the report, so alarms and retries apply", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handler-deadline-"));
    try {
      cpSync(SEEDS, path.join(dir, "articles"), { recursive: true });
      const handler = createHandler({
        env: { FEED_SOURCE: path.join(dir, "articles"), FEED_OUTPUT: path.join(dir, "public") },
        clock: () => new Date("2026-11-29T00:00:00Z"),
        announcer: { announce: async () => undefined },
      });
      // 5 ms left, less than the 10 s margin: the deadline has passed before the first read.
      const failure = await handler({}, contextWith(5)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PublishFailedError);
      expect((failure as InstanceType<typeof PublishFailedError>).report.incomplete).toMatchObject({
        articlesLeft: 5,
      });
      const report = await handler({}, contextWith(300_000));
      expect("skipped" in report).toBe(false);
      expect((report as { incomplete?: unknown }).incomplete).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
