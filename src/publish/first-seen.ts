/**
 * When the publisher first saw each listed article key: kept from the previous run state, `now` for keys
 * new in this run. It never changes for a key that stays listed, so an undated article's position and
 * Atom `updated` are the same on every run. Keys no longer listed drop out.
 */
export function firstSeenTimes(
  previous: Readonly<Record<string, string>> | undefined,
  keys: readonly string[],
  now: Date,
): Record<string, string> {
  const at = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return Object.fromEntries(keys.map((key) => [key, previous?.[key] ?? at]));
}
