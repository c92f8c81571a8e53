import { readFileSync } from "node:fs";

/** The package version. package.json is two levels up from both src/cli/ and the built dist/cli/. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(manifest.version);
}
