import type { CompiledPatterns } from "./cruft-patterns.js";

/**
 * The part of a line furniture patterns look at: bullets and icons trimmed from the start, counts
 * (`(4)`, `[12]`, `: 7`) and trailing colons or arrows from the end. `• Share:` → `Share`,
 * `Comments (4)` → `Comments`.
 */
export function furnitureKey(line: string): string {
  // Furniture is short; the trailing trims below backtrack quadratically on long runs of punctuation
  // and spaces (`. . . . x`), so a long line is its own key.
  if (line.length > 300) return line.trim();
  return line
    .replace(/^[\s•·*\-–—►▶▸»>|#+~=]+/u, "")
    .replace(/[\s:：»›>→|–—#.…-]*(?:[([]\s*\d[\d\s,.]*[)\]])?[\s:：»›>→|–—#.…-]*$/u, "")
    .replace(/[\s:：»›>→|–—-]+\d[\d\s,.]*$/u, "")
    .trim();
}

export function isCruft(line: string, patterns: CompiledPatterns): boolean {
  const key = furnitureKey(line);
  return patterns.test(line) || (key !== line && key !== "" && patterns.test(key));
}

/** A view counter line (`Viewed 2792times`, `Դիտվել է՝ 7328`, `Просмотры: 199`) → the count. */
export function viewCount(line: string): number | undefined {
  const match =
    /^(?:viewed|views?|դիտվել\s+է[՝:]?|просмотр(?:ы|ов)?|просмотрено)\s*:?\s*([\d\s,.]+?)\s*(?:times|раз|раза|անգամ)?$/iu.exec(
      line,
    );
  if (!match?.[1]) return undefined;
  const digits = match[1].replace(/\D/g, "");
  return digits ? Number(digits) : undefined;
}

/**
 * `Read also: <headline>` and similar inline pointers inside an article: dropped, but they do not end the
 * body (only the bare heading of a list does).
 */
export function isInlinePointer(line: string): boolean {
  const m =
    /^[\s•·*\-–—►▶]*(read also|also read|see also|read more|related|citește și|citeşte şi|citeste si|vezi și|vezi şi|читайте также|читайте також|смотрите также|смотри также|дивіться також|կարդացեք նաև|ასევე წაიკითხეთ|həmçinin oxuyun|lesen sie auch|lire aussi|à lire aussi|lee también)/iu.exec(
      line,
    );
  if (!m) return false;
  const rest = line.slice(m[0].length);
  // `Read also: <headline>`, or `Смотри также <Headline>` (a capital after a space; `\p{Lu}` is tested
  // without the i flag, which would make it match any letter).
  return /^\s*[:：\-–—»]\s*\S/u.test(rest) || /^\s+\p{Lu}/u.test(rest);
}

/**
 * A "read the whole article / comment on it elsewhere" prompt glued after the last sentence of a paragraph
 * (`… de 47 de ani. _Citeste intregul articol si comenteaza pe Contributors.ro`): where the prompt starts,
 * or undefined. The prompt is not itself a sentence (no closing punctuation) and is short.
 */
export function gluedTrailerAt(text: string): number | undefined {
  const m =
    /[.!?…»”"]\s+[_*]?((read|continue reading) the (full|whole|rest of the) (article|story)|continue reading|citeste intregul articol|citește întregul articol|citește articolul integral|читать (полностью|далее)|читайте полностью|читати (повністю|далі)|lire la suite|lire l'article|leer (más|el artículo completo)|weiterlesen|den ganzen artikel lesen|leggi (tutto|l'articolo))(?:[^.!?]|\.(?=\S)){0,80}$/iu.exec(
      text,
    );
  return m ? m.index + 1 : undefined;
}

/** Lines that are furniture wherever they stand and never end the body: ads, photo credits, bare counters. */
export function isFurnitureLine(line: string): string | undefined {
  const key = furnitureKey(line);
  if (/^(advertisement|advertising|реклама|գովազդ|რეკლამა|reklam|anzeige|publicité|publicidad)$/iu.test(key))
    return "advertisement";
  if (
    /^(photo|photograph|фото|լուսանկար|ფოტო|foto|bild|image|imagen|sursa foto|source photo|fuente de la imagen|pie de foto|подпись к фото|credit)\s*[:：,]/iu.test(
      line,
    )
  )
    return "photo credit or caption";
  if (isCreditLine(line)) return "photo credit or caption";
  if (isPrintedTwice(line)) return "photo caption (alt text and caption printed together)";
  // `– Oscar De La Hoya` under a pull quote: a dash and a name, nothing else.
  if (/^[–—-]\s*\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){1,3}$/u.test(line))
    return "attribution of a pull quote";
  // `Extrait de l'Enquête de santé diffusée mardi sur France 5`: the credit of an embedded video or audio.
  if (
    line.length <= 120 &&
    !/[.!?]$/u.test(line) &&
    /^(extrait de|extrait du|extract from|excerpt from|fragment din|extras din|фрагмент|уривок з|extracto de|fragmento de|ausschnitt aus)\b/iu.test(
      line,
    )
  )
    return "credit of an embedded video or audio excerpt";
  if (isSocialPromo(line)) return "social network promotion";
  if (
    /\bcookie/iu.test(line) &&
    line.length <= 250 &&
    /(policy|settings|consent|accept|we use|privacy|folosim|utiliz|politi|setar|setăr|confiden|использу|використову|nutzen|verwendet)/iu.test(
      line,
    )
  )
    return "cookie notice";
  if (/^(IFRAME|\[IMG\]|\[INS|\((BUTTON|IMG)\))|^https?:\/\/\S+$/u.test(line))
    return "embedded frame, image, button or bare link";
  // `carrie nurse.jpg carrie rodevick with daughter.jpg`: a gallery's image file names printed as alt text.
  if (
    line.length <= 200 &&
    /\.(jpe?g|png|gif|webp|avif|svg|heic)$/iu.test(line) &&
    !/[.!?]\s|[:,]/u.test(line)
  )
    return "image file names";
  if (/^(open gallery view|view gallery|open gallery|enlarge image|zoom|expand image)$/iu.test(key))
    return "gallery or image button";
  if (/^(durée de la vidéo|video duration|длительность видео|durata video)\b/iu.test(line))
    return "video player label";
  if (isCounterLine(line)) return "counter";
  if (isAuthorLine(line)) return "author line";
  if (isSeparatorLine(line)) return "separator";
  return undefined;
}

/**
 * The same words twice in a row (`Fighters near Kherson, 7 November Fighters near Kherson, 7 November`):
 * a text dump prints an image's alt text and then its caption, which are usually the same. An article's
 * paragraph never repeats itself whole.
 */
export function isPrintedTwice(line: string): boolean {
  const words = line.split(/\s+/u).map((word) => word.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase());
  // Caption-sized only: an alt text and its caption are a sentence or two.
  if (words.length < 6 || words.length > 120 || words.length % 2 !== 0) return false;
  const half = words.length / 2;
  // The words repeat with period `half` and with no shorter period: a line that is one phrase over and
  // over (a refrain, a chant quoted in full, filler) is not two copies of one caption.
  const hasPeriod = (period: number) => words.every((word, k) => k < period || word === words[k - period]);
  if (!hasPeriod(half)) return false;
  for (let period = 1; period < half; period++) if (half % period === 0 && hasPeriod(period)) return false;
  return true;
}

const AGENCIES =
  /(photograph\s*:|photo\s*:|фото\s*:|foto\s*:|getty images|\bafp\b|\breuters\b|\bap photo\b|\/ ap$|\bepa\b|shutterstock|dreamstime|istock|anadolu|\bsipa\b|rex features|\bтасс\b|риа новости|\bуніан\b|\bunian\b|\befe\b|agerpres|inquam|photo by|фото:)/iu;

const CAPTION_WITH_CREDIT =
  /[\p{Ll}\d]\.["”’»]?\s+\((?:[\p{Lu}\d][\p{L}\d&'’-]*[\s:]*){1,5}(?:(?:video|photo|shot|by)\b[^().!?;]{0,50})?\)$/u;

/** A photo credit (`Leo Correa / AP`, `AFP via Getty Images`), or a caption that ends in one. */
export function isCreditLine(line: string): boolean {
  // `(Bernabe Lopez III/U.S. Army)`: a parenthesised name / organisation.
  if (/^\([^()]{3,60}\/[^()]{2,40}\)$/u.test(line)) return true;
  // A caption ending in `NAME / AFP`.
  if (/\/\s*(AFP|AP|REUTERS|EPA|ANADOLU|GETTY IMAGES|SIPA|DPA)\.?\s*$/iu.test(line)) return true;
  if (/\b(AFP|AP|Reuters|EPA)\s*[-–]\s*[\p{Lu} .'-]{3,40}$/u.test(line)) return true;
  // A caption with its credit at the end: `… Photograph: Sipa Press/Rex Features`.
  if (/\b(photograph|photo|foto|фото|imagen|image)\s*:\s*[^.!?]{2,60}$/iu.test(line)) return true;
  // A caption ending in `Credit: S. Kelley/NIST` (also glued to the caption: `…HaaretzCredit: …`).
  if (/(credits?|crédits?|crédito|кредит)\s*:\s*(?:[^.!?]|\.(?=\S| \p{Lu}\p{Ll})){2,60}$/iu.test(line))
    return true;
  // A caption ending in a parenthesised `(Name/Organisation)` credit.
  if (/\([^()]{3,60}\/[^()]{2,40}\)$/u.test(line)) return true;
  // A caption: a sentence ended by a full stop, then its credit in parentheses: a few capitalised words
  // (`…with her daughter. (7News)`, `…his Jeep. (ABC News: Name)`) or who shot it (`…film lovers. (AP video
  // shot by Name)`). Headlines end in `?`/`!` or nothing (`Who is he? (Explainer)`), and a body paragraph's
  // closing aside is a phrase in lowercase (`(He has since resigned)`, `(See the full map)`).
  if (line.length <= 300 && CAPTION_WITH_CREDIT.test(line)) return true;
  if (!AGENCIES.test(line)) return false;
  if (line.length <= 80 && !/[.!?]$/u.test(line)) return true;
  // A caption: a sentence that ends with a bracketed or parenthesised credit.
  return /[[(][^\])]*(getty|afp|reuters|\bap\b|epa|photo|фото|foto)[^\])]*[\])]\.?$/iu.test(line);
}

/**
 * Headings of lists of other articles and promotions: inside an article they may be followed by more of
 * the article (a `Keep reading` box), so they end the body only when the article does not resume.
 */
export function isSoftCruft(line: string): boolean {
  const key = furnitureKey(line).toLowerCase();
  return (
    /^(related|read also|also read|see also|read more|more|keep reading|you may like|you may also like|more on this|latest news|more news|related news|related articles|по теме|материал по теме|материалы по теме|смотри также|смотрите также|читайте также|читайте також|дивіться також|vezi și|citește și|pour aller plus loin|à lire aussi|lire aussi|lee también|noticias relacionadas|lesen sie auch|mehr zum thema|recomendamos|recommended|recommendations|recomandări|recomandari)(\s+\S+\.\w{2,4})?$/u.test(
      key,
    ) ||
    /newsletter|abonnez-vous|abonează-te|suscríbete|подпишитесь|підпишіться|download the .{1,30} app|receive daily updates/u.test(
      key,
    ) ||
    // The sign-in prompt of a save-for-later or paywall box, printed in the middle of the article too.
    /^(vous possédez déjà un compte|already have an account|sign in|log in|se connecter|connexion|уже есть аккаунт|войти|увійти|anmelden|iniciar sesión|conectează-te|autentificare)\b/u.test(
      key,
    )
  );
}

/** `Читайте нас також у Telegram`, `Follow us on Facebook`: a short line pointing at a social network. */
export function isSocialPromo(line: string): boolean {
  return (
    line.length <= 100 &&
    !/\.$/u.test(line) &&
    /\b(telegram|facebook|twitter|instagram|youtube|tiktok|viber|whatsapp|google news|linkedin|vk|vkontakte|вконтакте|rss)\b/iu.test(
      line,
    )
  );
}

/** No letters or digits at all: `----`, `* * *`, `====`. */
export function isSeparatorLine(line: string): boolean {
  return !/[\p{L}\p{N}]/u.test(line);
}

/** Digits, icons and at most one counter word: `1234`, `👁 1234`, `12 comments`, `4`. */
export function isCounterLine(line: string): boolean {
  if (!/\d/.test(line)) return false;
  const words = line.replace(/[\d\s,.:()[\]|/]+/g, " ").trim();
  return words === "" || (/^\S+$/u.test(words) && !/\p{L}{4,}\s/u.test(words) && line.length <= 24);
}

/** `By John Smith`, `Author: …`, `Автор: …`, `Von Hans Müller`. */
export function isAuthorLine(line: string): boolean {
  if (line.length > 80) return false;
  // A labelled author.
  if (
    /^(author|authors|автор|авторы|автори|written by|հեղինակ|ავტორი|müəllif|autor|auteur)\s*[:：]\s*\p{L}/iu.test(
      line,
    )
  )
    return true;
  // The newsroom as the author (`La rédaction d'Allo Docteurs`, `Redacția`, `By the editors`).
  if (
    /^(by\s+)?(the\s+editors|editorial\s+(staff|team|board)|newsroom|la\s+rédaction|la\s+redacción|la\s+redazione|a\s+redação|die\s+redaktion|redacția|redacţia|редакция|редакція|խմբագրություն|რედაქცია|redaksiya|editör)(?!\p{L})(\s*(d['’]|de|of|von|di|da)\s*.{0,40})?$/iu.test(
      line,
    )
  )
    return true;
  // `Name Surname, role` (a byline or a quoted expert's role line), short and not a sentence.
  if (/^(\p{Lu}[\p{L}'’-]+\s+){1,2}\p{Lu}[\p{L}'’-]+,\s+\p{Ll}/u.test(line) && !/[.!?]$/u.test(line))
    return true;
  // `By` and its translations followed by a capitalised name (not `Por qué …`, not `By the way …`).
  return /^([Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Аа]втор)\s+\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){0,3}\s*([,|/–—-].*)?$/u.test(
    line,
  );
}

/** `Home » World » Europe`, `Главная / Новости`, `News > Politics`. */
export function isBreadcrumbLine(line: string): boolean {
  if (/^(home|главная|головна|գլխավոր|მთავარი|ana səhifə|startseite|accueil|inicio)\b/iu.test(line))
    return true;
  const parts = line.split(/\s*[»›→]\s*|\s+[>/|]\s+/u).filter((p) => p !== "");
  return parts.length >= 3 && parts.every((p) => p.split(/\s+/).length <= 3);
}

/** Weather, exchange-rate and clock widgets: `+12°C`, `USD 387.5`, `EUR/AMD 412`. */
export function isWidgetLine(line: string): boolean {
  return (
    /-?\d+\s*°\s*[CF]?/u.test(line) ||
    /\b(USD|EUR|RUB|GBP|AMD|GEL|AZN|UAH)\b[^\p{L}]*\d/u.test(line) ||
    /^(weather|погода|եղանակ|ამინდი|hava)\b/iu.test(line)
  );
}
