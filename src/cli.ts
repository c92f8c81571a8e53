import { pathToFileURL } from "node:url";
import { main } from "./cli/main.js";

// The entry point (`tsx src/cli.ts`, and bin/feed-publisher.js through dist/cli.js). The commands live in
// src/cli/, one file each, listed in src/cli/main.ts.
export { main } from "./cli/main.js";

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
