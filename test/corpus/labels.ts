// The labelled page corpus in test/fixtures/pages/: one stored page (`<id>.txt`, bytes exactly as found) and
// the truth a careful person reads off it (`<id>.expected.json`). The format is the contract between the corpus
// and `npm run accuracy`; see test/fixtures/pages/README.md.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "pages");
/**
 * Pages labelled the same way but never used to tune the reader (test/fixtures/holdout/README.md): a change
 * to the reader is judged on them, not fitted to them.
 */
export const HOLDOUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "holdout");

// A minute-precise instant with an explicit offset, or a bare day when the page prints no time of day.
const PRINTED_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/;

const isIanaZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const printedTime = z.string().regex(PRINTED_TIME).nullable();

export const pageLabelSchema = z
  .strictObject({
    source: z.string().min(10),
    site: z.string().min(3),
    language: z.string().regex(/^[a-z]{2,3}$/),
    layout: z.string().min(3),
    storedAt: z.string().regex(INSTANT),
    timeZone: z.string().refine(isIanaZone, "not an IANA time zone"),
    decision: z.enum(["publish", "reject"]),
    title: z.string().min(1).nullable(),
    published: printedTime,
    updated: printedTime,
    firstParagraph: z.string().min(1).nullable(),
    lastParagraph: z.string().min(1).nullable(),
    mustNotContain: z.array(z.string().min(2)).max(6),
    notes: z.string().optional(),
  })
  .superRefine((label, ctx) => {
    if (label.decision === "publish") {
      for (const key of ["title", "firstParagraph", "lastParagraph"] as const) {
        if (label[key] === null)
          ctx.addIssue({ code: "custom", path: [key], message: "required to publish" });
      }
      // Fewer than two furniture strings only where the page has none (bare dataset records); say so.
      if (label.mustNotContain.length < 2 && !/furniture/i.test(label.notes ?? "")) {
        ctx.addIssue({ code: "custom", path: ["mustNotContain"], message: "2-6 strings, or notes explain" });
      }
    }
    if (label.updated !== null && label.published === null) {
      ctx.addIssue({ code: "custom", path: ["updated"], message: "updated without published" });
    }
  });

export type PageLabel = z.infer<typeof pageLabelSchema>;

export interface CorpusPage {
  readonly id: string;
  readonly bytes: Buffer;
  readonly label: PageLabel;
}

/** Every page id in a corpus folder (from the `.txt` files), sorted. */
export const pageIds = (dir: string = PAGES_DIR): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .map((name) => name.slice(0, -".txt".length))
    .sort();

export const readPage = (id: string, dir: string = PAGES_DIR): CorpusPage => ({
  id,
  bytes: readFileSync(join(dir, `${id}.txt`)),
  label: pageLabelSchema.parse(JSON.parse(readFileSync(join(dir, `${id}.expected.json`), "utf8"))),
});

/** Whitespace collapsed to single spaces and trimmed: how labels quote paragraphs of wrapped text dumps. */
export const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();
