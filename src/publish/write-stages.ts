import { type PlannedDocument, STAGE } from "../site/document-kind.js";
import type { ArticleBodies } from "./article-bodies.js";
import { errorMessage } from "./collect-articles.js";
import { mapLimit } from "./concurrency.js";
import { sha256Hex } from "./hash.js";
import type { DocumentHashes, DocumentOutcome, Ledger } from "./ledger.js";
import type { FeedStore } from "./ports.js";
import { writeOrder } from "./write-order.js";

const WRITE_CONCURRENCY = 8;

export interface WriteInput {
  planned: readonly PlannedDocument[];
  store: FeedStore;
  /** What the state says is stored, and the input digest each stored document was rendered from. */
  stored: DocumentHashes;
  storedInputs: Readonly<Record<string, string>>;
  /**
   * Compare with the store itself instead of the state (repairs documents edited or deleted by hand): all
   * documents, or those the function picks.
   */
  full: boolean | ((doc: PlannedDocument) => boolean);
  dryRun: boolean;
  /** Loads the article bodies a document renders from; omitted: every article is whole in memory. */
  bodies?: ArticleBodies;
  /** Called once per handled document with its outcome (progress reporting, checkpoints). */
  onHandled?: (outcome: DocumentOutcome) => void;
  /** Asked before each document is started: true stops the writes at the next safe point (the deadline). */
  stopWriting?: () => boolean;
  /** After each wave (the run's checkpoints); false stops the writes. */
  afterWave?: () => Promise<boolean>;
}

/**
 * Step 3: wave by wave in link order (write-order.ts), render each document, compare it with what is
 * stored, check it with its kind's verifier (fail closed) and write it. A document that fails its check
 * keeps its previous version; one that never existed is missing, and so is every new document that links
 * to a missing one (held back). A failed write stops the later waves: the store is likely failing, and
 * they may link to what was not written.
 *
 * `stopWriting` (past the deadline) leaves every later document unstarted, not failed, at a safe point:
 * before a wave that starts a new stage of feeds (feeds of one stage are finished together, so readers
 * never see, say, an updated RSS feed beside a stale Atom feed), or within a wave of article pages only
 * that links nowhere inside itself. Everything written then links only to what is stored. Returns how
 * many planned documents were left unstarted.
 */
export async function writeStages(input: WriteInput, ledger: Ledger): Promise<{ left: number }> {
  const missing = new Set<string>();
  let stopped = false;
  const stored = (key: string) => key in input.stored;
  const waves = writeOrder(input.planned, stored);
  // Documents whose inputs are those of the stored version are never written: they split no stage.
  const unchanged = (doc: PlannedDocument) =>
    !fullFor(input, doc) && input.storedInputs[doc.key] === doc.inputDigest && Boolean(input.stored[doc.key]);
  const safeBefore = stageBoundaries(waves, (doc) => !isPage(doc) && !unchanged(doc));
  const leftFrom = (index: number) => waves.slice(index).reduce((sum, w) => sum + w.length, 0);
  for (const [index, wave] of waves.entries()) {
    if (safeBefore[index] && input.stopWriting?.()) return { left: leftFrom(index) };
    const stopsBefore = stopped;
    const cuttable = safeBefore[index + 1] && wave.every(isPage) && !linksWithin(wave, stored);
    let cut = 0;
    await mapLimit(wave, WRITE_CONCURRENCY, async (doc) => {
      if (cuttable && (cut > 0 || input.stopWriting?.())) {
        cut++;
        return;
      }
      const { outcome, heldBack, writeFailed } = await writeDocument(doc, input, missing, stopsBefore);
      if (heldBack && !stored(doc.key)) missing.add(doc.key);
      if (writeFailed) stopped = true;
      ledger.document(outcome);
      input.onHandled?.(outcome);
    });
    if (cut > 0) return { left: cut + leftFrom(index + 1) };
    const last = index === waves.length - 1;
    if (!last && input.afterWave && !(await input.afterWave())) return { left: leftFrom(index + 1) };
  }
  return { left: 0 };
}

const isPage = (doc: PlannedDocument) => doc.stage === STAGE.articlePages;

const fullFor = (input: WriteInput, doc: PlannedDocument) =>
  typeof input.full === "function" ? input.full(doc) : input.full;

/**
 * `[i]`: whether stopping before wave `i` leaves no stage of feeds, archives or index pages part-written
 * (no such stage has `counts` documents both before and from wave `i`). Article pages stand alone.
 */
function stageBoundaries(
  waves: readonly (readonly PlannedDocument[])[],
  counts: (doc: PlannedDocument) => boolean,
): boolean[] {
  const total = new Map<number, number>();
  for (const doc of waves.flat()) if (counts(doc)) total.set(doc.stage, (total.get(doc.stage) ?? 0) + 1);
  const done = new Map<number, number>();
  const whole = () => [...done].every(([stage, count]) => count === total.get(stage));
  const boundaries = [true];
  for (const wave of waves) {
    for (const doc of wave) if (counts(doc)) done.set(doc.stage, (done.get(doc.stage) ?? 0) + 1);
    boundaries.push(whole());
  }
  return boundaries;
}

/** Whether a document of the wave links to another of it that is not stored yet (a cycle being written). */
function linksWithin(wave: readonly PlannedDocument[], stored: (key: string) => boolean): boolean {
  const keys = new Set(wave.filter((doc) => !stored(doc.key)).map((doc) => doc.key));
  return wave.some((doc) => doc.links.some((link) => link !== doc.key && keys.has(link)));
}

/** One document's outcome; `heldBack`: failed its check or links to a missing document. */
type Attempt = { outcome: DocumentOutcome; heldBack?: true; writeFailed?: true };

async function writeDocument(
  doc: PlannedDocument,
  input: WriteInput,
  missing: ReadonlySet<string>,
  stopsBefore: boolean,
): Promise<Attempt> {
  const { key, inputDigest } = doc;
  const failed = (reason: string) => ({ outcome: { kind: "failed" as const, key, reason } });
  // Same inputs as the stored version: same bytes, so not even rendered (a full run re-renders all).
  const full = fullFor(input, doc);
  if (!full && input.storedInputs[key] === inputDigest && input.stored[key])
    return { outcome: { kind: "unchanged", key, inputDigest } };
  const body = await renderWithBodies(doc, input.bodies);
  if (typeof body !== "string") return failed(`not rendered: ${body.problem}`);
  const sha256 = sha256Hex(body);
  const same = full ? await matchesStore(key, sha256, input.store) : input.stored[key] === sha256;
  if (same) return { outcome: { kind: "unchanged", key, inputDigest, sha256 } };
  const problem = doc.verify(body);
  if (problem) return { ...failed(`generated document is invalid, not written: ${problem}`), heldBack: true };
  const dangling = doc.links.find((link) => missing.has(link));
  if (dangling)
    return { ...failed(`not written: links to ${dangling}, which could not be written`), heldBack: true };
  if (stopsBefore) return failed("not written: an earlier write failed");
  const bytes = new TextEncoder().encode(body);
  const written: DocumentOutcome = {
    kind: "written",
    key,
    inputDigest,
    sha256,
    bytes: bytes.byteLength,
    ...(doc.topic ? { topic: doc.topic } : {}),
  };
  if (input.dryRun) return { outcome: written };
  try {
    await input.store.write({
      key,
      body: bytes,
      contentType: doc.contentType,
      cacheControl: doc.cacheControl,
      sha256,
    });
  } catch (error) {
    return { ...failed(`write failed: ${errorMessage(error)}`), writeFailed: true };
  }
  return { outcome: written };
}

/** The document's body, rendered with its articles' bodies loaded and pinned just for the render. */
async function renderWithBodies(
  doc: PlannedDocument,
  bodies: ArticleBodies | undefined,
): Promise<string | { problem: string }> {
  const slots = bodies ? doc.bodies : [];
  if (!bodies || slots.length === 0) return doc.body;
  try {
    const problem = await bodies.acquire(slots);
    return problem ? { problem } : doc.body;
  } finally {
    bodies.release(slots);
  }
}

/**
 * A full run compares with what is actually stored, which repairs objects edited by hand. A document
 * that cannot be read back counts as different: it is written again, and a store that fails that write
 * too is reported like any failed write (the run never aborts without a report).
 */
async function matchesStore(key: string, sha256: string, store: FeedStore): Promise<boolean> {
  const current = await store.read(key).catch(() => undefined);
  return current !== undefined && sha256Hex(current.body) === sha256;
}
