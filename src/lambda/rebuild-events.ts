import * as z from "zod";
import { isArticleKey } from "../articles/formats.js";
import { FANOUT_PREFIX, runIdSchema, workItemSchema } from "../fanout/fanout-objects.js";

/**
 * The events the rebuild state machine (infra/rebuild.yml) sends its function, one shape per step. Each
 * step's output is the next step's input there, so the fields mirror RebuildPlan and the step outcomes.
 */
const instant = z.iso.datetime();
/** The exact names the steps give their results (fanout-objects.ts): nothing else of the store, even via `..`. */
const resultPattern = (runId: string, kind: "read" | "pages") =>
  new RegExp(`^${FANOUT_PREFIX}${runId}/${kind === "read" ? "read/[0-9a-f]{64}" : "pages/\\d+"}\\.json$`);
/**
 * A stored article's key as a listing gives it: an article file with no `.` or `..` segment. A leading
 * `/` is allowed: an S3 object `articles//news.md` under the prefix `articles/` lists as `/news.md`, and a
 * single run publishes it, so the rebuild must too (a folder source refuses any key that would leave
 * its root when reading, src/store/inside.ts).
 */
const articleItem = workItemSchema.refine(
  ({ key }) => isArticleKey(key) && !key.split("/").some((s) => s === "." || s === ".."),
  { message: "not an article key of the source" },
);
/** A Distributed Map child's output, as the map collects it: `{ "result": key }`. */
const results = z.array(z.object({ result: z.string() })).transform((items) => items.map((i) => i.result));

/** The execution's input, as given to start-execution: `{}`, `{ "full": true }`, `{ "pagesPerSlice": n }`. */
const plan = z.object({
  rebuild: z.literal("plan"),
  /** The deployment's rebuildBatchSize. */
  batchSize: z.number().int().positive().default(1000),
  options: z
    .strictObject({
      full: z.boolean().default(false),
      pagesPerSlice: z.number().int().positive().optional(),
    })
    .default({ full: false }),
});
/** A Distributed Map batch: ItemBatcher's `Items`, with the run's fields in `BatchInput`. */
const read = z.object({
  BatchInput: z.object({ rebuild: z.literal("read"), runId: runIdSchema, now: instant }),
  Items: z.array(articleItem),
});
const merge = z.object({ rebuild: z.literal("merge"), runId: runIdSchema, now: instant, reads: results });
const pages = z.object({
  rebuild: z.literal("pages"),
  runId: runIdSchema,
  slice: z.number().int().nonnegative(),
  of: z.number().int().positive(),
  full: z.boolean().default(false),
});
const finish = z.object({
  rebuild: z.literal("finish"),
  full: z.boolean().default(false),
  runId: runIdSchema,
  now: instant,
  reads: results,
  pages: results,
});

export type RebuildStep =
  | ({ step: "plan" } & z.output<typeof plan>)
  | ({ step: "read" } & z.output<typeof read>["BatchInput"] & { items: z.output<typeof read>["Items"] })
  | ({ step: "merge" } & z.output<typeof merge>)
  | ({ step: "pages" } & z.output<typeof pages>)
  | ({ step: "finish" } & z.output<typeof finish>);

export class BadRebuildEventError extends Error {
  override name = "BadRebuildEventError";
}

/** The step an event asks for; throws BadRebuildEventError for anything else, or results outside its run. */
export function rebuildStepOf(event: unknown): RebuildStep {
  const batch = read.safeParse(event);
  if (batch.success) return { step: "read", ...batch.data.BatchInput, items: batch.data.Items };
  const step = z.discriminatedUnion("rebuild", [plan, merge, pages, finish]).safeParse(event);
  if (!step.success)
    throw new BadRebuildEventError(
      `not a rebuild step: ${z.prettifyError(step.error).slice(0, 500)} (expected { "rebuild": "plan" } or a later step's input)`,
    );
  const data = step.data;
  if (data.rebuild === "merge" || data.rebuild === "finish") {
    const reads = resultPattern(data.runId, "read");
    const pages = resultPattern(data.runId, "pages");
    const outside = [
      ...data.reads.filter((key) => !reads.test(key)),
      ...(data.rebuild === "finish" ? data.pages.filter((key) => !pages.test(key)) : []),
    ];
    if (outside.length > 0)
      throw new BadRebuildEventError(`${outside[0]}: not a result of rebuild ${data.runId}`);
  }
  if (data.rebuild === "pages" && data.slice >= data.of)
    throw new BadRebuildEventError(`slice ${data.slice} of ${data.of} does not exist`);
  return { step: data.rebuild, ...data } as RebuildStep;
}
