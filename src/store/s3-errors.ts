/**
 * S3 errors as people can act on them: the operation, the s3:// address and a reason, with a copy of the
 * SDK error that holds no signed request (safe to log).
 */
/** One key DeleteObjects could not delete. */
export interface S3DeleteFailure {
  key: string;
  code: string;
  message: string;
}

/**
 * An S3 call failed. The message names the operation, the s3:// address and a reason a person can act
 * on; `cause` is a sanitised copy of the SDK error (name, message, code, status, request id).
 */
export class S3StoreError extends Error {
  override name = "S3StoreError";
  /** Per-key failures of a DeleteObjects call. */
  readonly failures: S3DeleteFailure[];

  constructor(
    readonly operation: string,
    readonly bucket: string,
    /** Full object key, or the prefix for listings. */
    readonly key: string,
    /** S3 error code (e.g. NoSuchBucket) or SDK error name; "unknown" when neither is known. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown; failures?: S3DeleteFailure[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.failures = options?.failures ?? [];
  }
}

interface SdkErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const asSdkError = (error: unknown): SdkErrorLike =>
  typeof error === "object" && error !== null ? (error as SdkErrorLike) : { message: String(error) };

export const statusOf = (error: unknown): number | undefined => asSdkError(error).$metadata?.httpStatusCode;

/** S3 error code: the SDK exposes it as the error's name for modelled and unmodelled service errors alike. */
export function codeOf(error: unknown): string {
  const e = asSdkError(error);
  return e.Code ?? e.code ?? e.name ?? "unknown";
}

const REASONS: Record<string, string> = {
  NoSuchBucket: "the bucket does not exist",
  NoSuchKey: "the object does not exist",
  NotFound: "the object does not exist",
  InvalidAccessKeyId: "the access key id is not known to the store; check the configured credentials",
  SignatureDoesNotMatch:
    "the secret access key does not match the access key id; check the configured credentials",
  ExpiredToken: "the credentials have expired",
  InvalidToken: "the session token is invalid",
  AccessDenied: "access denied; check the IAM policy or bucket policy for this operation",
  Forbidden: "access denied; check the IAM policy or bucket policy for this operation",
  AllAccessDisabled: "all access to this bucket has been disabled",
  PermanentRedirect: "the bucket is in another region; set AWS_REGION to the bucket's region",
  AuthorizationHeaderMalformed:
    "the request was signed for the wrong region; set AWS_REGION to the bucket's region",
  CredentialsProviderError: "no AWS credentials were found (environment, profile or instance role)",
  ECONNREFUSED: "the endpoint refused the connection; check the endpoint URL",
  ENOTFOUND: "the endpoint host name does not resolve; check the endpoint URL and region",
  TimeoutError: "the request timed out",
};

function reasonFor(error: unknown): { code: string; reason: string } {
  let code = codeOf(error);
  // Errors without a body (HEAD, some 403/404s) reach us only as an HTTP status.
  if (code === "unknown" || code === "Error" || code === "UnknownError") {
    const status = statusOf(error);
    if (status === 403) code = "AccessDenied";
    else if (status === 404) code = "NotFound";
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof errno === "string") code = errno;
  }
  const known = REASONS[code];
  const message = asSdkError(error).message;
  return { code, reason: known ?? (message && message !== code ? message : "the request failed") };
}

export const s3Url = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/**
 * A copy of an SDK error without its enumerable `$response` (which holds the signed request, Authorization
 * header included) or echoed fields such as AWSAccessKeyId and StringToSign: loggers such as Powertools
 * serialise every enumerable property of an error's cause.
 */
export function sanitise(error: unknown): Error {
  const e = asSdkError(error);
  const clean = new Error(e.message ?? String(error));
  clean.name = e.name ?? "Error";
  if (error instanceof Error && error.stack) clean.stack = error.stack;
  const { httpStatusCode, requestId } = e.$metadata ?? {};
  return Object.assign(clean, {
    code: codeOf(error),
    ...(httpStatusCode === undefined ? {} : { httpStatusCode }),
    ...(requestId ? { requestId } : {}),
  });
}

export function wrap(
  operation: string,
  verb: string,
  bucket: string,
  key: string,
  error: unknown,
  failures: S3DeleteFailure[] = [],
): S3StoreError {
  const { code, reason } = reasonFor(error);
  return new S3StoreError(
    operation,
    bucket,
    key,
    code,
    `cannot ${verb} ${s3Url(bucket, key)}: ${reason} (${code})`,
    {
      cause: sanitise(error),
      failures,
    },
  );
}

export const isMissing = (error: unknown) => {
  const code = codeOf(error);
  return code === "NoSuchKey" || code === "NotFound" || statusOf(error) === 404;
};

/** A missing bucket is also a 404, but must never pass for a missing object. */
export const isMissingBucket = (error: unknown) => codeOf(error) === "NoSuchBucket";
