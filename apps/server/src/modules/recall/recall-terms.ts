import { stemmer } from "stemmer";

const MAX_TERMS = 12;

/**
 * Words that say nothing about what to remember (English and French, the original's users write
 * both), and the phrasing of questions ("when did", "what is", "would be likely to"). Left in, they
 * would match nearly every stored message and drown the real matches.
 */
const STOP_WORDS = new Set(
  (
    "a about after again all also am an and any are as at be been before being but by can could did do does doing done " +
    "for from had has have having he her here hers him his how i if in into is it its just me more most my no not now of " +
    "on once only or other our ours out over please same she should so some such than that the their theirs them then there " +
    "these they this those through to too under up us very was we were what when where which while who whom whose why will with " +
    "would yes you your yours tell know think remember said say like want get got let hi hello hey thanks " +
    "go goes went going gone kind kinds type types thing things something anything likely might may ever much many " +
    "one ones time times way ways both each every either own use used make made take took give gave " +
    "recall recently mention mentioned talk talked talking ask asked describe list name named called happen happened " +
    "au aux avec ce ces cet cette dans de des du elle elles en est et etre eux il ils je la le les leur leurs lui ma mais me " +
    "mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous " +
    "comment quoi quel quelle quels quelles suis es sommes etes sont ai as avons avez ont fait faire bonjour merci oui non"
  ).split(" "),
);

/** Months, periods and time words: the time parser reads them; as words they would only match dates said aloud. */
const TIME_WORDS = new Set(
  (
    "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec " +
    "yesterday today tonight tomorrow last next ago week weeks weekend month months year years day days summer winter spring autumn fall " +
    "monday tuesday wednesday thursday friday saturday sunday"
  ).split(" "),
);

const fold = (word: string) => word.normalize("NFD").replace(/\p{M}/gu, "");

/**
 * The meaningful words of a message, for recall and search: letters and digits only (no query syntax
 * reaches the index), lower-cased, stop words, question phrasing and single letters left out, at most
 * twelve. `keepTimeWords` keeps months and periods (a search for "March" means the word).
 */
export function recallTermsOf(text: string, options: { keepTimeWords?: boolean } = {}): string[] {
  const words = text
    .normalize("NFC")
    .toLocaleLowerCase("en-US")
    .match(/[\p{L}\p{N}]+/gu);
  const terms = new Set<string>();
  for (const word of words ?? []) {
    // Accents stay in the term: both indexes fold them (SQLite remove_diacritics, PostgreSQL unaccent).
    const folded = fold(word);
    if (word.length < 2 || STOP_WORDS.has(folded)) continue;
    if (!options.keepTimeWords && (TIME_WORDS.has(folded) || /^\d{4}$/.test(folded))) continue;
    terms.add(word);
    if (terms.size === MAX_TERMS) break;
  }
  return [...terms];
}

const STEM_MEMO_MAX = 50_000;
const stems = new Map<string, string>();

/**
 * The stem a word is matched by: Porter's stemmer, as SQLite's FTS5 `porter` tokenizer applies it to
 * the index, so "painting", "paints" and "painted" all match "paint". Lower-cased and folded first.
 */
export function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemmer(fold(word.toLocaleLowerCase("en-US")));
    // A long-running server meets many words: the memo is cleared rather than left to grow.
    if (stems.size >= STEM_MEMO_MAX) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/**
 * The words of a stored text, folded as the indexes fold them, for scoring candidates. Every candidate
 * is read so: plain `toLowerCase` (the same as en-US's) and one decomposition (folding composes
 * nothing back) take half the time.
 */
export const wordsOf = (text: string): string[] => fold(text.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];
export const foldTerm = fold;
