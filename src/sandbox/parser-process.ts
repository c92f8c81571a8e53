import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ParseContext, ParseResult } from "../articles/article.js";

/**
 * Parsing one article under a time and memory budget, in a child process.
 *
 * Why: marked's inline lexer is quadratic or worse on some inputs (80 KB of `**a ` takes minutes,
 * https://github.com/markedjs/marked/issues/4099) and a deeply nested list exhausts a 1 GB heap. A
 * synchronous parse cannot be interrupted from its own thread, so it runs where it can be killed: a child
 * process with a capped heap (`--max-old-space-size`) and a deadline per article. A worker thread with
 * `resourceLimits` would be cheaper, but Node 20's workers do not run module customisation hooks, so they
 * cannot load our TypeScript sources under tsx (npm start, the tests); a child process runs the same code
 * in every mode: TypeScript sources, the compiled dist/ and the single-file Lambda bundle.
 *
 * The child is this very module (forked with ROLE_VARIABLE set), so it needs no entry point of its own and
 * survives bundling (in the Lambda bundle `import.meta.url` is the bundle itself, so the child evaluates the
 * whole bundle: entry points must do no work at their top level, as src/handler.ts does none;
 * test/sandbox/bundled.test.ts checks the bundled case). One child serves a whole run, one article at a
 * time; after a budget kill the next article starts a fresh one.
 */

export interface ParseBudget {
  /** Longest one article may take to parse. */
  timeoutMs: number;
  /** Heap limit of the parsing process. */
  memoryMb: number;
  /**
   * Longest all articles of one run (one ParserProcess) may take together. Each hostile article costs its
   * own budget, so many of them could still outlast the Lambda timeout (300 s) and the run would never save
   * its state; past this, the remaining articles wait for the next run (a published one keeps its last
   * good version) and the run finishes.
   */
  runTimeoutMs?: number;
}

export const DEFAULT_PARSE_BUDGET: ParseBudget = { timeoutMs: 5_000, memoryMb: 256, runTimeoutMs: 60_000 };

const ROLE_VARIABLE = "FEED_PUBLISHER_PARSER_PROCESS";

/** How long a fresh child may take to load before the article it was started for is given up. */
const STARTUP_TIMEOUT_MS = 30_000;

type Request = { id: number; key: string; bytes: Uint8Array; ctx: ParseContext };
type Reply = { id: number; result: ParseResult } | { ready: true };

interface Job extends Omit<Request, "id"> {
  resolve: (result: ParseResult) => void;
}

const reject = (key: string, reason: string): ParseResult => ({ ok: false, error: { key, reason } });

/** A child process that parses articles one at a time, each under `budget`. */
export class ParserProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<boolean> | undefined;
  private readonly queue: Job[] = [];
  private running = false;
  private nextId = 1;
  /** Time spent parsing so far, against `budget.runTimeoutMs`. */
  private spentMs = 0;

  constructor(readonly budget: ParseBudget = DEFAULT_PARSE_BUDGET) {}

  parse(key: string, bytes: Uint8Array, ctx: ParseContext): Promise<ParseResult> {
    return new Promise((resolve) => {
      this.queue.push({ key, bytes, ctx, resolve });
      void this.drain();
    });
  }

  /** Stops the child; later calls to parse start a new one. */
  close(): void {
    this.stop();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) job.resolve(await this.run(job));
    } finally {
      this.running = false;
      this.child?.unref();
      this.child?.channel?.unref();
    }
  }

  private async run(job: Job): Promise<ParseResult> {
    const runLimit = this.budget.runTimeoutMs ?? Number.POSITIVE_INFINITY;
    if (this.spentMs >= runLimit)
      return reject(
        job.key,
        `not parsed: this run's parsing time budget (${runLimit / 1000} s) was spent on other articles; it is tried again on the next run`,
      );
    const began = performance.now();
    try {
      return await this.runInChild(job);
    } finally {
      this.spentMs += performance.now() - began;
    }
  }

  private async runInChild(job: Job): Promise<ParseResult> {
    let started = await this.start();
    // A child that died while idle (killed from outside) is replaced rather than written to.
    if (started && !this.child?.connected) {
      this.stop();
      started = await this.start();
    }
    const child = this.child;
    if (!started || !child?.connected)
      return reject(job.key, "not parsed: the parsing process could not start");
    child.ref();
    child.channel?.ref();
    const id = this.nextId++;
    return new Promise<ParseResult>((resolve) => {
      const done = (result: ParseResult) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(result);
      };
      const onMessage = (reply: Reply) => {
        if ("id" in reply && reply.id === id) done(reply.result);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.forget(child);
        // V8 aborts (SIGABRT, exit code 134) when the heap limit is reached.
        const outOfMemory = signal === "SIGABRT" || code === 134;
        done(
          reject(
            job.key,
            outOfMemory
              ? `not parsed: exceeded the parsing memory budget (${this.budget.memoryMb} MB); simplify the article or split it`
              : `not parsed: the parsing process stopped (${signal ?? `exit code ${code}`})`,
          ),
        );
      };
      const timer = setTimeout(() => {
        this.stop();
        done(
          reject(
            job.key,
            `not parsed: took longer than the parsing time budget (${this.budget.timeoutMs / 1000} s); simplify the article or split it`,
          ),
        );
      }, this.budget.timeoutMs);
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.send({ id, key: job.key, bytes: job.bytes, ctx: job.ctx } satisfies Request);
    });
  }

  private start(): Promise<boolean> {
    if (this.ready) return this.ready;
    const self = fileURLToPath(import.meta.url);
    const fromSource = self.endsWith(".ts");
    const child = fork(self, [], {
      // Run from TypeScript sources (tsx, vitest), the child needs tsx's loader too.
      execArgv: [
        ...(fromSource
          ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href]
          : []),
        `--max-old-space-size=${this.budget.memoryMb}`,
      ],
      env: { ...process.env, [ROLE_VARIABLE]: "1" },
      serialization: "advanced",
      // V8's out-of-memory report is long and says nothing the rejection reason does not.
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
    this.child = child;
    child.once("exit", () => this.forget(child));
    this.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), STARTUP_TIMEOUT_MS);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.off("error", onExit);
        if (!ok) this.stop();
        resolve(ok);
      };
      const onMessage = (reply: Reply) => {
        if ("ready" in reply) finish(true);
      };
      const onExit = () => finish(false);
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.on("error", onExit);
    });
    return this.ready;
  }

  private forget(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
  }

  private stop(): void {
    const child = this.child;
    if (!child) return;
    this.forget(child);
    child.kill("SIGKILL");
  }
}

/** The child's side: parse each request with the pure parser and reply; exit when the parent goes away. */
async function serve(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) return;
  // Loaded here only: the parent never pays for the Markdown and YAML parsers. Loaded before "ready", so
  // loading them (seconds under tsx on a busy machine) counts against start-up, not against the first
  // article's parse budget, which rejected ordinary articles on a loaded machine.
  const { parseArticle } = await import("../articles/parse.js");
  process.on("message", (request: Request) => {
    send({ id: request.id, result: parseArticle(request.key, request.bytes, request.ctx) } satisfies Reply);
  });
  process.on("disconnect", () => process.exit(0));
  // A parent killed while this child was still starting (loading under tsx takes seconds on a busy machine)
  // disconnected before the listener above existed: leave at once instead of waiting to be noticed.
  if (!process.connected) process.exit(0);
  send({ ready: true } satisfies Reply);
}

if (process.env[ROLE_VARIABLE] === "1" && process.send) void serve();
