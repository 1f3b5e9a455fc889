/** Reciprocal rank fusion's constant: how much the first ranks count more than the next (60, as in its paper). */
const RRF_K = 60;

export interface Scored<Row> {
  row: Row;
  score: number;
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each row scores Σ 1/(k + rank) over the rankings it
 * appears in, so a row both rankings agree on comes first, and one found by a single ranking still
 * gets in. Only ranks count, never the rankings' own scores, which are not comparable (BM25 against
 * cosine distance). Fused scores are brought to the first ranking's scale (its best score stays the
 * best), so whatever weighs scores afterwards (boosts, packing) sees numbers of the kind it expects.
 */
export function fuseRankings<Row>(rankings: Row[][], idOf: (row: Row) => string, scaleOf?: number): Scored<Row>[] {
  const fused = new Map<string, Scored<Row>>();
  for (const ranking of rankings) {
    ranking.forEach((row, index) => {
      const id = idOf(row);
      const entry = fused.get(id) ?? { row, score: 0 };
      entry.score += 1 / (RRF_K + index + 1);
      fused.set(id, entry);
    });
  }
  const ordered = [...fused.values()].sort((a, b) => b.score - a.score);
  const best = ordered[0]?.score ?? 0;
  if (!scaleOf || best === 0) return ordered;
  return ordered.map((entry) => ({ row: entry.row, score: (entry.score / best) * scaleOf }));
}

/**
 * Lexical hits (already ranked, best first) fused with semantic neighbours (nearest first). With no
 * neighbours the lexical hits come back as they were.
 */
export function fuseWithNeighbours<Row extends { id: string }>(
  lexical: Scored<Row>[],
  neighbours: Row[] | undefined,
): Scored<Row>[] {
  if (!neighbours || neighbours.length === 0) return lexical;
  const ranked = [...lexical].sort((a, b) => b.score - a.score);
  return fuseRankings([ranked.map((hit) => hit.row), neighbours], (row) => row.id, ranked[0]?.score ?? 1);
}
