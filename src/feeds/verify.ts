import { SaxesParser } from "saxes";

/**
 * Re-parses a generated XML document with a strict, namespace-aware XML 1.0 parser (saxes: well-formedness,
 * character ranges, namespace bindings). Returns the first problem, or undefined when the document is
 * well-formed. Runs on every document before it is written, so a renderer bug can never reach readers.
 * Line and column tracking costs about a third of the parse (issue 8), so a sound document is parsed
 * without it; only a faulty one is parsed again, with it, to say where the fault is.
 */
export function xmlProblem(xml: string): string | undefined {
  return firstProblem(xml, false) === undefined ? undefined : firstProblem(xml, true);
}

function firstProblem(xml: string, position: boolean): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position });
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
