// Validates the deployment params and derives the values serverless.yml cannot compute itself
// (osls variables have no string functions or type conversion). CommonJS because osls loads
// `${file(x.cjs)}` resolvers with require(), and the package is "type": "module".
"use strict";

const { readFileSync } = require("node:fs");
const path = require("node:path");

// osls only offers `--param="key=value"`, so every CLI value arrives as a string.
const BOOLEAN = { true: true, false: false, 1: true, 0: false };
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653,
];
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets)
const BUCKET_NAME =
  /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// The same shapes osls accepts for a schedule event; checked here so a typo names the param.
const SCHEDULE =
  /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+( \S+){5}\))$/;
const RATE = /^rate\((\d+) (minute|hour|day)s?\)$/;
const RATE_UNIT_SECONDS = { minute: 60, hour: 3600, day: 86_400 };
// CloudWatch evaluates a metric alarm over at most one day.
const MAX_ALARM_SECONDS = 86_400;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
// The CloudFront header policy (issue 9 item 13). Browsers enforce every policy a page carries, each
// on its own, so a fetch directive here (default-src, script-src, img-src ...) would also block what the
// pages' own <meta> policy allows by hash (src/site/csp.ts: our inline styles and the copy button).
// The header therefore adds only what a <meta> policy cannot say (frame-ancestors is ignored there,
// https://www.w3.org/TR/CSP3/#meta-element) and what no page of ours needs: plugins, <base>, forms.
const CONTENT_SECURITY_POLICY = [
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
// The keys the S3 adapter and the bucket policy treat as the prefix root.
const PREFIX = /^(?!\/)[A-Za-z0-9!_.*'()/-]+\/$/;

/**
 * Where the feeds are served from. A plain string wherever it is known at package time, because
 * `serverless invoke local` cannot resolve CloudFormation functions in environment variables; only
 * the CloudFront domain (cdn=true without a baseUrl) has to come from the stack.
 */
async function feedBaseUrl({ baseUrl, cdn, bucketName, outputPrefix, resolveVariable }) {
  if (baseUrl !== "") return baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  // A CloudFormation placeholder, not a JavaScript one.
  if (cdn) return { "Fn::Sub": `https://\${FeedsDistribution.DomainName}/` };
  const region = await resolveVariable("aws:region");
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://${bucketName}.s3.${region}.${suffix}/${outputPrefix}`;
}

/**
 * `.mjs` everywhere except under `serverless invoke local`, whose loader tries require() on the
 * handler path (plus `.js`/`.cjs`) and falls back to import() of `<handler>.js`, never `.mjs`. As
 * `.js` the bundle is still ESM there, since package.json says "type": "module"; in the Lambda zip
 * there is no package.json, so deployed bundles must stay `.mjs`.
 */
const isInvokeLocal = () => process.argv.slice(2, 4).join(" ") === "invoke local";

function bundleExtension() {
  return isInvokeLocal() ? ".js" : ".mjs";
}

/**
 * serverless-esbuild leaves the invoke-local build (`handler.js`) in its work folder, and a later
 * `package` zips whatever that folder holds: a separate folder keeps it out of deployed zips.
 */
function esbuildWorkFolder() {
  return isInvokeLocal() ? ".esbuild-invoke-local" : ".esbuild";
}

/** The config file as one line of JSON for FEED_CONFIG, "" without one. */
async function configFileText(file, problems) {
  if (file === "") return "";
  try {
    // Relative to serverless.yml, like every other ${file(...)}.
    return JSON.stringify(JSON.parse(readFileSync(path.resolve(__dirname, "..", file), "utf8")));
  } catch (error) {
    problems.push(`configFile: ${JSON.stringify(file)}: ${error.message}`);
    return "";
  }
}

/**
 * How long without a successful run the NoSuccessfulRunAlarm waits: missedSchedulesBeforeAlarm
 * periods of a rate(...) schedule, or noSuccessAlarmMinutes (required with a cron(...) schedule).
 */
async function noSuccessAlarmSeconds(schedule, param, integer, problems) {
  const minutes = await param("noSuccessAlarmMinutes");
  let seconds;
  if (minutes !== "") {
    seconds = 60 * (await integer("noSuccessAlarmMinutes", { min: 1, max: MAX_ALARM_SECONDS / 60 }));
  } else {
    const missed = await integer("missedSchedulesBeforeAlarm", { min: 1, max: 100 });
    const rate = RATE.exec(schedule);
    if (!rate) {
      problems.push("noSuccessAlarmMinutes: required with a cron(...) schedule (the alarm cannot derive it)");
      return MAX_ALARM_SECONDS;
    }
    seconds = missed * Number(rate[1]) * RATE_UNIT_SECONDS[rate[2]];
    if (seconds > MAX_ALARM_SECONDS) {
      problems.push(
        `missedSchedulesBeforeAlarm: ${missed} × ${schedule} is over a day, longer than a CloudWatch alarm can look back; set noSuccessAlarmMinutes (at most 1440)`,
      );
      return MAX_ALARM_SECONDS;
    }
  }
  return seconds;
}

module.exports = async ({ resolveVariable }) => {
  const problems = [];
  const param = async (name) => {
    const value = await resolveVariable(`param:${name}`);
    return value == null ? "" : String(value).trim();
  };
  const flag = async (name) => {
    const raw = (await param(name)).toLowerCase();
    if (raw in BOOLEAN) return BOOLEAN[raw];
    problems.push(`${name}: expected true or false, got ${JSON.stringify(raw)}`);
    return false;
  };
  const integer = async (name, { min, max, allowed, optional = false }) => {
    const raw = await param(name);
    // Empty where a stage leaves the setting to the config (the local stage): FEED_* "" is unset.
    if (optional && raw === "") return "";
    const value = Number(raw);
    const valid = /^\d+$/.test(raw) && value >= min && value <= max && (!allowed || allowed.includes(value));
    if (!valid) {
      const range = allowed ? `one of ${allowed.join(", ")}` : `an integer from ${min} to ${max}`;
      problems.push(`${name}: expected ${range}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };

  const bucketName = await param("bucketName");
  if (!BUCKET_NAME.test(bucketName) || bucketName.includes("..")) {
    problems.push(`bucketName: ${JSON.stringify(bucketName)} is not a valid S3 bucket name`);
  }
  const existingBucket = await flag("existingBucket");
  const cdn = await flag("cdn");
  const articlesPrefix = await param("articlesPrefix");
  const outputPrefix = await param("outputPrefix");
  for (const [name, prefix] of [
    ["articlesPrefix", articlesPrefix],
    ["outputPrefix", outputPrefix],
  ]) {
    // An empty prefix would make the IAM and bucket-policy grants cover the whole bucket.
    if (!PREFIX.test(prefix) || prefix.includes("//")) {
      problems.push(`${name}: ${JSON.stringify(prefix)} must be a non-empty key prefix ending in "/"`);
    }
  }
  // Nested prefixes would publish the articles, or make every document the run writes fire the
  // articles trigger again: a recursive invocation loop.
  if (articlesPrefix.startsWith(outputPrefix) || outputPrefix.startsWith(articlesPrefix)) {
    problems.push(
      `articlesPrefix and outputPrefix must not contain one another (got ${articlesPrefix}, ${outputPrefix})`,
    );
  }
  const schedule = await param("schedule");
  if (!SCHEDULE.test(schedule)) {
    problems.push(
      `schedule: ${JSON.stringify(schedule)} is not an EventBridge rate(...) or cron(...) expression`,
    );
  }
  const baseUrl = await param("baseUrl");
  if (baseUrl !== "" && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(baseUrl)) {
    problems.push(
      `baseUrl: ${JSON.stringify(baseUrl)} must be an absolute http(s) URL, or empty for the default`,
    );
  }
  const feedConfig = await configFileText(await param("configFile"), problems);
  const s3Endpoint = await param("s3Endpoint");
  if (s3Endpoint !== "") {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(s3Endpoint)) {
      problems.push(`s3Endpoint: ${JSON.stringify(s3Endpoint)} must be an http(s) origin, or empty`);
    }
    // A loopback endpoint on Lambda would only fail every run, and the stage's names are local ones.
    if (process.argv.slice(2).includes("deploy")) {
      problems.push("s3Endpoint is set (the local stage): it is for `osls invoke local`, not for deploy");
    }
  }
  const alarmTopicArn = await param("alarmTopicArn");
  if (alarmTopicArn !== "" && !SNS_TOPIC_ARN.test(alarmTopicArn)) {
    problems.push(`alarmTopicArn: ${JSON.stringify(alarmTopicArn)} is not an SNS topic ARN`);
  }
  const rebuildMemorySize = await integer("rebuildMemorySize", { min: 1024, max: 10_240 });
  const settings = {
    bucketName,
    existingBucket,
    cdn,
    // CloudFormation conditions compare strings; a whole-value variable would stay a boolean.
    cdnFlag: String(cdn),
    articlesPrefix,
    outputPrefix,
    schedule,
    feedBaseUrl: await feedBaseUrl({ baseUrl, cdn, bucketName, outputPrefix, resolveVariable }),
    itemLimit: String(await integer("itemLimit", { min: 1, max: 10_000, optional: true })),
    feedMaxAgeSeconds: String(
      await integer("feedMaxAgeSeconds", { min: 0, max: 31_536_000, optional: true }),
    ),
    pageMaxAgeSeconds: String(
      await integer("pageMaxAgeSeconds", { min: 0, max: 31_536_000, optional: true }),
    ),
    feedConfig,
    s3ForcePathStyle: s3Endpoint === "" ? "" : "true",
    // Lambda takes at most 10,000 records a batch, and a window of at most 300 s.
    eventBatchSize: await integer("eventBatchSize", { min: 1, max: 10_000 }),
    eventBatchingWindowSeconds: await integer("eventBatchingWindowSeconds", { min: 0, max: 300 }),
    // The parallel rebuild (infra/rebuild.yml): articles per read batch, children at once, and the
    // rebuild function's memory (its steps hold every article head; docs/scale.md).
    rebuildBatchSize: await integer("rebuildBatchSize", { min: 1, max: 100_000 }),
    rebuildConcurrency: await integer("rebuildConcurrency", { min: 1, max: 10_000 }),
    rebuildMemorySize,
    // V8's old generation at 3/4 of it, as for the publish function (serverless.yml says why).
    rebuildNodeOptions: `--max-old-space-size=${Math.floor((rebuildMemorySize * 3) / 4)}`,
    noSuccessAlarmSeconds: await noSuccessAlarmSeconds(schedule, param, integer, problems),
    alarmActions: alarmTopicArn === "" ? [] : [alarmTopicArn],
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    logRetentionInDays: await integer("logRetentionInDays", {
      min: 1,
      max: 3653,
      allowed: LOG_RETENTION_DAYS,
    }),
    noncurrentVersionDays: await integer("noncurrentVersionDays", { min: 1, max: 36_500 }),
    // CloudFront wants "/public", never a trailing slash.
    cdnOriginPath: `/${outputPrefix.replace(/\/+$/, "")}`,
    // A bucket this stack creates is declared through provider.s3 so its logical ID stays
    // `S3BucketFeeds` whatever its name; an existing bucket is addressed by name.
    s3EventBucket: existingBucket ? bucketName : "feeds",
    bucketFragment: existingBucket ? "existing-bucket.yml" : "bucket.yml",
    bundleExtension: bundleExtension(),
    esbuildWorkFolder: esbuildWorkFolder(),
  };
  if (problems.length > 0) {
    throw new Error(`invalid deployment params:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return settings;
};
