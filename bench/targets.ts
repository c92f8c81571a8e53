/**
 * The targets of issue 8, checked against measured figures. Where the issue states a target for one
 * scenario only ("one new article: ≤ 5% of a full run, ≤ 1 MiB of state written"), the other single-article
 * changes are held to the same bound, since the point is that a run costs what changed; those
 * are marked derived.
 */
import type { ScenarioName } from "./corpus.js";

export interface ScenarioRow {
  name: ScenarioName;
  store: "memory" | "s3";
  articles: number;
  body_bytes: number;
  runs: number;
  cpu_ms: number;
  wall_ms: number;
  peak_rss_mb: number;
  articles_read: number;
  writes: number;
  deletes: number;
  state_bytes_read: number;
  state_bytes_written: number;
  document_bytes_written: number;
  requests: Record<string, number>;
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
  derived?: boolean;
}

const MiB = 2 ** 20;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function scenarioVerdicts(row: ScenarioRow, firstRun: ScenarioRow | undefined): Verdict[] {
  const out: Verdict[] = [];
  const share = firstRun ? row.cpu_ms / firstRun.cpu_ms : undefined;
  const cpuShare = (limit: number, derived: boolean) => {
    if (share !== undefined)
      out.push({
        target: `CPU ≤ ${limit * 100}% of first run`,
        measured: pct(share),
        met: share <= limit,
        derived,
      });
  };
  const single = row.name !== "first run" && row.name !== "nothing new";
  if (row.name === "nothing new") {
    cpuShare(0.02, false);
    if (row.articles >= 100_000)
      out.push({
        target: "CPU ≤ 1 s at 100k",
        measured: `${Math.round(row.cpu_ms)} ms`,
        met: row.cpu_ms <= 1000,
      });
    out.push({
      target: "0 writes",
      measured: String(row.writes),
      met: row.writes === 0 && row.state_bytes_written === 0,
    });
  }
  if (single) {
    const derived = row.name !== "one new article";
    cpuShare(0.05, derived);
    out.push({
      target: "state written ≤ 1 MiB",
      measured: `${(row.state_bytes_written / MiB).toFixed(2)} MiB`,
      met: row.state_bytes_written <= MiB,
      derived,
    });
    if (!derived) out.push({ target: "≤ 12 writes", measured: String(row.writes), met: row.writes <= 12 });
  }
  out.push({
    target: "peak RSS ≤ 1 GiB (1,024 MB Lambda)",
    measured: `${Math.round(row.peak_rss_mb)} MiB`,
    met: row.peak_rss_mb <= 1024,
    derived: !(row.name === "first run" && row.articles >= 100_000),
  });
  return out;
}

export interface RenderRatio {
  items: number;
  ms: { ours: number; oursUnchecked: number; feed6: number; hand: number };
  ours_vs_feed6: number;
  /** Rendering alone, without the strict re-parse every RSS and Atom body gets before it is written. */
  ours_unchecked_vs_feed6: number;
  feed6_vs_hand: number;
  ours_vs_hand: number;
  json_ms: Record<string, number>;
  json_vs_stringify: number;
  json_unchecked_vs_stringify: number;
}

export interface ColdStart {
  runs: number;
  client_s3_ms: number;
  handler_ms: number;
  handler_source_maps_ms: number;
  handler_vs_client_s3: number;
  handler_source_maps_vs_client_s3: number;
  handler_rss_mb: number;
  handler_source_maps_rss_mb: number;
  client_s3_rss_mb: number;
  bundle_bytes: number;
  bundle_parts: { name: string; bytes: number; share: number }[];
}

export function ratioVerdicts(render: RenderRatio[], cold: ColdStart | undefined): Verdict[] {
  const out: Verdict[] = [];
  for (const r of render) {
    out.push({
      target: `main feeds, ${r.items} items: ours ≤ 1.1× feed@6 alone`,
      measured: `${r.ours_vs_feed6.toFixed(2)}×`,
      met: r.ours_vs_feed6 <= 1.1,
    });
    out.push({
      target: `JSON Feed, ${r.items} items: ≤ 1.2× JSON.stringify`,
      measured: `${r.json_vs_stringify.toFixed(2)}×`,
      met: r.json_vs_stringify <= 1.2,
    });
  }
  if (cold)
    out.push({
      // As deployed: source maps are read only when a run fails (src/lambda/source-stack.ts).
      target: "handler import ≤ 1.15× @aws-sdk/client-s3 import (as deployed, no --enable-source-maps)",
      measured: `${cold.handler_vs_client_s3.toFixed(2)}×`,
      met: cold.handler_vs_client_s3 <= 1.15,
    });
  return out;
}
