import { wordsOf } from "../recall/recall-terms.js";

/** Word overlap (Jaccard) from which two memories say the same thing: merged, not kept twice. */
const SAME_THING = 0.75;

const wordSet = (text: string) => new Set(wordsOf(text));

/** Whether two memory texts say the same thing, give or take a word or punctuation. */
export function isNearDuplicate(left: string, right: string): boolean {
  const a = wordSet(left);
  const b = wordSet(right);
  if (a.size === 0 || b.size === 0) return left.trim() === right.trim();
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared) >= SAME_THING;
}

/** The `limit` memories sharing the most words with the texts (none sharing a word is left out). */
export function relatedByWords<Memory extends { content: string }>(
  texts: string[],
  memories: Memory[],
  limit: number,
): Memory[] {
  const words = wordSet(texts.join("\n"));
  return memories
    .map((memory) => ({ memory, shared: [...wordSet(memory.content)].filter((word) => words.has(word)).length }))
    .filter((entry) => entry.shared > 0)
    .sort((left, right) => right.shared - left.shared)
    .slice(0, limit)
    .map((entry) => entry.memory);
}

/** Same words in the same order: a merge that changes nothing. */
export const sameText = (left: string, right: string): boolean => wordsOf(left).join(" ") === wordsOf(right).join(" ");
