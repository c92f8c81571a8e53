/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts the sequences that move the
 * cursor, retitle the window or rewrite earlier lines), DEL, C1 controls (U+009B is a one-character CSI) and
 * the bidirectional overrides that make text read differently than it is stored
 * (https://trojansource.codes/). A file name is chosen by whoever wrote it into the source folder, so
 * reports show these escaped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) =>
  (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(width, "0");

/** Text as `\xHH` / `\uHHHH` escapes where a terminal would act on it, for human-readable reports. */
export function terminalSafe(text: string): string {
  return text.replace(UNPRINTABLE, (c) =>
    c.length === 1 && c <= "\u00ff" ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`,
  );
}

/** JSON.stringify escapes C0 controls in strings but leaves DEL, C1 and bidi controls raw. */
const RAW_IN_JSON = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON with those characters as `\uHHHH` escapes: the same value, safe to print. */
export function terminalSafeJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
