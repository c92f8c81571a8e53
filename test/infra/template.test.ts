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
      ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy"].includes(resource.Type)
    ) {
      documents.push({ owner: id, document: resource.Properties.PolicyDocument });
    }
  }
  return documents;
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
  rejected = await packageOffline({
    outDir: path.join(workDir, "rejected"),
    args: ["--param=articlesPrefix=public/articles/"],
    env: testEnv(),
  }).then(
    () => undefined,
    (error: Error) => error,
  );
  console.info(`packaged in ${fresh.durationMs} ms and ${existing.durationMs} ms`);
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
    expect([...files.keys()].sort()).toEqual(["src/handler.mjs", "src/handler.mjs.map"]);
    const code = files.get("src/handler.mjs")?.toString("utf8") ?? "";
    expect(code.split("\n")[0]).toMatch(
      /^import \{ createRequire as \w+ \} from "node:module"; const require = /,
    );
    expect(code).toMatch(/from "@aws-sdk\/client-s3"/);
    const map = JSON.parse(files.get("src/handler.mjs.map")?.toString("utf8") ?? "{}") as {
      sources: string[];
    };
    expect(map.sources.some((source) => source.endsWith("src/handler.ts"))).toBe(true);
    expect(map.sources.filter((source) => source.includes("node_modules/@aws-sdk/"))).toEqual([]);

    // Loading the bundle in Node is what catches CommonJS-in-ESM mistakes ("Dynamic require of ... is
    // not supported"). It sits inside the service so that @aws-sdk resolves as it does on the runtime.
    const loadDir = path.join(SERVICE_DIR, "node_modules", ".cache", "feed-publisher-bundle-test");
    await mkdir(loadDir, { recursive: true });
    const bundle = path.join(loadDir, `handler-${process.pid}.mjs`);
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
  });
});

describe("triggers", () => {
  it("runs on the configured schedule", () => {
    const rules = (packagedService: Packaged) =>
      ofType(packagedService.template, "AWS::Events::Rule").map(
        ([, rule]) => rule.Properties.ScheduleExpression,
      );
    expect(rules(fresh)).toEqual(["rate(15 minutes)"]);
    expect(rules(existing)).toEqual([EXISTING.schedule]);
  });

  it("runs when an article is created or removed under the articles prefix of the new bucket", () => {
    const bucket = fresh.template.Resources.S3BucketFeeds as Resource;
    const configurations = bucket.Properties.NotificationConfiguration.LambdaConfigurations;
    expect(configurations).toHaveLength(2);
    expect(configurations.map((c: { Event: string }) => c.Event).sort()).toEqual([
      "s3:ObjectCreated:*",
      "s3:ObjectRemoved:*",
    ]);
    for (const configuration of configurations) {
      expect(configuration.Function).toEqual({ "Fn::GetAtt": ["PublishLambdaFunction", "Arn"] });
      expect(configuration.Filter).toEqual({ S3Key: { Rules: [{ Name: "prefix", Value: "articles/" }] } });
    }
    const permission = fresh.template.Resources.PublishLambdaPermissionFeedsS3 as Resource;
    expect(permission.Properties.Principal).toBe("s3.amazonaws.com");
    expect(render(permission.Properties.SourceArn)).toBe(
      `arn:\${AWS::Partition}:s3:::feed-publisher-dev-feeds`,
    );
  });

  it("wires the same events into an existing bucket through osls' notification resource", () => {
    const [[, notification] = []] = ofType(existing.template, "Custom::S3");
    expect(notification?.Properties).toMatchObject({
      FunctionName: "feed-publisher-dev-publish",
      BucketName: EXISTING.bucket,
      BucketConfigs: [
        { Event: "s3:ObjectCreated:*", Rules: [{ Prefix: EXISTING.articles }] },
        { Event: "s3:ObjectRemoved:*", Rules: [{ Prefix: EXISTING.articles }] },
      ],
    });
  });
});

describe("IAM", () => {
  it("never allows a wildcard action or a '*' resource", () => {
    for (const packagedService of [fresh, existing]) {
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

      // The only other grants are the log statements osls adds, scoped to this service's log groups.
      for (const statement of statements.filter((s) => !s3.includes(s))) {
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

  it("narrows osls' notification helper to this bucket and this function", () => {
    const statements = roleStatements(existing.template, "IamRoleCustomResourcesLambdaExecution");
    const grants = Object.fromEntries(
      statements.flatMap((statement) =>
        actionsOf(statement).map((action) => [action, resourcesOf(statement)]),
      ),
    );
    expect(grants["s3:PutBucketNotification"]).toEqual([`arn:\${AWS::Partition}:s3:::${EXISTING.bucket}`]);
    expect(grants["lambda:AddPermission"]).toEqual([
      `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:feed-publisher-dev-publish`,
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
    expect(bucket().DeletionPolicy).toBe("Retain");
    expect(bucket().UpdateReplacePolicy).toBe("Retain");
  });

  it("blocks ACLs but lets the bucket policy publish", () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
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

  it("publishes only the output prefix, and never the state or the articles", () => {
    const policy = fresh.template.Resources.FeedsBucketPolicy as Resource;
    expect(policy.Properties.Bucket).toEqual({ Ref: "S3BucketFeeds" });
    const statements: Statement[] = policy.Properties.PolicyDocument.Statement;
    const arn = `arn:\${AWS::Partition}:s3:::feed-publisher-dev-feeds`;
    const isPublic = (statement: Statement) => statement.Principal === "*";

    const publicAllows = statements.filter((s) => s.Effect === "Allow" && isPublic(s));
    expect(publicAllows.flatMap(actionsOf)).toEqual(["s3:GetObject"]);
    expect(publicAllows.flatMap(resourcesOf)).toEqual([`${arn}/public/*`]);
    expect(publicAllows.every((statement) => statement.Condition === undefined)).toBe(true);

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
    expect(fresh.template.Resources.FeedsDistribution?.Condition).toBe("UseCdn");
    expect(fresh.template.Conditions.UseCdn).toEqual({ "Fn::Equals": ["false", "true"] });
    expect(existing.template.Conditions.UseCdn).toEqual({ "Fn::Equals": ["true", "true"] });
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
      for (const packagedService of [fresh, existing]) {
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

  it("names every bad param in one error", async () => {
    await expect(resolve({ cdn: "maybe", itemLimit: "many" })).rejects.toThrow(/cdn: .*\n.*itemLimit: /);
  });
});
