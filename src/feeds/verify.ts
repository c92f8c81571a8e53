import { SaxesParser } from "saxes";

/**
 * Re-parses a generated XML document with a strict, namespace-aware XML 1.0 parser (saxes: well-formedness,
 * character ranges, namespace bindings). Returns the first problem, or undefined when the document is
 * well-formed. Runs on every document before it is written, so a renderer bug can never reach readers.
 */
export function xmlProblem(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: string | undefined;
  parser.on("error", (error) => {
    problem ??= error.message;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    problem ??= (error as Error).message;
  }
  return problem;
}

/** Checks that a JSON document parses; JSON.stringify output always does, this guards the pipeline's own edits. */
export function jsonProblem(json: string): string | undefined {
  try {
    JSON.parse(json);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
