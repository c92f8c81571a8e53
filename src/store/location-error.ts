/** A source or output location that cannot be used as given (a usage error: CLI exit code 2). */
export class LocationError extends Error {
  override name = "LocationError";
  constructor(
    readonly text: string,
    reason: string,
  ) {
    super(`invalid location ${JSON.stringify(text)}: ${reason}`);
  }
}
