import type { ParseContext, UndatedPolicy } from "../article.js";
import { BUILTIN_CRUFT_PATTERNS } from "./cruft-patterns.js";

/** The reading settings of a run, as the configuration gives them (a structural subset of Config). */
export interface ReadingSettings {
  timeZone: string;
  language: string;
  cruftPatterns: readonly string[];
  builtinCruftPatterns: boolean;
  fallbackToModifiedTime: boolean;
  undated?: UndatedPolicy | undefined;
  dateOrder: "DMY" | "MDY";
  detectLanguage: boolean;
  sources: readonly SourceRule[];
}

export interface SourceRule {
  match: string;
  timeZone?: string | undefined;
  language?: string | undefined;
  dateOrder?: "DMY" | "MDY" | undefined;
  cruftPatterns?: readonly string[] | undefined;
  undated?: UndatedPolicy | undefined;
}

/** The default `undated` policy: a page a reader has never seen is news to them (docs/reading.md). */
export const DEFAULT_UNDATED: UndatedPolicy = "first-seen";

type ReadingContext = Pick<
  ParseContext,
  | "timeZone"
  | "cruftPatterns"
  | "undated"
  | "dateOrder"
  | "language"
  | "sourceLanguage"
  | "detectLanguage"
  | "fallbackToModifiedTime"
>;

const cache = new WeakMap<object, Map<number, ReadingContext>>();

/**
 * The reading settings for one key: the site-wide settings overridden by the first `sources` rule whose
 * prefix or glob matches the key. The cruft list is the built-in one (unless switched off) plus the
 * site-wide patterns plus the rule's. The same array object is returned for every key of a rule, so
 * compiled patterns are cached per rule, not per article.
 */
export function readingContextFor(settings: ReadingSettings, key: string): ReadingContext {
  const ruleIndex = settings.sources.findIndex((rule) => matchesKey(rule.match, key));
  let perRule = cache.get(settings);
  if (!perRule) {
    perRule = new Map();
    cache.set(settings, perRule);
  }
  const hit = perRule.get(ruleIndex);
  if (hit) return hit;
  const rule = settings.sources[ruleIndex];
  const context: ReadingContext = {
    timeZone: rule?.timeZone ?? settings.timeZone,
    cruftPatterns: [
      ...(settings.builtinCruftPatterns ? BUILTIN_CRUFT_PATTERNS : []),
      ...settings.cruftPatterns,
      ...(rule?.cruftPatterns ?? []),
    ],
    undated:
      rule?.undated ??
      settings.undated ??
      (settings.fallbackToModifiedTime ? "modified-time" : DEFAULT_UNDATED),
    dateOrder: rule?.dateOrder ?? settings.dateOrder,
    language: settings.language,
    ...(rule?.language ? { sourceLanguage: rule.language } : {}),
    detectLanguage: settings.detectLanguage,
    fallbackToModifiedTime: settings.fallbackToModifiedTime,
  };
  perRule.set(ruleIndex, context);
  return context;
}

/**
 * A rule matches a key by prefix (`am/news/`), or, when it has glob characters, as a glob over the whole
 * key (`*` within one folder, `**` across folders, `?` one character). Hand-written: a dozen lines, and
 * the libraries (picomatch, minimatch) bring options we do not want operators to depend on.
 */
export function matchesKey(match: string, key: string): boolean {
  if (!/[*?]/.test(match)) return key.startsWith(match);
  let source = "^";
  for (let i = 0; i < match.length; i++) {
    const c = match[i] as string;
    if (c === "*" && match[i + 1] === "*") {
      i++;
      if (match[i + 1] === "/") {
        source += "(?:.*/)?";
        i++;
      } else source += ".*";
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${source}$`, "u").test(key);
}
