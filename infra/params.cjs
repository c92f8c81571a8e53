// Validates the deployment params and derives the values serverless.yml cannot compute itself
// (osls variables have no string functions or type conversion). CommonJS because osls loads
// `${file(x.cjs)}` resolvers with require(), and the package is "type": "module".
"use strict";

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
function bundleExtension() {
  return process.argv.slice(2, 4).join(" ") === "invoke local" ? ".js" : ".mjs";
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
  const integer = async (name, { min, max, allowed }) => {
    const raw = await param(name);
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
    itemLimit: String(await integer("itemLimit", { min: 1, max: 10_000 })),
    feedMaxAgeSeconds: String(await integer("feedMaxAgeSeconds", { min: 0, max: 31_536_000 })),
    pageMaxAgeSeconds: String(await integer("pageMaxAgeSeconds", { min: 0, max: 31_536_000 })),
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
  };
  if (problems.length > 0) {
    throw new Error(`invalid deployment params:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return settings;
};
