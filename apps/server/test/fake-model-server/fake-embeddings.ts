/**
 * The fake model server's embeddings: deterministic, so tests can reason about neighbours. A text is a
 * hashed bag of concepts (each word mapped through a small table of related words, then hashed into
 * one of 64 signed dimensions), normalised; stop words count for nothing. So "kickboxing and yoga" and
 * "which exercises" share no word yet are neighbours, as they would be for a real embedding model.
 * The model's name seeds the hash: two models give different vectors for the same text.
 */
export const FAKE_EMBEDDING_DIMENSIONS = 64;
export const FAKE_EMBEDDING_MODELS = ["fake-embed", "fake-embed-2"];

const RELATED_WORDS: Record<string, string[]> = {
  fitness: ["exercise", "exercises", "workout", "workouts", "kickboxing", "yoga", "gym", "running", "sport", "sports"],
  fantasy: ["fantasy", "harry", "potter", "wizard", "wizards", "dragons", "hobbit", "magic"],
  pets: ["pet", "pets", "dog", "dogs", "cat", "cats", "puppy", "animal", "animals"],
  music: ["music", "guitar", "piano", "song", "songs", "violin", "concert", "instrument", "instruments"],
  food: ["food", "pasta", "pizza", "sushi", "cooking", "dinner", "meal", "dish", "dishes"],
};
const CONCEPT_OF = new Map(Object.entries(RELATED_WORDS).flatMap(([concept, words]) => words.map((w) => [w, concept])));
const STOP_WORDS = new Set(
  "a an and any are about be did do does for how i in is it like me my of on or some that the this to was we what which with you your".split(
    " ",
  ),
);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function fakeEmbedding(text: string, model: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    if (STOP_WORDS.has(word)) continue;
    const hash = fnv1a(`${model}:${CONCEPT_OF.get(word) ?? word}`);
    vector[hash % FAKE_EMBEDDING_DIMENSIONS]! += hash & 0x8000_0000 ? -1 : 1;
  }
  const length = Math.hypot(...vector);
  if (length === 0) vector[0] = 1;
  return length === 0 ? vector : vector.map((value) => value / length);
}
