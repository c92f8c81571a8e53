import { didYouMean } from "./args.js";
import { checkCommand } from "./check.js";
import type { CliCommand } from "./command.js";
import { explainCliCommand } from "./explain-command.js";
import { publishCommand } from "./publish.js";
import { serveCommand } from "./serve.js";
import { packageVersion } from "./version.js";

/** Every subcommand, in the order the help lists them. A new command: one file here, one line below. */
export const COMMANDS: readonly CliCommand[] = [
  publishCommand,
  serveCommand,
  checkCommand,
  explainCliCommand,
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const commands = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: feed-publisher <command> [options]

Turns stored articles into RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds, article pages, index.html and feeds.opml.

Commands:
${commands.join("\n")}

Run \`feed-publisher <command> --help\` for a command's options.
  -h, --help     show this help
  --version      print the version

Example: feed-publisher publish --from seeds --to public --config feed-publisher.config.json
`;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help") {
    process.stdout.write(usage());
    return 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (first === "help") {
    const command = COMMANDS.find((candidate) => candidate.name === rest[0]);
    return command ? command.run(["--help"], env) : main([], env);
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (command) return command.run(rest, env);
  const names = COMMANDS.map((candidate) => candidate.name);
  const guess = first.startsWith("-") ? undefined : didYouMean(first, names);
  const problem = first.startsWith("-")
    ? `${first} needs a command first, e.g. feed-publisher publish ${first}`
    : `unknown command ${first}${guess ? `; did you mean ${guess}?` : ""}`;
  process.stderr.write(`${problem}\n\n${usage()}`);
  return 2;
}
