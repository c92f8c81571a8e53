import { type Item, mark, SENTENCE_END } from "./item.js";

const BIO_VERBS =
  "is|was|has|covers|writes|reports|joined|es|est|ist|è|é|este|является|є|работает|працює|pracuje|çalışıyor";
const BIO_ROLES =
  /\b(writer|reporter|journalist|correspondent|editor|columnist|minister|covers|has written|director|professor|contributor|periodista|corresponsal|redactora?|journaliste|rédact(eur|rice)|correspondante?|journalist(in)?|redakteur(in)?|korrespondent(in)?|giornalista|corrispondente|jornalista|correspondente|jurnalist|corespondent|redactor|gazeteci|muhabir|журналист(ка)?|корреспондент|редактор|журналіст(ка)?|кореспондент|investigador|chercheur|directora?)\b/iu;
const BIO_START = new RegExp(
  `^(\\p{Lu}[\\p{L}'’.-]*\\s+){0,3}\\p{Lu}[\\p{L}'’.-]*\\s+(${BIO_VERBS})\\b`,
  "u",
);

/**
 * A short biography of the author or of a person quoted, printed before or after an article
 * (`Bill Toulas is a tech writer …`, `John covers U.S. military activities …`).
 */
export function isAuthorBio(line: string): boolean {
  if (line.length > 400) return false;
  return BIO_START.test(line) && BIO_ROLES.test(line);
}

/** `Alex Seitz- Wald`: a name alone, as printed above its owner's biography. */
function isNameLine(line: string): boolean {
  if (SENTENCE_END.test(line)) return false;
  const words = line.split(/\s+/u);
  return words.length <= 4 && words.every((word) => /^\p{Lu}/u.test(word) || /^\p{Ll}+-?$/u.test(word));
}

/**
 * The biographies that close an article (each author's name, then `… is a senior politics reporter for …`)
 * are not its text: they are dropped from the end, with the name lines between them.
 */
export function trimTrailingBios(body: Item[]): void {
  let trimmed = false;
  while (body.length > 1) {
    const last = body.at(-1) as Item;
    if (isAuthorBio(last.text)) mark(last, "furniture", "author biography");
    else if (trimmed && isNameLine(last.text)) mark(last, "furniture", "author name (above their biography)");
    else if (isNameLine(last.text) && body.length > 2 && isAuthorBio((body.at(-2) as Item).text))
      mark(last, "furniture", "author name (after the biographies)");
    else break;
    body.pop();
    trimmed = true;
  }
}
