import type { PublishProgress } from "../publish/publish.js";

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** Pass to publish() as onProgress. */
  readonly update: (progress: PublishProgress) => void;
  /** Erases the line (if one was drawn) before the report is printed. */
  readonly done: () => void;
}

const SILENT: ProgressLine = { update: () => {}, done: () => {} };

/**
 * One self-overwriting line on a terminal ("reading articles 120/1100"), shown only once a run has taken
 * longer than `delayMs`: a quick run prints nothing but its report, and pipes and --json get no progress.
 */
export function progressLine(
  stream: ProgressStream,
  options: { enabled: boolean; delayMs?: number; intervalMs?: number; now?: () => number },
): ProgressLine {
  if (!options.enabled || !stream.isTTY) return SILENT;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  let drawnAt: number | undefined;
  let width = 0;
  const draw = (text: string) => {
    // Cut to the terminal's width: a wrapped line cannot be overwritten with \r.
    // A pseudo-terminal without a size reports 0 columns: assume the usual 80.
    const line = text.slice(0, Math.max(10, (stream.columns || 80) - 1));
    stream.write(`\r${line.padEnd(width)}`);
    width = line.length;
  };
  return {
    update(progress) {
      const t = now();
      if (t - started < delayMs) return;
      const last = progress.done === progress.total;
      if (drawnAt !== undefined && t - drawnAt < intervalMs && !last) return;
      drawnAt = t;
      draw(describe(progress));
    },
    done() {
      if (drawnAt !== undefined) stream.write(`\r${" ".repeat(width)}\r`);
    },
  };
}

export function describe(progress: PublishProgress): string {
  return progress.phase === "reading"
    ? `reading articles ${progress.done}/${progress.total}`
    : `documents ${progress.done}/${progress.total} (${progress.written} written)`;
}
