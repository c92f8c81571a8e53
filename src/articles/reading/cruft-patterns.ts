import { RE2JS } from "re2js";

/**
 * Page furniture that ends an article when it follows the body: counters, "Related"/"More news"/"Read also"
 * headings, share and comment prompts, copyright lines. Matched against the whole line after
 * `furnitureKey` trimmed bullets, trailing colons and counts, case-insensitively. Operators add to this
 * list with `cruftPatterns` (or replace it with `builtinCruftPatterns: false`); `feed-publisher explain
 * --cruft` prints it.
 */
export const BUILTIN_CRUFT_PATTERNS: readonly string[] = [
  // View counters (the seed's `Viewed 2792times`, `Դիտվել է՝ 7328`, `Просмотры: 199`).
  "^(viewed|views?)\\s*:?\\s*[\\d\\s,.]*\\s*(times)?$",
  "^դիտվել\\s+է[՝:]?\\s*[\\d\\s,.]*(\\s*անգամ)?$",
  "^(просмотр(ы|ов)?|просмотрено|переглядів|перегляди)\\s*:?\\s*[\\d\\s,.]*(\\s*раз(а)?)?$",
  // Lists of other articles.
  "^(latest|last|more|related|top|popular|other|recent|breaking)\\s+(news|stories|articles|posts|headlines)$",
  "^(related|related articles|recommended|most read|most popular|popular|trending|see also|read also|also read|read more|more|keep reading|you may like|you may also like|you might also like|more on this|more from \\w+|editor'?s picks?)$",
  "^(վերջին\\s+լուրեր|последние\\s+новости|կարդացեք\\s+նաև|նմանատիպ\\s+նյութեր|այլ\\s+նորություններ|լրահոս)$",
  "^(читайте\\s+также|похожие\\s+новости|другие\\s+новости|популярное|главное|новости\\s+по\\s+теме|по\\s+теме|лента\\s+новостей)$",
  "^(читайте\\s+також|схожі\\s+новини|інші\\s+новини|останні\\s+новини|популярне|стрічка\\s+новин)$",
  "^(ასევე\\s+წაიკითხეთ|მსგავსი\\s+სიახლეები|ბოლო\\s+სიახლეები|სხვა\\s+სიახლეები)$",
  "^(həmçinin\\s+oxuyun|digər\\s+xəbərlər|son\\s+xəbərlər|oxşar\\s+xəbərlər|xəbər\\s+lenti)$",
  "^(ähnliche\\s+artikel|mehr\\s+zum\\s+thema|weitere\\s+nachrichten|auch\\s+interessant|lesen\\s+sie\\s+auch|das\\s+könnte\\s+sie\\s+auch\\s+interessieren)$",
  "^(à\\s+lire\\s+aussi|lire\\s+aussi|sur\\s+le\\s+même\\s+sujet|articles\\s+similaires|dernières\\s+actualités)$",
  "^(top\\s+articole|se\\s+încarcă\\s+comentariile|comentarii|ajouter\\s+à\\s+vos\\s+sélections|vezi\\s+(și|şi)|citește\\s+(și|şi)|citeşte\\s+(și|şi))$",
  "^(mai\\s+multe|vezi\\s+toate|vezi\\s+și|vezi\\s+si|citește\\s+și|citeste\\s+si|citește\\s+mai\\s+mult|ultimele\\s+știri|știri\\s+recomandate|articole\\s+similare|cele\\s+mai\\s+citite)$",
  // `Recommendations`, alone or with the site's domain (`RECOMANDĂRI HotNews.ro`).
  "^(recommended|recommendations|recomand(ă|a)ri|рекомендуем|рекомендуємо|recommandés?|recomendamos|recomendados|empfehlungen)(\\s+\\S+\\.\\w{2,4}|\\s+for\\s+you)?$",
  "^(noticias\\s+relacionadas|lee\\s+también|te\\s+puede\\s+interesar|más\\s+noticias|últimas\\s+noticias)$",
  // Share, print, comment prompts and forms.
  "^(share|share this|share this article|share this story|share on \\w+|share via \\w+|comments?|leave a comment|leave a reply|add a comment|add comment|post a comment|\\d+\\s+comments?|print|tweet|email|whatsapp|telegram|facebook|twitter|x|linkedin)$",
  "^(կիսվել|մեկնաբանություններ|մեկնաբանել|поделиться|комментарии|комментировать|поділитися|коментарі|გაზიარება|კომენტარები|paylaş|şərhlər|teilen|kommentare|partager|commentaires|compartir|comentarios)$",
  "^your email address will not be published",
  "^(name|email|website|comment)\\s*\\*$",
  // Account, notification and donation prompts.
  "^(vous possédez déjà un compte|already have an account|sign in|log in|se connecter|connexion|get email notifications? for|donează|donate|support us|faceți o donație)",
  // Save-for-later buttons.
  "^(save|savesave.*|save article.*|save for later|save to reading list)$|to (your )?reading list$|^ajouter à vos sélections|^pour ajouter l.article à vos sélections|guardar en mi perfil|noticia guardada",
  // Recommendation and paywall labels.
  "^(la rédaction vous conseille|article réservé aux abonnés|réservé aux abonnés|abonnés|premium|exclusive)$",
  // Copyright and rights lines.
  "^(©|\\(c\\)|copyright\\b)",
  "^.{0,40}(використання матеріалів|использование материалов|при использовании материалов|reproducerea (integrală|parțială)|toute reproduction)",
  "all rights reserved|все права защищены|բոլոր իրավունքները պաշտպանված են|всі права захищені|ყველა უფლება დაცულია|bütün hüquqlar qorunur|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados",
  // Downloads and "learn more" boxes after the article.
  "^(downloads|files to download|à télécharger|a télécharger|documents à télécharger|descargas|downloads\\s+und\\s+links|descărcări|скачать|завантажити|learn more|find out more|en savoir plus|pour en savoir plus|más información|saber más|mehr erfahren|afla mai multe|află mai multe|узнать больше|подробнее|дізнатися більше|детальніше)$",
  // A disclaimer heading after the article (the publisher's funding or liability statement follows).
  "^(disclaimer|avertisment|avertissement|aviso legal|descargo de responsabilidad|haftungsausschluss|esclusione di responsabilità|isenção de responsabilidade|sorumluluk reddi|отказ от ответственности|застереження|відмова від відповідальності)$",
  // Tags and subscription boxes.
  "^(tags|теги|метки|мітки|թեգեր|tegs|etiketlər|schlagwörter|étiquettes|etiquetas|etichete)\\b",
  // Paywalls and "read the rest elsewhere" lines.
  // (Unanchored phrases are limited to short lines, so a paragraph that mentions them is never cut.)
  "^.{0,80}(réservée aux abonnés|subscribers only|subscribe to continue|continue reading|read the full article|citeste intregul articol|читать полностью|доступно только подписчикам).{0,80}$",
  // Newsletter and app promotions.
  "^.{0,100}(newsletter|download the .{1,30} app|receive daily updates|abonnez-vous|abonează-te|suscríbete|подпишитесь на|підпишіться на|recuerda que puedes recibir).{0,100}$",
  "^(recuerda que puedes recibir|download the .{1,30} app|receive daily updates|abonnez-vous|abonează-te|suscríbete|подпишитесь на|підпишіться на|sign up for our|subscribe to our)",
  "^(материалы?\\s+по\\s+теме|смотри(те)?\\s+также|читай(те)?\\s+также|дивіться\\s+також|pour\\s+aller\\s+plus\\s+loin|lire\\s+la\\s+suite)$",
  "^(subscribe|subscribe to our newsletter|sign up for our newsletter|подписаться|подпишитесь)$",
  // Audio and programme promotions after an article (`Listen to the … programme every day`), short lines only.
  "^(listen to|ascultați|ascultati|écoutez|слушайте|слухайте|escuche|escucha|hören sie)\\s.{0,200}$",
  "^(follow (me|us) on \\w+|thanks for signing up|sponsored (and written )?by |sign up for |subscribe (now|to|for)\\b|this article is more than)",
];

/** One matcher per pattern source; a linear-time engine, so an operator's pattern cannot hang a run. */
export interface CompiledPatterns {
  readonly sources: readonly string[];
  test(line: string): boolean;
}

/**
 * Compiled lists by their sources' text, not by array identity: a caller that builds its context per
 * article (a fresh copy of the same list each time) must not pay for compiling ~60 patterns per page.
 * Few distinct lists exist in a run; the cache keeps the most recent ones.
 */
const compiled = new Map<string, CompiledPatterns>();
const CACHED_LISTS = 16;

const BUILTIN = new Set(BUILTIN_CRUFT_PATTERNS);

/** A built-in pattern as a V8 RegExp: Unicode case folding, like RE2's CASE_INSENSITIVE. */
export const nativeMatcher = (source: string): RegExp => new RegExp(source, "iu");

/** An operator's pattern under RE2 semantics (re2js). */
export function re2Matcher(source: string): { test(line: string): boolean } {
  let compiledPattern: RE2JS;
  try {
    compiledPattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch {
    throw new Error(patternProblem(source));
  }
  return { test: (line) => compiledPattern.matcher(line).find() };
}

/**
 * Compiles patterns. An operator's pattern gets RE2 semantics (re2js, linear time in the input:
 * `^(a+)+$` cannot backtrack exponentially). The built-in ones are ours, reviewed to hold no nested or
 * unbounded-overlapping quantifiers, and run as V8 RegExps: re2js, a pure-JS engine, cost ~55% of a first
 * run's CPU for them (issue 8's profile), tested line by line; test/articles/reading/cruft-patterns.test.ts
 * checks both engines give every built-in the same verdicts. Throws an Error naming the first invalid
 * pattern; configuration loading calls `patternProblem` first, so at run time this only sees valid lists.
 */
export function compilePatterns(patterns: readonly string[]): CompiledPatterns {
  const key = JSON.stringify(patterns);
  let hit = compiled.get(key);
  if (!hit) {
    const matchers = patterns.map((source) =>
      BUILTIN.has(source) ? nativeMatcher(source) : re2Matcher(source),
    );
    hit = { sources: [...patterns], test: (line) => matchers.some((m) => m.test(line)) };
    if (compiled.size >= CACHED_LISTS) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, hit);
  }
  return hit;
}

/** Why a pattern cannot be used (RE2 syntax: no lookaround, no backreferences), or undefined. */
export function patternProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    return `pattern ${JSON.stringify(source)} is not a valid RE2 regular expression: ${(error as Error).message}`;
  }
}
