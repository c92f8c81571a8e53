// Packages the service with osls (offline, no AWS account) and checks the CloudFormation it would
// deploy. Packaging runs here every time, never from a cached .serverless/, so CI checks what
// serverless.yml and infra/ really produce.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { inflateRawSync } from "node:zlib";
import { RegoEngine, TemplateFile } from "@aws/cloudformation-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageOffline, SERVICE_DIR } from "../../infra/package-offline.js";
import { ENV_VARIABLES } from "../../src/env.js";

interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyDocument {
  Statement: Statement[];
}

interface Resource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON, checked by value below.
  Properties: Record<string, any>;
}

interface Template {
  Resources: Record<string, Resource>;
  Conditions: Record<string, unknown>;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
}

interface Packaged {
  template: Template;
  templatePath: string;
  zipPath: string;
  region: string;
  durationMs: number;
}

const arrayOf = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** An ARN or Sub/Join expression as one string, with `${Ref}` placeholders, so it can be compared. */
function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if ("Fn::Sub" in object) {
      const sub = object["Fn::Sub"];
      return Array.isArray(sub) ? String(sub[0]) : String(sub);
    }
    if ("Fn::Join" in object) {
      const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    if ("Ref" in object) return `\${${String(object.Ref)}}`;
    if ("Fn::GetAtt" in object) return `\${${(object["Fn::GetAtt"] as string[]).join(".")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The template with every `Fn::If` replaced by its taken branch. Our conditions compare values fixed at
 * package time (`Fn::Equals` of two strings), so they can be decided here as CloudFormation would.
 */
function resolveConditions<T>(template: Template, value: T): T {
  const holds = (name: string) => {
    const [left, right] = (template.Conditions[name] as { "Fn::Equals": [unknown, unknown] })["Fn::Equals"];
    return JSON.stringify(left) === JSON.stringify(right);
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk).filter((item) => !isNoValue(item));
    if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      if ("Fn::If" in object) {
        const [name, whenTrue, whenFalse] = object["Fn::If"] as [string, unknown, unknown];
        return walk(holds(name) ? whenTrue : whenFalse);
      }
      return Object.fromEntries(
        Object.entries(object)
          .map(([key, item]) => [key, walk(item)])
          .filter(([, item]) => !isNoValue(item)),
      );
    }
    return node;
  };
  return walk(value) as T;
}

const isNoValue = (node: unknown) =>
  typeof node === "object" && node !== null && (node as { Ref?: unknown }).Ref === "AWS::NoValue";

const resourcesOf = (statement: Statement) => arrayOf(statement.Resource).map(render);
const actionsOf = (statement: Statement) => arrayOf(statement.Action);

function ofType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Every policy document in the template: inline role policies, managed policies, bucket policies. */
function policyDocuments(template: Template): { owner: string; document: PolicyDocument }[] {
  const documents: { owner: string; document: PolicyDocument }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === "AWS::IAM::Role") {
      for (const policy of resource.Properties.Policies ?? []) {
        documents.push({ owner: id, document: policy.PolicyDocument });
      }
    } else if (
      [
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::S3::BucketPolicy",
        "AWS::SQS::QueuePolicy",
      ].includes(resource.Type)
    ) {
      documents.push({
        owner: id,
        document: resolveConditions(template, resource.Properties.PolicyDocument),
      });
    }
  }
  return documents;
}

/** The statements of the queue policy that covers `queueId`. */
function queuePolicyStatements(template: Template, queueId: string): Statement[] {
  return ofType(template, "AWS::SQS::QueuePolicy")
    .filter(([, policy]) => policy.Properties.Queues.some((q: { Ref?: string }) => q.Ref === queueId))
    .flatMap(([, policy]) => arrayOf(policy.Properties.PolicyDocument.Statement as Statement[]));
}

function roleStatements(template: Template, roleId: string): Statement[] {
  const role = template.Resources[roleId];
  if (!role) throw new Error(`no ${roleId} in the template`);
  return role.Properties.Policies.flatMap((policy: { PolicyDocument: PolicyDocument }) =>
    arrayOf(policy.PolicyDocument.Statement),
  );
}

/** The files of a zip archive; enough of the format for what osls writes (stored or deflated entries). */
function unzip(archive: Buffer): Map<string, Buffer> {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip archive");
  const count = archive.readUInt16LE(eocd + 10);
  let offset = archive.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeader = archive.readUInt32LE(offset + 42);
    const name = archive.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart =
      localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith("/")) files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

// The developer's region and AWS session must not leak into what the test expects.
const testEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.AWS_REGION;
  delete env.AWS_DEFAULT_REGION;
  return env;
};

const EXISTING = {
  bucket: "legacy-news-bucket",
  articles: "incoming/",
  output: "site/feeds/",
  schedule: "rate(1 hour)",
};

let workDir: string;
let fresh: Packaged;
let existing: Packaged;
/** The defaults with cdn=true: the bucket this stack creates, behind CloudFront. */
let behindCdn: Packaged;
let rejected: Error | undefined;

async function packaged(name: string, args: string[]): Promise<Packaged> {
  const outDir = path.join(workDir, name);
  const result = await packageOffline({ outDir, args, env: testEnv() });
  const state = JSON.parse(await readFile(path.join(outDir, "serverless-state.json"), "utf8"));
  return {
    template: JSON.parse(await readFile(result.templatePath, "utf8")),
    templatePath: result.templatePath,
    zipPath: path.join(outDir, "feed-publisher.zip"),
    region: state.service.provider.region,
    durationMs: result.durationMs,
  };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "feed-publisher-package-"));
  // One after the other: serverless-esbuild builds in the shared .esbuild/ folder of the service.
  fresh = await packaged("fresh", []);
  existing = await packaged("existing", [
    "--param=existingBucket=true",
    `--param=bucketName=${EXISTING.bucket}`,
    `--param=articlesPrefix=${EXISTING.articles}`,
    `--param=outputPrefix=${EXISTING.output}`,
    `--param=schedule=${EXISTING.schedule}`,
    "--param=cdn=true",
  ]);
  behindCdn = await packaged("cdn", ["--param=cdn=true"]);
  rejected = await packageOffline({
    outDir: path.join(workDir, "rejected"),
    args: ["--param=articlesPrefix=public/articles/"],
    env: testEnv(),
  }).then(
    () => undefined,
    (error: Error) => error,
  );
  console.info(
    `packaged in ${fresh.durationMs} ms, ${existing.durationMs} ms and ${behindCdn.durationMs} ms`,
  );
}, 300_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the publish function", () => {
  const fn = () => fresh.template.Resources.PublishLambdaFunction as Resource;

  it("runs the ESM bundle on nodejs24.x, arm64, one run at a time", () => {
    expect(fn().Properties).toMatchObject({
      Handler: "src/handler.handler",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      MemorySize: 1024,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
    });
    // osls' own helper function (existing-bucket notifications) follows the provider runtime too.
    for (const packagedService of [fresh, existing]) {
      for (const [, lambda] of ofType(packagedService.template, "AWS::Lambda::Function")) {
        expect(lambda.Properties.Runtime).toBe("nodejs24.x");
      }
    }
    expect(fresh.region).toBe("eu-central-1");
  });

  it("caps V8's heap below the function's memory, so garbage is collected before Lambda kills the run", () => {
    const { MemorySize, Environment } = fn().Properties;
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(Environment.Variables.NODE_OPTIONS ?? "")?.[1]);
    expect(heapMb).toBeGreaterThanOrEqual(MemorySize / 2);
    expect(heapMb).toBeLessThanOrEqual(MemorySize * 0.8);
  });

  it("gets its settings from the params, under names src/settings/variables.ts knows", () => {
    const variables = fn().Properties.Environment.Variables;
    expect(variables).toMatchObject({
      FEED_SOURCE: "s3://feed-publisher-dev-feeds/articles/",
      FEED_OUTPUT: "s3://feed-publisher-dev-feeds/public/",
      FEED_TIME_ZONE: "UTC",
      FEED_ITEM_LIMIT: "50",
      FEED_MAX_AGE_SECONDS: "300",
      FEED_PAGE_MAX_AGE_SECONDS: "3600",
    });
    // settings/load.ts rejects unknown FEED_* variables, so a typo here would stop every run.
    const feedVariables = Object.keys(variables).filter((name) => name.startsWith("FEED_"));
    expect(feedVariables.filter((name) => !ENV_VARIABLES.includes(name))).toEqual([]);
    // A plain string: `serverless invoke local` cannot resolve CloudFormation functions here.
    expect(variables.FEED_BASE_URL).toBe(
      "https://feed-publisher-dev-feeds.s3.eu-central-1.amazonaws.com/public/",
    );
    expect(fresh.template.Outputs.FeedBaseUrl?.Value).toBe(variables.FEED_BASE_URL);

    const custom = existing.template.Resources.PublishLambdaFunction?.Properties.Environment.Variables;
    expect(custom.FEED_SOURCE).toBe(`s3://${EXISTING.bucket}/${EXISTING.articles}`);
    expect(custom.FEED_OUTPUT).toBe(`s3://${EXISTING.bucket}/${EXISTING.output}`);
    // Only the CloudFront domain is unknown until the stack exists.
    expect(custom.FEED_BASE_URL).toEqual({ "Fn::Sub": `https://\${FeedsDistribution.DomainName}/` });
  });

  it("keeps a log group with a retention", () => {
    expect(fresh.template.Resources.PublishLogGroup?.Properties.RetentionInDays).toBe(30);
  });

  it("is bundled as ESM with source maps, the AWS SDK left to the runtime", async () => {
    const files = unzip(await readFile(fresh.zipPath));
    expect([...files.keys()].sort()).toEqual([
      "src/handler.mjs",
      "src/handler.mjs.map",
      "src/rebuild-handler.mjs",
      "src/rebuild-handler.mjs.map",
    ]);
    for (const name of ["handler", "rebuild-handler"]) {
      const code = files.get(`src/${name}.mjs`)?.toString("utf8") ?? "";
      expect(code.split("\n")[0]).toMatch(
        /^import \{ createRequire as \w+ \} from "node:module"; const require = /,
      );
      expect(code).toMatch(/from "@aws-sdk\/client-s3"/);
      const map = JSON.parse(files.get(`src/${name}.mjs.map`)?.toString("utf8") ?? "{}") as {
        sources: string[];
      };
      expect(map.sources.some((source) => source.endsWith(`src/${name}.ts`))).toBe(true);
      expect(map.sources.filter((source) => source.includes("node_modules/@aws-sdk/"))).toEqual([]);

      // Loading the bundle in Node is what catches CommonJS-in-ESM mistakes ("Dynamic require of ... is
      // not supported"). It sits inside the service so that @aws-sdk resolves as it does on the runtime.
      const loadDir = path.join(SERVICE_DIR, "node_modules", ".cache", "feed-publisher-bundle-test");
      await mkdir(loadDir, { recursive: true });
      const bundle = path.join(loadDir, `${name}-${process.pid}.mjs`);
      await writeFile(bundle, code);
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            "const m = await import(process.argv[1]); process.stdout.write(typeof m.handler);",
            pathToFileURL(bundle).href,
          ],
          { cwd: loadDir, env: { ...testEnv(), AWS_REGION: "eu-central-1" } },
        );
        expect(stdout).toBe("function");
      } finally {
        await rm(bundle, { force: true });
      }
    }
  });
});

describe("the parallel rebuild (infra/rebuild.yml)", () => {
  const resources = () => fresh.template.Resources;

  it("runs each step in a function of its own, with more memory, Lambda's longest timeout and a capped heap", () => {
    const fn = resources().RebuildLambdaFunction as Resource;
    expect(fn.Properties).toMatchObject({
      Handler: "src/rebuild-handler.handler",
      Runtime: "nodejs24.x",
      MemorySize: 3008,
      Timeout: 900,
    });
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe("--max-old-space-size=2256");
    // Same settings as the publish function: the finish step is an ordinary run over the same site.
    const publishVariables = {
      ...(resources().PublishLambdaFunction as Resource).Properties.Environment.Variables,
    };
    delete publishVariables.NODE_OPTIONS;
    expect(fn.Properties.Environment.Variables).toMatchObject(publishVariables);
  });

  it("fans reading and page writing out over Distributed Map children of that function", () => {
    const machine = resources().RebuildStateMachine as Resource;
    expect(machine.Properties.StateMachineType).toBe("STANDARD");
    expect(render(machine.Properties.DefinitionSubstitutions.RebuildFunction)).toBe(
      `\${RebuildLambdaFunction.Arn}`,
    );
    const states = machine.Properties.Definition.States;
    expect(Object.keys(states)).toEqual(["Plan", "Read", "Merge", "Pages", "Finish"]);
    for (const map of [states.Read, states.Pages]) {
      // Standard children: an Express child is cut off after 5 minutes, a step may take longer.
      expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
      // Any failure of a child is retried (every step can be run again).
      const retried = map.ItemProcessor.States[map.ItemProcessor.StartAt].Retry.flatMap(
        (r: { ErrorEquals: string[] }) => r.ErrorEquals,
      );
      expect(retried).toContain("States.TaskFailed");
      expect(map.MaxConcurrency).toBe(40);
      // A throttled child (concurrency above the account's free share) waits behind 900 s invocations.
      // Step Functions applies the first retrier that matches: throttling's must come before the catch-all.
      const retriers = map.ItemProcessor.States[map.ItemProcessor.StartAt].Retry;
      const at = (error: string) =>
        retriers.findIndex((r: { ErrorEquals: string[] }) => r.ErrorEquals.includes(error));
      expect(at("Lambda.TooManyRequestsException")).toBeLessThan(at("States.TaskFailed"));
      const throttled = retriers[at("Lambda.TooManyRequestsException")];
      const waits = Array.from({ length: throttled.MaxAttempts }, (_, i) =>
        Math.min(
          throttled.IntervalSeconds * throttled.BackoffRate ** i,
          throttled.MaxDelaySeconds ?? Infinity,
        ),
      );
      expect(waits.reduce((a, b) => a + b, 0) / 2).toBeGreaterThan(900); // full jitter: half on average
    }
    // The plan raises the batch size for long work lists (src/fanout/plan-rebuild.ts, MAX_READ_BATCHES).
    expect(states.Plan.Parameters.Payload.batchSize).toBe(1000);
    expect(states.Read.ItemBatcher.MaxItemsPerBatchPath).toBe("$.plan.batchSize");
    expect(states.Read.ItemReader.Resource).toBe("arn:aws:states:::s3:getObject");
    // A plan refused as too large is not run again: it would be refused again, after listing the source.
    const planRetriers = states.Plan.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
    expect(planRetriers[0]).toEqual({ ErrorEquals: ["RebuildTooLargeError"], MaxAttempts: 0 });
    // A finish step stopped at its deadline (PublishFailedError) is run again: it continues.
    expect(states.Finish.Retry.flatMap((r: { ErrorEquals: string[] }) => r.ErrorEquals)).toContain(
      "PublishFailedError",
    );
  });

  it("lets the state machine invoke only that function, read only work lists, and run only its own children", () => {
    const statements = roleStatements(fresh.template, "RebuildStateMachineRole");
    const grants = Object.fromEntries(
      statements.flatMap((statement) =>
        actionsOf(statement).map((action) => [action, resourcesOf(statement)]),
      ),
    );
    const machine = `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}`;
    expect(grants).toEqual({
      "lambda:InvokeFunction": [`\${RebuildLambdaFunction.Arn}`, `\${RebuildLambdaFunction.Arn}:*`],
      "s3:GetObject": [`arn:\${AWS::Partition}:s3:::feed-publisher-dev-feeds/public/_state/fanout/*`],
      "states:StartExecution": [
        `${machine}:stateMachine:feed-publisher-dev-rebuild`,
        `${machine}:execution:feed-publisher-dev-rebuild/*`,
      ],
      "states:DescribeExecution": [
        `${machine}:stateMachine:feed-publisher-dev-rebuild`,
        `${machine}:execution:feed-publisher-dev-rebuild/*`,
      ],
      "states:StopExecution": [
        `${machine}:stateMachine:feed-publisher-dev-rebuild`,
        `${machine}:execution:feed-publisher-dev-rebuild/*`,
      ],
      "states:RedriveExecution": [`${machine}:execution:feed-publisher-dev-rebuild/*`],
    });
  });
});

describe("triggers", () => {
  it("runs on the configured schedule", () => {
    const rules = (packagedService: Packaged) =>
      ofType(packagedService.template, "AWS::Events::Rule")
        .map(([, rule]) => rule.Properties.ScheduleExpression)
        .filter((expression) => expression !== undefined);
    expect(rules(fresh)).toEqual(["rate(15 minutes)"]);
    expect(rules(existing)).toEqual([EXISTING.schedule]);
  });

  it("consumes article events from one queue in batches, never one run per object", () => {
    for (const packagedService of [fresh, existing]) {
      const mappings = ofType(packagedService.template, "AWS::Lambda::EventSourceMapping");
      expect(mappings).toHaveLength(1);
      const [[, mapping] = []] = mappings;
      expect(mapping?.Properties).toMatchObject({
        EventSourceArn: { "Fn::GetAtt": ["ArticleEventsQueue", "Arn"] },
        FunctionName: { "Fn::GetAtt": ["PublishLambdaFunction", "Arn"] },
        BatchSize: 1000,
        MaximumBatchingWindowInSeconds: 60,
        Enabled: true,
      });
      // No direct S3 → Lambda path is left: every article event goes through the queue.
      const permissions = ofType(packagedService.template, "AWS::Lambda::Permission");
      expect(permissions.map(([, p]) => p.Properties.Principal)).toEqual(["events.amazonaws.com"]);
      expect(ofType(packagedService.template, "Custom::S3")).toEqual([]);
    }
  });

  it("has the new bucket notify the queue when an article is created or removed", () => {
    const bucket = fresh.template.Resources.S3BucketFeeds as Resource;
    const notifications = bucket.Properties.NotificationConfiguration;
    expect(notifications.LambdaConfigurations).toBeUndefined();
    const configurations = notifications.QueueConfigurations;
    expect(configurations.map((c: { Event: string }) => c.Event).sort()).toEqual([
      "s3:ObjectCreated:*",
      "s3:ObjectRemoved:*",
    ]);
    for (const configuration of configurations) {
      expect(configuration.Queue).toEqual({ "Fn::GetAtt": ["ArticleEventsQueue", "Arn"] });
      expect(configuration.Filter).toEqual({ S3Key: { Rules: [{ Name: "prefix", Value: "articles/" }] } });
    }
    // S3 tests its permission to send when the notification is created.
    expect(arrayOf((bucket as { DependsOn?: string | string[] }).DependsOn ?? [])).toContain(
      "ArticleEventsQueuePolicy",
    );
    const statements = queuePolicyStatements(fresh.template, "ArticleEventsQueue");
    const allow = statements.filter((statement) => statement.Effect === "Allow");
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sqs:SendMessage",
      Condition: {
        ArnEquals: { "aws:SourceArn": { "Fn::Sub": `arn:\${AWS::Partition}:s3:::feed-publisher-dev-feeds` } },
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      },
    });
  });

  it("forwards an existing bucket's article events through an EventBridge rule, leaving its notifications alone", () => {
    const rules = ofType(existing.template, "AWS::Events::Rule").filter(
      ([, rule]) => rule.Properties.EventPattern !== undefined,
    );
    expect(rules).toHaveLength(1);
    const [[ruleId, rule] = []] = rules;
    expect(rule?.Properties.EventPattern).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created", "Object Deleted"],
      detail: { bucket: { name: [EXISTING.bucket] }, object: { key: [{ prefix: EXISTING.articles }] } },
    });
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { "Fn::GetAtt": ["ArticleEventsQueue", "Arn"] } }),
    ]);
    const [allow, ...others] = queuePolicyStatements(existing.template, "ArticleEventsQueue").filter(
      (statement) => statement.Effect === "Allow",
    );
    expect(others).toEqual([]);
    expect(allow).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [ruleId, "Arn"] } } },
    });
  });
});

describe("failures", () => {
  const queue = (template: Template, id: string) => template.Resources[id] as Resource;

  it("moves a batch that keeps failing to a dead-letter queue", () => {
    for (const packagedService of [fresh, existing]) {
      const events = queue(packagedService.template, "ArticleEventsQueue").Properties;
      expect(events.RedrivePolicy).toEqual({
        deadLetterTargetArn: { "Fn::GetAtt": ["ArticleEventsDeadLetterQueue", "Arn"] },
        maxReceiveCount: 5,
      });
      // A message must stay hidden while its run lasts; AWS asks for six times the function timeout.
      const timeout = packagedService.template.Resources.PublishLambdaFunction?.Properties.Timeout;
      expect(events.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
      expect(
        queue(packagedService.template, "ArticleEventsDeadLetterQueue").Properties.MessageRetentionPeriod,
      ).toBe(1_209_600);
    }
  });

  it("keeps asynchronous invocations (the schedule) that failed in an on-failure destination", () => {
    const config = fresh.template.Resources.PublishLambdaEvConf as Resource;
    expect(config.Type).toBe("AWS::Lambda::EventInvokeConfig");
    expect(config.Properties).toMatchObject({
      FunctionName: { Ref: "PublishLambdaFunction" },
      Qualifier: "$LATEST",
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["FailedRunsQueue", "Arn"] } } },
    });
  });

  it("encrypts every queue and refuses plain-HTTP access to them", () => {
    for (const packagedService of [fresh, existing]) {
      const queues = ofType(packagedService.template, "AWS::SQS::Queue");
      expect(queues.map(([id]) => id).sort()).toEqual([
        "ArticleEventsDeadLetterQueue",
        "ArticleEventsQueue",
        "FailedRunsQueue",
      ]);
      for (const [id, resource] of queues) {
        expect(resource.Properties.SqsManagedSseEnabled, id).toBe(true);
        const statements = queuePolicyStatements(packagedService.template, id);
        expect(
          statements.some(
            (statement) =>
              statement.Effect === "Deny" &&
              actionsOf(statement).includes("sqs:*") &&
              statement.Condition?.Bool?.["aws:SecureTransport"] === "false",
          ),
          id,
        ).toBe(true);
      }
    }
  });
});

describe("alarms", () => {
  const alarm = (template: Template, id: string) => {
    const resource = template.Resources[id];
    expect(resource?.Type, id).toBe("AWS::CloudWatch::Alarm");
    return resource?.Properties ?? {};
  };
  const publishFunction = [{ Name: "FunctionName", Value: { Ref: "PublishLambdaFunction" } }];

  it("fires on a failed run", () => {
    expect(alarm(fresh.template, "PublishErrorsAlarm")).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: publishFunction,
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("fires when no run succeeded for three schedule periods, no data included", () => {
    const check = (template: Template, seconds: number) => {
      const properties = alarm(template, "NoSuccessfulRunAlarm");
      expect(properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: "LessThanThreshold",
        EvaluationPeriods: 1,
        TreatMissingData: "breaching",
      });
      const metrics = properties.Metrics as {
        Id: string;
        Expression?: string;
        ReturnData: boolean;
        MetricStat?: {
          Metric: { Namespace: string; MetricName: string; Dimensions: unknown };
          Period: number;
        };
      }[];
      expect(metrics.filter((m) => m.ReturnData).map((m) => m.Expression)).toEqual([
        "invocations - FILL(errors, 0)",
      ]);
      const stats = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat]));
      for (const [id, name] of [
        ["invocations", "Invocations"],
        ["errors", "Errors"],
      ] as const) {
        expect(stats[id]).toEqual({
          Metric: { Namespace: "AWS/Lambda", MetricName: name, Dimensions: publishFunction },
          Period: seconds,
          Stat: "Sum",
        });
      }
    };
    check(fresh.template, 3 * 15 * 60);
    check(existing.template, 3 * 60 * 60);
  });

  it("fires when a message reaches either failure queue", () => {
    for (const [id, queue] of [
      ["ArticleEventsDeadLetterAlarm", "ArticleEventsDeadLetterQueue"],
      ["FailedRunsAlarm", "FailedRunsQueue"],
    ]) {
      expect(alarm(fresh.template, id as string)).toMatchObject({
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    }
  });
});

describe("IAM", () => {
  it("never allows a wildcard action or a '*' resource", () => {
    for (const packagedService of [fresh, existing, behindCdn]) {
      for (const { owner, document } of policyDocuments(packagedService.template)) {
        for (const statement of arrayOf(document.Statement)) {
          expect(resourcesOf(statement), `${owner} ${statement.Sid ?? ""}`).not.toContain("*");
          // Deny statements may be broad (osls denies s3:* without TLS on its deployment bucket).
          if (statement.Effect !== "Allow") continue;
          for (const action of actionsOf(statement)) {
            expect(action, `${owner} ${statement.Sid ?? ""}`).not.toContain("*");
          }
          for (const resource of resourcesOf(statement)) {
            expect(resource, owner).not.toMatch(/^arn:[^:]*:s3:::\*?$|:function:\*$/);
          }
        }
      }
    }
  });

  it("gives the publisher exactly list, read, write and delete, each on its prefixes", () => {
    const check = (packagedService: Packaged, bucket: string, articles: string, output: string) => {
      const statements = roleStatements(packagedService.template, "IamRoleLambdaExecution");
      const s3 = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith("s3:")));
      const grants = (action: string) =>
        s3
          .filter((statement) => actionsOf(statement).includes(action))
          .flatMap(resourcesOf)
          .sort();
      const arn = `arn:\${AWS::Partition}:s3:::${bucket}`;

      expect([...new Set(s3.flatMap(actionsOf))].sort()).toEqual([
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
      ]);
      expect(s3.every((statement) => statement.Effect === "Allow")).toBe(true);
      expect(grants("s3:GetObject")).toEqual([`${arn}/${articles}*`, `${arn}/${output}*`].sort());
      expect(grants("s3:PutObject")).toEqual([`${arn}/${output}*`]);
      expect(grants("s3:DeleteObject")).toEqual([`${arn}/${output}*`]);
      expect(grants("s3:ListBucket")).toEqual([arn]);
      const list = s3.find((statement) => actionsOf(statement).includes("s3:ListBucket"));
      expect(list?.Condition).toEqual({ StringLike: { "s3:prefix": [`${articles}*`, `${output}*`] } });

      // Its queue: receive and delete on the article events, send to the on-failure destination.
      const sqs = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith("sqs:")));
      const sqsGrants = Object.fromEntries(
        sqs.flatMap((statement) => actionsOf(statement).map((action) => [action, resourcesOf(statement)])),
      );
      expect(sqsGrants).toEqual({
        "sqs:ReceiveMessage": [`\${ArticleEventsQueue.Arn}`],
        "sqs:DeleteMessage": [`\${ArticleEventsQueue.Arn}`],
        "sqs:GetQueueAttributes": [`\${ArticleEventsQueue.Arn}`],
        "sqs:SendMessage": [`\${FailedRunsQueue.Arn}`],
      });

      // The only other grants are the log statements osls adds, scoped to this service's log groups.
      for (const statement of statements.filter((s) => !s3.includes(s) && !sqs.includes(s))) {
        expect(actionsOf(statement).every((action) => action.startsWith("logs:"))).toBe(true);
        for (const resource of resourcesOf(statement)) {
          expect(resource).toMatch(
            /^arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/feed-publisher-dev/,
          );
        }
      }
    };
    check(fresh, "feed-publisher-dev-feeds", "articles/", "public/");
    check(existing, EXISTING.bucket, EXISTING.articles, EXISTING.output);
  });

  it("needs no helper function with its own role for an existing bucket", () => {
    // osls' custom resource for existing-bucket notifications could add permissions to any function.
    expect(existing.template.Resources.IamRoleCustomResourcesLambdaExecution).toBeUndefined();
    expect(ofType(existing.template, "AWS::Lambda::Function").map(([id]) => id)).toEqual([
      "PublishLambdaFunction",
      "RebuildLambdaFunction",
    ]);
  });
});

describe("the feeds bucket", () => {
  const bucket = () => fresh.template.Resources.S3BucketFeeds as Resource;

  it("is encrypted, versioned, kept on stack removal, and expires old versions", () => {
    const { Properties: properties } = bucket();
    expect(properties.BucketName).toBe("feed-publisher-dev-feeds");
    const [rule] = properties.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(["AES256", "aws:kms"]).toContain(rule.ServerSideEncryptionByDefault.SSEAlgorithm);
    expect(properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Status: "Enabled", NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    );
    // The private run state's old versions go after a day (a state save replaces shards, not history).
    expect(properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Status: "Enabled",
        Prefix: "public/_state/",
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      }),
    );
    // What an abandoned parallel rebuild left (its finish step deletes its working objects itself).
    expect(properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Status: "Enabled", Prefix: "public/_state/fanout/", ExpirationInDays: 7 }),
    );
    expect(bucket().DeletionPolicy).toBe("Retain");
    expect(bucket().UpdateReplacePolicy).toBe("Retain");
  });

  it("blocks ACLs but lets the bucket policy publish, and blocks public policies behind CloudFront", () => {
    const block = (packagedService: Packaged) =>
      resolveConditions(
        packagedService.template,
        packagedService.template.Resources.S3BucketFeeds?.Properties ?? {},
      ).PublicAccessBlockConfiguration;
    expect(block(fresh)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    expect(block(behindCdn)).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }],
    });
  });

  it("answers cross-origin GET and HEAD for browser feed readers", () => {
    const [rule] = bucket().Properties.CorsConfiguration.CorsRules;
    expect([...rule.AllowedMethods].sort()).toEqual(["GET", "HEAD"]);
    expect(rule.AllowedOrigins).toEqual(["*"]);
  });

  const bucketPolicy = (packagedService: Packaged): Statement[] => {
    const policy = packagedService.template.Resources.FeedsBucketPolicy as Resource;
    expect(policy.Properties.Bucket).toEqual({ Ref: "S3BucketFeeds" });
    return resolveConditions(packagedService.template, policy.Properties.PolicyDocument).Statement;
  };
  const arn = `arn:\${AWS::Partition}:s3:::feed-publisher-dev-feeds`;
  const isPublic = (statement: Statement) => statement.Principal === "*";
  const isCloudFront = (statement: Statement) =>
    JSON.stringify(statement.Principal) === JSON.stringify({ Service: "cloudfront.amazonaws.com" });

  it("publishes only the output prefix, and never the state or the articles", () => {
    const statements = bucketPolicy(fresh);
    const publicAllows = statements.filter((s) => s.Effect === "Allow" && isPublic(s));
    expect(publicAllows.flatMap(actionsOf)).toEqual(["s3:GetObject"]);
    expect(publicAllows.flatMap(resourcesOf)).toEqual([`${arn}/public/*`]);
    expect(publicAllows.every((statement) => statement.Condition === undefined)).toBe(true);
    expect(statements.filter((s) => s.Effect === "Allow" && !isPublic(s))).toEqual([]);

    for (const statements of [bucketPolicy(fresh), bucketPolicy(behindCdn)]) {
      const readDenies = statements.filter(
        (s) => s.Effect === "Deny" && isPublic(s) && actionsOf(s).includes("s3:GetObject"),
      );
      expect(readDenies.flatMap(resourcesOf).sort()).toEqual([`${arn}/articles/*`, `${arn}/public/_state/*`]);
      // Anyone outside the account (anonymous readers included) is denied; the publisher's role is not.
      for (const deny of readDenies) {
        expect(deny.Condition).toEqual({
          StringNotEquals: { "aws:PrincipalAccount": { Ref: "AWS::AccountId" } },
        });
      }
      // CloudFront, a service principal, is denied them too, with no condition to slip through.
      const cdnDenies = statements.filter((s) => s.Effect === "Deny" && isCloudFront(s));
      expect(cdnDenies.flatMap(resourcesOf).sort()).toEqual([`${arn}/articles/*`, `${arn}/public/_state/*`]);
      expect(cdnDenies.every((deny) => deny.Condition === undefined)).toBe(true);
    }
  });

  it("behind CloudFront, lets only this distribution read, through origin access control", () => {
    const statements = bucketPolicy(behindCdn);
    expect(statements.filter((s) => isPublic(s) && s.Effect === "Allow")).toEqual([]);
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]?.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(actionsOf(allows[0] as Statement)).toEqual(["s3:GetObject"]);
    expect(resourcesOf(allows[0] as Statement)).toEqual([`${arn}/public/*`]);
    const sourceArn = allows[0]?.Condition?.StringEquals?.["AWS:SourceArn"];
    expect(render(sourceArn)).toBe(
      `arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${FeedsDistribution}`,
    );
  });

  it("refuses every request over plain HTTP, reads included", () => {
    for (const statements of [bucketPolicy(fresh), bucketPolicy(behindCdn)]) {
      const tlsOnly = statements.filter(
        (s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
      );
      expect(tlsOnly).toHaveLength(1);
      const [deny] = tlsOnly as [Statement];
      expect(deny.Principal).toBe("*");
      expect(actionsOf(deny)).toEqual(["s3:*"]);
      expect(resourcesOf(deny).sort()).toEqual([arn, `${arn}/*`]);
    }
  });

  it("is left alone when the bucket already exists", () => {
    const buckets = ofType(existing.template, "AWS::S3::Bucket").map(([id]) => id);
    const policies = ofType(existing.template, "AWS::S3::BucketPolicy").map(([id]) => id);
    expect(buckets).toEqual(["ServerlessDeploymentBucket"]);
    expect(policies).toEqual(["ServerlessDeploymentBucketPolicy"]);
  });
});

describe("the CDN", () => {
  it("exists only with cdn=true", () => {
    for (const id of ["FeedsDistribution", "FeedsOriginAccessControl", "FeedsSecurityHeadersPolicy"]) {
      expect(fresh.template.Resources[id]?.Condition, id).toBe("UseCdn");
    }
    expect(fresh.template.Conditions.UseCdn).toEqual({ "Fn::Equals": ["false", "true"] });
    expect(existing.template.Conditions.UseCdn).toEqual({ "Fn::Equals": ["true", "true"] });
    expect(behindCdn.template.Conditions.UseCdn).toEqual({ "Fn::Equals": ["true", "true"] });
  });

  it("compresses, redirects to HTTPS and serves the output prefix", () => {
    const config = existing.template.Resources.FeedsDistribution?.Properties.DistributionConfig;
    const [origin] = config.Origins;
    expect(origin.OriginPath).toBe("/site/feeds");
    expect(render(origin.DomainName)).toBe(`${EXISTING.bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}`);
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: origin.Id,
      Compress: true,
      ViewerProtocolPolicy: "redirect-to-https",
    });
    expect(config.DefaultRootObject).toBe("index.html");
  });

  it("reads the bucket through origin access control, signing every request", () => {
    const config = behindCdn.template.Resources.FeedsDistribution?.Properties.DistributionConfig;
    const [origin] = config.Origins;
    expect(origin.OriginAccessControlId).toEqual({ "Fn::GetAtt": ["FeedsOriginAccessControl", "Id"] });
    // No legacy origin access identity: the empty string is what CloudFormation asks for with OAC.
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    const control =
      behindCdn.template.Resources.FeedsOriginAccessControl?.Properties.OriginAccessControlConfig;
    expect(control).toMatchObject({
      OriginAccessControlOriginType: "s3",
      SigningBehavior: "always",
      SigningProtocol: "sigv4",
    });
  });

  it("adds a CSP against framing, HSTS, nosniff and a referrer policy to every response", () => {
    const config = behindCdn.template.Resources.FeedsDistribution?.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: "FeedsSecurityHeadersPolicy",
    });
    expect(config.CacheBehaviors).toBeUndefined();
    const headers =
      behindCdn.template.Resources.FeedsSecurityHeadersPolicy?.Properties.ResponseHeadersPolicyConfig
        .SecurityHeadersConfig;
    const csp = new Map<string, string>(
      String(headers.ContentSecurityPolicy.ContentSecurityPolicy)
        .split(";")
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]): [string, string] => [name ?? "", values.join(" ")]),
    );
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    // Browsers enforce the header and the pages' <meta> policy each on its own: a fetch directive here
    // would block the inline style and script the <meta> allows by hash.
    const fetchDirectives = [...csp.keys()].filter((name) => name.endsWith("-src") && name !== "object-src");
    expect(fetchDirectives).toEqual([]);
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.StrictTransportSecurity.Override).toBe(true);
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(["no-referrer", "strict-origin-when-cross-origin", "same-origin", "strict-origin"]).toContain(
      headers.ReferrerPolicy.ReferrerPolicy,
    );
  });
});

describe("params", () => {
  it("refuses an articles prefix inside the output prefix (a recursive trigger)", () => {
    expect(rejected?.message).toMatch(/articlesPrefix and outputPrefix must not contain one another/);
  });
});

describe("the templates", () => {
  it("pass the offline CloudFormation validator without errors", () => {
    const engine = new RegoEngine();
    try {
      for (const packagedService of [fresh, existing, behindCdn]) {
        const report = engine.validateStandard(new TemplateFile(packagedService.templatePath), {
          severityLevel: "ERROR",
          pseudoParameterOverrides: { region: "eu-central-1" },
        });
        expect(report.status).toBe("OK");
        expect(
          report.diagnostics.map((d) => `${d.ruleId} ${d.entity?.logicalId ?? ""}: ${d.message}`),
        ).toEqual([]);
      }
    } finally {
      engine.free();
    }
  }, 180_000);
});

type ResolveParams = (input: { resolveVariable: (variable: string) => Promise<unknown> }) => Promise<{
  feedBaseUrl: unknown;
  existingBucket: boolean;
  cdnOriginPath: string;
  logRetentionInDays: number;
  noSuccessAlarmSeconds: number;
  alarmActions: string[];
  feedConfig: string;
  itemLimit: string;
  s3ForcePathStyle: string;
}>;

describe("infra/params.cjs", () => {
  const resolveParams = createRequire(import.meta.url)("../../infra/params.cjs") as ResolveParams;
  const DEFAULTS: Record<string, string> = {
    bucketName: "feeds-bucket",
    existingBucket: "false",
    cdn: "false",
    articlesPrefix: "articles/",
    outputPrefix: "public/",
    schedule: "rate(15 minutes)",
    baseUrl: "",
    itemLimit: "50",
    feedMaxAgeSeconds: "300",
    pageMaxAgeSeconds: "3600",
    logRetentionInDays: "30",
    noncurrentVersionDays: "30",
    eventBatchSize: "1000",
    eventBatchingWindowSeconds: "60",
    missedSchedulesBeforeAlarm: "3",
    noSuccessAlarmMinutes: "",
    alarmTopicArn: "",
    configFile: "",
    s3Endpoint: "",
    rebuildBatchSize: "1000",
    rebuildConcurrency: "40",
    rebuildMemorySize: "3008",
  };
  const resolve = (params: Record<string, string> = {}, region = "eu-central-1") =>
    resolveParams({
      resolveVariable: async (variable) =>
        variable === "aws:region" ? region : { ...DEFAULTS, ...params }[variable.replace(/^param:/, "")],
    });

  it("derives what osls variables cannot compute", async () => {
    const settings = await resolve({
      existingBucket: "TRUE",
      outputPrefix: "site/feeds/",
      logRetentionInDays: "14",
    });
    expect(settings).toMatchObject({
      existingBucket: true,
      cdnOriginPath: "/site/feeds",
      logRetentionInDays: 14,
    });
    expect((await resolve({ baseUrl: "https://news.example.org/feeds" })).feedBaseUrl).toBe(
      "https://news.example.org/feeds/",
    );
    expect((await resolve({}, "cn-north-1")).feedBaseUrl).toBe(
      "https://feeds-bucket.s3.cn-north-1.amazonaws.com.cn/public/",
    );
  });

  it.each([
    [{ articlesPrefix: "" }, /articlesPrefix: "" must be a non-empty key prefix/],
    [{ schedule: "cron(0 * * * ? *)" }, /noSuccessAlarmMinutes: required with a cron/],
    [{ schedule: "rate(12 hours)" }, /missedSchedulesBeforeAlarm: 3 × rate\(12 hours\) is over a day/],
    [{ eventBatchingWindowSeconds: "301" }, /eventBatchingWindowSeconds: expected an integer from 0 to 300/],
    [{ eventBatchSize: "20000" }, /eventBatchSize: expected an integer from 1 to 10000/],
    [{ alarmTopicArn: "my-topic" }, /alarmTopicArn: "my-topic" is not an SNS topic ARN/],
    [{ configFile: "no-such-config.json" }, /configFile: "no-such-config.json": ENOENT/],
    [{ s3Endpoint: "localhost:4568" }, /s3Endpoint: "localhost:4568" must be an http\(s\) origin/],
    [{ outputPrefix: "public" }, /outputPrefix: "public" must be a non-empty key prefix ending in "\/"/],
    [{ articlesPrefix: "public/in/" }, /must not contain one another/],
    [{ outputPrefix: "articles/out/" }, /must not contain one another/],
    [{ bucketName: "Feeds_Bucket" }, /bucketName: "Feeds_Bucket" is not a valid S3 bucket name/],
    [{ schedule: "every 15 minutes" }, /schedule: "every 15 minutes" is not an EventBridge/],
    [{ schedule: "rate(1 minutes)" }, /schedule/],
    [{ cdn: "yes please" }, /cdn: expected true or false/],
    [{ logRetentionInDays: "10" }, /logRetentionInDays: expected one of 1, 3, 5, 7, 14/],
    [{ itemLimit: "0" }, /itemLimit: expected an integer from 1 to 10000/],
    [{ baseUrl: "feeds.example.org" }, /baseUrl: "feeds.example.org" must be an absolute http\(s\) URL/],
  ])("rejects %j", async (params, message) => {
    await expect(resolve(params)).rejects.toThrow(message);
  });

  it("derives how long the no-success alarm waits from the schedule, or takes it as given", async () => {
    expect((await resolve()).noSuccessAlarmSeconds).toBe(3 * 15 * 60);
    expect(
      (await resolve({ schedule: "rate(1 hour)", missedSchedulesBeforeAlarm: "4" })).noSuccessAlarmSeconds,
    ).toBe(4 * 3600);
    expect(
      (await resolve({ schedule: "cron(0 6 * * ? *)", noSuccessAlarmMinutes: "1440" })).noSuccessAlarmSeconds,
    ).toBe(86_400);
  });

  it("notifies an SNS topic only when one is given", async () => {
    expect((await resolve()).alarmActions).toEqual([]);
    const topic = "arn:aws:sns:eu-central-1:111122223333:feed-alarms";
    expect((await resolve({ alarmTopicArn: topic })).alarmActions).toEqual([topic]);
  });

  it("passes a config file as one line of JSON, and leaves emptied settings to it", async () => {
    const settings = await resolve({ configFile: "feed-publisher.config.json", itemLimit: "" });
    expect(JSON.parse(settings.feedConfig)).toEqual(
      JSON.parse(await readFile(path.join(SERVICE_DIR, "feed-publisher.config.json"), "utf8")),
    );
    expect(settings.feedConfig).not.toContain("\n");
    expect(settings.itemLimit).toBe("");
    expect((await resolve()).s3ForcePathStyle).toBe("");
    expect((await resolve({ s3Endpoint: "http://127.0.0.1:4568" })).s3ForcePathStyle).toBe("true");
  });

  it("refuses to deploy the local stage (a loopback S3 endpoint)", async () => {
    const argv = process.argv;
    process.argv = [argv[0] ?? "node", "serverless.js", "deploy", "--stage", "local"];
    try {
      await expect(resolve({ s3Endpoint: "http://127.0.0.1:4568" })).rejects.toThrow(/not for deploy/);
      await expect(resolve()).resolves.toBeDefined();
    } finally {
      process.argv = argv;
    }
  });

  it("names every bad param in one error", async () => {
    await expect(resolve({ cdn: "maybe", itemLimit: "many" })).rejects.toThrow(/cdn: .*\n.*itemLimit: /);
  });
});
