import type { CliCommand } from "./command.js";

/**
 * `feed-publisher explain`: how a stored page is read (src/cli/explain.ts); named here for the dispatcher.
 * Loaded on use: explain reaches every parser, and the other commands must not pay for Markdown and YAML.
 */
export const explainCliCommand: CliCommand = {
  name: "explain",
  summary: "show how a stored .txt page is read: each line's role and the rule that decided it",
  run: async (argv) => (await import("./explain.js")).explainCommand(argv),
};
