import type { ParseContext, ParseResult } from "../articles/article.js";
import { formatOf } from "../articles/formats.js";
import { unsupportedType } from "../articles/parse-bytes.js";
import { DEFAULT_PARSE_BUDGET, type ParseBudget, ParserProcess } from "./parser-process.js";

/** Parses stored articles for a run. Call `close` when the run is done. */
export interface ArticleParser {
  parse(key: string, bytes: Uint8Array, ctx: ParseContext): Promise<ParseResult>;
  close(): void;
}

/**
 * `.txt` and `.json` articles are parsed in this process (their parsers are linear-time); Markdown goes
 * to a child process under a time and memory budget (see parser-process.ts), so one hostile article costs
 * at most its budget and the run goes on.
 */
export class BudgetedParser implements ArticleParser {
  private process: ParserProcess | undefined;
  private parsers: Promise<typeof import("./in-process-parsers.js")> | undefined;

  constructor(private readonly budget: ParseBudget = DEFAULT_PARSE_BUDGET) {}

  async parse(key: string, bytes: Uint8Array, ctx: ParseContext): Promise<ParseResult> {
    switch (formatOf(key)) {
      case "text":
      case "json": {
        // Loaded on the first article read: a run with nothing new (most scheduled runs) never parses, so
        // a cold start does not pay for the date and page readers (chrono-node, luxon, re2js).
        this.parsers ??= import("./in-process-parsers.js");
        return (await this.parsers).parseInProcess(key, bytes, ctx);
      }
      case "markdown":
        this.process ??= new ParserProcess(this.budget);
        return this.process.parse(key, bytes, ctx);
      default:
        return unsupportedType(key);
    }
  }

  close(): void {
    this.process?.close();
  }
}
