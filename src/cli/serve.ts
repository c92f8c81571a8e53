import { runServe } from "../preview/command.js";
import type { CliCommand } from "./command.js";

/** `feed-publisher serve`: the preview server lives in src/preview/; this only names it for the dispatcher. */
export const serveCommand: CliCommand = {
  name: "serve",
  summary: "publish for 127.0.0.1 and preview it (same headers as S3; --watch republishes on changes)",
  run: (argv) => runServe(argv),
};
