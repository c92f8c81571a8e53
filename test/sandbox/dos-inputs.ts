/**
 * Generated denial-of-service inputs for the Markdown parser (issue 9 item 1), built in the test rather
 * than committed (megabytes). Front matter makes them otherwise valid articles.
 */
const FRONT_MATTER = "---\ntitle: SAMPLE hostile Markdown\npublished: 2024-01-15T10:00:00Z\n---\n\n";

/** 80 KB of `**a `: marked's emphasis lexer takes minutes on it (markedjs/marked#4099). */
export const emphasisBomb = (): string => FRONT_MATTER + "**a ".repeat(20_000);

/** A ~1.7 MB list nested one level deeper per line: rendering it exhausts a 1 GB heap. */
export function nestedList(bytes = 1_700_000): string {
  const lines: string[] = [];
  let size = 0;
  for (let depth = 0; size < bytes; depth++) {
    const line = `${"  ".repeat(depth)}- a\n`;
    lines.push(line);
    size += line.length;
  }
  return FRONT_MATTER + lines.join("");
}

export const goodMarkdown = (title = "SAMPLE good Markdown"): string =>
  `---\ntitle: ${title}\npublished: 2024-01-15T10:00:00Z\n---\n\nA *short* paragraph.\n`;
