/** What the dispatcher (main.ts) needs from a subcommand: one file per command under src/cli/. */
export interface CliCommand {
  /** The word after `feed-publisher`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; returns the process exit code. */
  run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number>;
}
