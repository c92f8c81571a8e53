import { readFileSync } from "node:fs";
import { SourceMap, type SourceOrigin } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * A failed run's stack with the frames in `moduleUrl` (the Lambda bundle) pointing into src/*.ts. Deployed
 * functions used to set `--enable-source-maps`, which parses the bundle's 5 MiB source map on every cold
 * start: half as much again as the import itself and +27 MiB (issue 8). Only a failure needs it, so the
 * map is read then. Where no map lies next to the module (tsx runs TypeScript itself) the error is left
 * as it is; so is one whose map cannot be read: a plain bundle stack still names the function and line.
 */
export function withSourceStack<E>(error: E, moduleUrl: string): E {
  if (!(error instanceof Error) || !error.stack?.includes(moduleUrl)) return error;
  let map: SourceMap;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(moduleUrl)}.map`, "utf8")));
  } catch {
    return error;
  }
  const frame = new RegExp(`${moduleUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+)`, "g");
  error.stack = error.stack.replace(frame, (whole, line: string, column: string) => {
    const origin = map.findOrigin(Number(line), Number(column)) as Partial<SourceOrigin>;
    return origin.fileName ? `${origin.fileName}:${origin.lineNumber}:${origin.columnNumber}` : whole;
  });
  return error;
}
