import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeArticleBytes, decodeWindows1252 } from "../../src/articles/decode.js";
import { HOLDOUT_DIR, pageIds, readPage } from "../corpus/labels.js";

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
  italian:
    "Notizia di esempio: il consiglio comunale ha approvato il bilancio per il nuovo ponte sul fiume. La decisione è arrivata dopo dieci anni di dibattito; i lavori inizieranno lunedì e sarà più facile attraversare la città.",
  portuguese:
    "Notícia de exemplo: a câmara municipal aprovou o orçamento da nova ponte sobre o rio. A decisão foi tomada após dez anos de discussões e as obras começarão na primavera.",
  danish:
    "Eksempel på en nyhed: byrådet har godkendt budgettet til den nye bro over åen. Beslutningen blev truffet efter ti års debat, og arbejdet går i gang til foråret.",
  german:
    "Beispielmeldung: Der Stadtrat hat den Haushalt für die neue Brücke über den Fluss beschlossen. Die Entscheidung fiel nach zehn Jahren Streit; die Arbeiten beginnen im Frühjahr.",
  czech:
    "Ukázková zpráva: Městská rada schválila rozpočet na stavbu nového mostu přes řeku. Rozhodnutí padlo po deseti letech sporů, práce začnou na jaře a potrvají dva roky.",
  slovak:
    "Ukážková správa: Mestská rada schválila rozpočet na stavbu nového mosta cez rieku. Ľudia sa rozhodnutia dočkali po desiatich rokoch, práce sa začnú v lete, keď ľad zmizne.",
  polish:
    "Przykładowa wiadomość: rada miasta zatwierdziła budżet na budowę nowego mostu przez rzekę. Decyzję podjęto po dziesięciu latach sporów, prace ruszą wiosną.",
  russianCaps: "ГОРОДСКОЙ СОВЕТ ОДОБРИЛ БЮДЖЕТ НОВОГО МОСТА\nРешение опубликовано на сайте мэрии.",
  icelandicShort: "Nýtt met í sölu rafbíla: Ný skýrsla sýnir mikla aukningu",
  slovene:
    "Vlada je v četrtek sprejela nov zakon o šolstvu, ki ga je pripravljala dve leti. Župani so ga pozdravili.",
  croatian:
    "Vlada je u četvrtak predstavila proračun za iduću godinu, a plaće u školstvu rastu za pet posto. Županije su zadovoljne.",
  hungarian:
    "Mintahír: a városi tanács jóváhagyta az új híd költségvetését. A döntés tíz év vita után született, a munka tavasszal kezdődik, és a főváros első ütemben húsz épületet újít fel.",
  portugueseOe:
    "Notícia de exemplo: as negociações sobre a nova ponte terminaram e a câmara põe o projeto em votação. As informações foram publicadas após as eleições.",
  estonian:
    "Näidisuudis: linnavolikogu kiitis heaks uue silla eelarve üle jõe. Otsus sündis pärast kümme aastat vaidlusi, tööd algavad kevadel ja sõiduteed avatakse sügisel.",
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
    ["russianCaps", "win1251", "windows-1251"],
    ["icelandicShort", "win1252", "iso-8859-1"],
    ["hungarian", "win1250", "windows-1250"],
    ["hungarian", "iso-8859-2", "windows-1250"],
    ["portugueseOe", "win1252", "iso-8859-1"],
    ["estonian", "win1252", "iso-8859-1"],
    ["italian", "win1252", "iso-8859-1"],
    ["portuguese", "win1252", "iso-8859-1"],
    ["danish", "win1252", "iso-8859-1"],
    ["german", "win1252", "iso-8859-1"],
  ] as const)("%s in %s is decoded as %s, letter for letter", (sample, from, as) => {
    const decoded = decodeArticleBytes(encoded(SAMPLES[sample], from));
    expect(decoded.ok && decoded.encoding).toBe(as);
    expect(decoded.ok && decoded.text).toBe(`${SAMPLES[sample]}\n`);
  });

  it.each([
    ["russian", "koi8-r"],
    ["ukrainian", "koi8-u"],
    ["greek", "win1253"],
    ["czech", "win1250"],
    ["czech", "iso-8859-2"],
    ["slovak", "win1250"],
    ["slovak", "iso-8859-2"],
    ["polish", "win1250"],
    ["polish", "iso-8859-2"],
    ["slovene", "win1250"],
    ["croatian", "win1250"],
  ] as const)("%s in %s is rejected rather than read as mojibake", (sample, from) => {
    expect(decodeArticleBytes(encoded(SAMPLES[sample], from)).ok).toBe(false);
  });
});

describe("a UTF-8 byte order mark before legacy text", () => {
  it("is not decoded as part of the text", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encoded(SAMPLES.french, "win1252")]);
    const decoded = decodeArticleBytes(bytes);
    expect(decoded.ok && decoded.text).toBe(`${SAMPLES.french}\n`);
  });
});

describe("Windows-1252's own characters", () => {
  it("maps every byte it assigns in 0x80–0x9F as iconv-lite does (œ, Š, €, —, …)", () => {
    const assigned = Array.from({ length: 32 }, (_, i) => 0x80 + i).filter(
      (byte) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(byte),
    );
    for (const byte of assigned)
      expect(decodeWindows1252(Uint8Array.of(byte)), byte.toString(16)).toBe(
        iconv.decode(Buffer.of(byte), "win1252"),
      );
  });
});

describe("real pages re-encoded", () => {
  // Every Russian and Ukrainian page of the labelled corpus (real scraped pages, test/fixtures/pages/),
  // saved again as an old scraper would have: Windows-1251 must decode back to the same letters, KOI8
  // must be rejected. Characters Windows-1251 lacks become `?` in both the input and the expectation.
  const pages = pageIds()
    .map((id) => readPage(id))
    .filter((page) => ["ru", "uk"].includes(page.label.language))
    .map((page) => ({ id: page.id, text: new TextDecoder().decode(page.bytes).replace(/^\uFEFF/u, "") }))
    .filter((page) => /[а-яА-Я]{20}/u.test(page.text.replace(/[^а-яА-Я]/gu, "")));

  it("covers the corpus's Cyrillic pages", () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });

  it.each(pages.map((page) => [page.id, page.text] as const))("%s as Windows-1251 and as KOI8", (_, text) => {
    const cp1251 = iconv.encode(text, "win1251");
    const decoded = decodeArticleBytes(new Uint8Array(cp1251));
    expect(decoded.ok && decoded.encoding).toBe("windows-1251");
    expect(decoded.ok && decoded.text).toBe(iconv.decode(cp1251, "win1251"));
    expect(decodeArticleBytes(new Uint8Array(iconv.encode(text, "koi8-u"))).ok).toBe(false);
  });
});

describe("real Western, Romanian and Turkish pages re-encoded", () => {
  const text = (bytes: Buffer) => new TextDecoder().decode(bytes).replace(/^\uFEFF/u, "");
  const western = pageIds()
    .map((id) => readPage(id))
    .filter((page) => ["fr", "es"].includes(page.label.language) && /[À-ÿ]/u.test(text(page.bytes)))
    .map((page) => [page.id, text(page.bytes)] as const);
  const turkish = pageIds(HOLDOUT_DIR)
    .map((id) => readPage(id, HOLDOUT_DIR))
    .filter((page) => page.label.language === "tr")
    .map((page) => [page.id, text(page.bytes)] as const);

  it("covers French, Spanish and Turkish pages", () => {
    expect(western.length).toBeGreaterThanOrEqual(8);
    expect(turkish.length).toBeGreaterThanOrEqual(1);
  });

  it.each(western)("%s as Windows-1252", (_, page) => {
    const bytes = iconv.encode(page, "win1252");
    const decoded = decodeArticleBytes(new Uint8Array(bytes));
    expect(decoded.ok && decoded.encoding).toMatch(/^(windows-1252|iso-8859-1)$/);
    expect(decoded.ok && decoded.text).toBe(iconv.decode(bytes, "win1252"));
  });

  // Romanian pages that write ş/ţ with a cedilla, which Windows-1250 has. Pages written with the
  // comma-below ș/ț keep only ă/â/î in Windows-1250, and ă (0xE3) reads as Windows-1252's ã: a gap.
  const romanian = pageIds()
    .map((id) => readPage(id))
    .filter((page) => page.label.language === "ro" && /[şţŞŢ]/u.test(text(page.bytes)))
    .map((page) => [page.id, text(page.bytes)] as const);

  it("covers Romanian pages written with a cedilla", () => {
    expect(romanian.length).toBeGreaterThanOrEqual(5);
  });

  it.each(romanian)("%s as Windows-1250 or ISO-8859-2 is rejected, not read as Windows-1252", (_, page) => {
    for (const encoding of ["win1250", "iso-8859-2"])
      expect(decodeArticleBytes(new Uint8Array(iconv.encode(page, encoding))).ok, encoding).toBe(false);
  });

  it.each(turkish)("%s as Windows-1254", (_, page) => {
    const bytes = iconv.encode(page, "win1254");
    const decoded = decodeArticleBytes(new Uint8Array(bytes));
    expect(decoded.ok && decoded.encoding).toBe("windows-1254");
    expect(decoded.ok && decoded.text).toBe(iconv.decode(bytes, "win1254"));
  });
});
