import type { LocritRow } from "../../storage/repositories/locrit.repository.js";

/** The Locrit's own `embedding_model` wins; empty → the server's EMBEDDING_MODEL; both empty → no embeddings (""). */
export const embeddingModelFor = (locrit: Pick<LocritRow, "embedding_model">, serverModel: string): string =>
  locrit.embedding_model.trim() || serverModel.trim();

/** Texts longer than this are embedded by their beginning (embedding models take a few thousand tokens). */
export const MAX_EMBEDDED_CHARS = 8_000;

/** Length 1, so a dot product is the cosine; a zero vector stays as it is. */
export function normalised(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length > 0 ? vector.map((value) => value / length) : vector;
}
