import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeArticleBytes } from "../../src/articles/decode.js";

// SAMPLE sentences written for this test (not real news), each encoded the way an old scraper would have
// saved it. The promise under test: a legacy encoding is decoded right or the page is rejected, never
// published as mojibake.
const SAMPLES = {
  russian:
    "Пример новости: городской совет одобрил бюджет на строительство нового моста через реку. Решение было принято после десяти лет споров, работы начнутся весной.",
  ukrainian:
    "Приклад новини: міська рада схвалила бюджет на будівництво нового мосту через річку. Рішення ухвалили після десяти років суперечок, роботи почнуться навесні.",
  turkish:
    "Örnek haber: Belediye meclisi nehir üzerindeki yeni köprü için bütçeyi onayladı. Karar, on yıl süren tartışmanın ardından alındı; çalışmalar ilkbaharda başlayacak ve şehirdeki ulaşımı kolaylaştıracak.",
  icelandic:
    "Sýnishorn frétta: Borgarstjórn samþykkti fjárveitingu til nýrrar brúar yfir ána. Það var gert með stuðningi borgarbúa og ákvörðunin var tekin eftir tíu ára umræðu. Verkið hefst í vor.",
  french:
    "Exemple d’article : le conseil municipal a approuvé le budget du nouveau pont sur la rivière. La décision a été prise après dix ans de débats ; les travaux débuteront au printemps.",
  greek:
    "Δείγμα είδησης: το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό για τη νέα γέφυρα πάνω από το ποτάμι. Η απόφαση ελήφθη μετά από δέκα χρόνια συζητήσεων.",
};
const encoded = (text: string, encoding: string) => new Uint8Array(iconv.encode(`${text}\n`, encoding));

describe("legacy encodings", () => {
  it.each([
    ["russian", "win1251", "windows-1251"],
    ["ukrainian", "win1251", "windows-1251"],
    ["turkish", "win1254", "windows-1254"],
    ["icelandic", "win1252", "iso-8859-1"],
    ["french", "win1252", "windows-1252"],
  ] as const)("%s in %s is decoded as %s, letter for letter", (sample, from, as) => {
    const decoded = decodeArticleBytes(encoded(SAMPLES[sample], from));
    expect(decoded.ok && decoded.encoding).toBe(as);
    expect(decoded.ok && decoded.text).toBe(`${SAMPLES[sample]}\n`);
  });

  it.each([
    ["russian", "koi8-r"],
    ["ukrainian", "koi8-u"],
    ["greek", "win1253"],
  ] as const)("%s in %s is rejected rather than read as Windows-1251 mojibake", (sample, from) => {
    expect(decodeArticleBytes(encoded(SAMPLES[sample], from)).ok).toBe(false);
  });
});
