/**
 * Synthetic scraped articles for the benchmark, in the seed's `.txt` layout (date line, title, paragraphs,
 * view counter, "Latest news"). SYNTHETIC: every title says so; none of this is real news.
 *
 * 1,000 articles per month from January 2000, in 8 sections (folders, hence categories). Bodies are
 * fixed-width (zero-padded numbers), so an article's byte size is known without generating it: a source
 * of 100,000 articles lists instantly and generates each text only when it is read, and the harness's
 * own memory stays out of the peak RSS it measures.
 */
import type { ArticleSource, SourceEntry } from "../src/publish/ports.js";

export const ARTICLES_PER_MONTH = 1000;
const SECTIONS = 8;
const FIRST_YEAR = 2000;
/** The settings of the synthetic site: the seeds' zone, defaults otherwise (itemLimit 50). */
export const BENCH_CONFIG = { timeZone: "Asia/Yerevan", baseUrl: "https://news.example/" };
/** The clock of every run: after any date the corpus can hold (1M articles end in 2083). */
export const BENCH_NOW = new Date("2200-01-01T00:00:00Z");

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const SENTENCES = [
  "The regional council met on Tuesday to discuss the budget for roads, schools and the new water main.",
  "Officials said the work would start in spring, weather permitting, and last about eighteen months.",
  "Residents of Հայաստան and Россия who attended asked about “delays”, costs and the tender’s conditions.",
  "A spokesperson declined to comment on the figures, saying a full report would follow next week.",
  "Observers noted that similar projects elsewhere had run over budget by a fifth on average.",
];

/** How an article is spelled: `i` is its number; `version` changes its text (an edit). */
export interface ArticleSpec {
  i: number;
  /** Months since January 2000. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  version: number;
}

export const keyOf = (i: number) => `section-${i % SECTIONS}/article-${String(i).padStart(7, "0")}.txt`;

export function specOf(i: number, version = 1): ArticleSpec {
  const j = i % ARTICLES_PER_MONTH;
  return {
    i,
    month: Math.floor(i / ARTICLES_PER_MONTH),
    day: 1 + Math.floor(j / 40),
    hour: Math.floor((j % 40) / 2),
    minute: (j % 2) * 30 + (i % 7),
    version,
  };
}

function dateLine(s: ArticleSpec): string {
  const year = FIRST_YEAR + Math.floor(s.month / 12);
  const month = MONTHS[s.month % 12] as string;
  return `${s.day} / ${month} / ${year} : ${String(s.hour).padStart(2, "0")}-${String(s.minute).padStart(2, "0")}`;
}

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).byteLength;

/**
 * The text of one article of about `targetBytes`. Everything but the date line has the same byte length
 * for every `i` and version, so `sizeOf` needs only the date line.
 */
export function articleText(s: ArticleSpec, targetBytes: number): string {
  const n = String(s.i).padStart(7, "0");
  const v = String(s.version).padStart(2, "0");
  const title = `Synthetic benchmark article ${n} (not real news), version ${v}`;
  // Sentences are added until the text reaches the target (within one sentence, ~100 bytes); a paragraph
  // holds three.
  const head = byteLength(`${title}\n\n`) + 60;
  const paragraphs: string[] = [];
  for (let k = 0, bytes = head; bytes < targetBytes; k++) {
    const sentence = SENTENCES[k % SENTENCES.length] as string;
    if (k % 3 === 0) {
      const lead = `Paragraph ${String(k / 3).padStart(2, "0")} of article ${n}, version ${v}.`;
      paragraphs.push(lead);
      bytes += byteLength(lead) + 2;
    }
    paragraphs[paragraphs.length - 1] += ` ${sentence}`;
    bytes += byteLength(sentence) + 1;
  }
  return `${dateLine(s)}\n\n${title}\n\n${paragraphs.join("\n\n")}\nViewed ${String(s.i % 1000).padStart(3, "0")}times\nLatest news\n`;
}

const fixedPartBytes = new Map<number, number>();
export function sizeOf(s: ArticleSpec, targetBytes: number): number {
  let fixed = fixedPartBytes.get(targetBytes);
  if (fixed === undefined) {
    const probe = specOf(0);
    fixed = byteLength(articleText(probe, targetBytes)) - byteLength(dateLine(probe));
    fixedPartBytes.set(targetBytes, fixed);
  }
  return fixed + byteLength(dateLine(s));
}

/** What changes between the stored corpus and a scenario's run. */
export type Change =
  | { kind: "none" }
  | { kind: "add"; key: string; spec: ArticleSpec }
  | { kind: "edit"; key: string; spec: ArticleSpec }
  | { kind: "delete"; key: string };

export const SCENARIOS = [
  "first run",
  "nothing new",
  "one new article",
  "one edited article",
  "one deleted article",
  "new article, new month",
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * The change each scenario makes to a corpus of `n` articles. Edits and deletions hit the newest article
 * (corrections and take-downs come soon after publishing, while it is in the main feed); the new article
 * lands in the newest month, after every other one in it, or opens the month after.
 */
export function changeFor(scenario: ScenarioName, n: number): Change {
  const newest = specOf(n - 1);
  switch (scenario) {
    case "first run":
    case "nothing new":
      return { kind: "none" };
    case "one new article":
      return {
        kind: "add",
        key: "section-0/article-new.txt",
        spec: { i: n, month: newest.month, day: 28, hour: 23, minute: 59, version: 1 },
      };
    case "new article, new month":
      return {
        kind: "add",
        key: "section-0/article-new-month.txt",
        spec: { i: n, month: newest.month + 1, day: 1, hour: 8, minute: 0, version: 1 },
      };
    case "one edited article":
      return { kind: "edit", key: keyOf(n - 1), spec: specOf(n - 1, 2) };
    case "one deleted article":
      return { kind: "delete", key: keyOf(n - 1) };
  }
}

/**
 * The corpus as an ArticleSource, generated on read (the in-memory runs). Etags name the version, as an
 * S3 ETag names the content.
 */
export class SyntheticSource implements ArticleSource {
  readonly location = "memory:synthetic";
  constructor(
    private readonly n: number,
    private readonly targetBytes: number,
    private readonly change: Change,
  ) {}

  private specFor(key: string): ArticleSpec | undefined {
    const c = this.change;
    if ((c.kind === "add" || c.kind === "edit") && c.key === key) return c.spec;
    const match = /article-(\d{7})\.txt$/.exec(key);
    return match ? specOf(Number(match[1])) : undefined;
  }

  async list(): Promise<SourceEntry[]> {
    const c = this.change;
    const entries: SourceEntry[] = [];
    for (let i = 0; i < this.n; i++) {
      const key = keyOf(i);
      if (c.kind === "delete" && c.key === key) continue;
      const spec = c.kind === "edit" && c.key === key ? c.spec : specOf(i);
      entries.push(this.entry(key, spec));
    }
    if (c.kind === "add") entries.push(this.entry(c.key, c.spec));
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private entry(key: string, spec: ArticleSpec): SourceEntry {
    return {
      key,
      etag: `${spec.i}-${spec.version}`,
      size: sizeOf(spec, this.targetBytes),
      lastModified: "2026-01-01T00:00:00.000Z",
    };
  }

  async read(key: string): Promise<Uint8Array> {
    const spec = this.specFor(key);
    if (!spec || (this.change.kind === "delete" && this.change.key === key))
      throw new Error(`no such article: ${key}`);
    return encoder.encode(articleText(spec, this.targetBytes));
  }
}
