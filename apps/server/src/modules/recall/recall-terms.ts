const MAX_TERMS = 12;

/**
 * Words that say nothing about what to remember (English and French, the original's users write
 * both). Left in, they would match nearly every stored message and drown the real matches.
 */
const STOP_WORDS = new Set(
  (
    "a about after again all also am an and any are as at be been before being but by can could did do does doing done " +
    "for from had has have having he her here hers him his how i if in into is it its just me more most my no not now of " +
    "on once only or other our ours out over please same she should so some such than that the their theirs them then there " +
    "these they this those through to too under up us very was we were what when where which while who whom why will with " +
    "would yes you your yours tell know think remember said say like want get got let hi hello hey thanks " +
    "au aux avec ce ces cet cette dans de des du elle elles en est et etre eux il ils je la le les leur leurs lui ma mais me " +
    "mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous " +
    "comment quoi quel quelle quels quelles suis es sommes etes sont ai as avons avez ont fait faire bonjour merci oui non"
  ).split(" "),
);

/**
 * The meaningful words of a message, for recall: letters and digits only (no query syntax reaches
 * the index), lower-cased, stop words and single letters left out, at most twelve.
 */
export function recallTermsOf(text: string): string[] {
  const words = text.normalize("NFC").toLocaleLowerCase("en-US").match(/[\p{L}\p{N}]+/gu);
  const terms = new Set<string>();
  for (const word of words ?? []) {
    // Accents stay in the term: both indexes fold them (SQLite remove_diacritics, PostgreSQL unaccent).
    if (word.length < 2 || STOP_WORDS.has(word.normalize("NFD").replace(/\p{M}/gu, ""))) continue;
    terms.add(word);
    if (terms.size === MAX_TERMS) break;
  }
  return [...terms];
}
