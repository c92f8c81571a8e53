// Hand-written: the language libraries on npm (franc and its trigram tables) are large for a Lambda bundle
// and weak on short texts; for the languages we read, the script settles most (Armenian, Georgian) and a
// few dozen stopwords settle the rest (Cyrillic ru/uk, Latin en/de/fr/es/az).

const SCRIPTS: readonly { language: string; pattern: RegExp }[] = [
  { language: "hy", pattern: /\p{Script=Armenian}/gu },
  { language: "ka", pattern: /\p{Script=Georgian}/gu },
  { language: "cyrl", pattern: /\p{Script=Cyrillic}/gu },
  { language: "latn", pattern: /\p{Script=Latin}/gu },
  { language: "ar", pattern: /\p{Script=Arabic}/gu },
  { language: "zh", pattern: /\p{Script=Han}/gu },
];

const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  ru: ["и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "он", "для", "был", "его", "от", "также"],
  uk: ["і", "й", "в", "у", "не", "на", "що", "з", "це", "як", "із", "від", "для", "був", "його", "також"],
  en: [
    "the",
    "and",
    "of",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "was",
    "on",
    "with",
    "as",
    "by",
    "he",
    "said",
  ],
  de: ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auf", "für", "ein", "eine", "dem"],
  fr: ["le", "la", "les", "et", "des", "est", "une", "un", "du", "dans", "pour", "que", "qui", "sur", "pas"],
  es: ["el", "la", "los", "las", "y", "que", "en", "del", "un", "una", "por", "con", "para", "es", "se"],
  az: ["və", "bu", "ilə", "üçün", "bir", "də", "da", "ki", "olan", "olub", "edib", "isə", "görə", "daha"],
};

/** The article's language (ISO 639-1) from its text, or undefined when the text is too short or mixed. */
export function detectLanguage(text: string): string | undefined {
  const counts = SCRIPTS.map(({ language, pattern }) => ({ language, n: text.match(pattern)?.length ?? 0 }));
  counts.sort((a, b) => b.n - a.n);
  const top = counts[0];
  if (!top || top.n < 20) return undefined;
  if (top.language === "cyrl") return byStopwords(text, ["ru", "uk"]);
  if (top.language === "latn") return byStopwords(text, ["en", "de", "fr", "es", "az"]);
  return top.language;
}

function byStopwords(text: string, languages: readonly string[]): string | undefined {
  const words = text.toLowerCase().split(/[^\p{L}'ʼ]+/u);
  const scored = languages.map((language) => {
    const set = new Set(STOPWORDS[language]);
    return { language, n: words.filter((w) => set.has(w)).length };
  });
  scored.sort((a, b) => b.n - a.n);
  const [first, second] = scored;
  if (!first || first.n < 3 || (second && first.n < second.n * 1.5)) return undefined;
  return first.language;
}

/** Whether an article language differs from the feed's (`en` and `en-US` are the same language). */
export function differentLanguage(article: string, feed: string | undefined): boolean {
  if (feed === undefined) return true;
  const primary = (tag: string) => tag.split("-")[0]?.toLowerCase();
  return primary(article) !== primary(feed);
}
