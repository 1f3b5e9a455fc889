import type { SearchHit } from "../../storage/repositories/search.repository.js";
import { fuseRankings } from "../recall/rank-fusion.js";
import type { SemanticNeighbours } from "./semantic-recall.js";

/** A search hit with how many of the query's words it has (search ranks all words first). */
export type RankedSearchHit = SearchHit & { coverage: number };

export interface SearchFilters {
  role?: string;
  sessionId?: string;
  from?: string;
  to?: string;
}

const SNIPPET_CHARS = 200;
const keyOf = (hit: SearchHit) => `${hit.kind}:${hit.row.id}`;

/**
 * Search's semantic half (SPEC §7.4, "the same lexical and semantic machinery" as recall): the
 * neighbours that pass the search's filters are fused with the lexical hits by reciprocal rank; the
 * order stays "all words first" (coverage), fused rank within, so a hit found by meaning alone comes
 * after those that have the words. Answers the hits, best first, and how many only meaning found.
 */
export function withSemanticHits(props: {
  lexical: RankedSearchHit[];
  neighbours: SemanticNeighbours | undefined;
  filters: SearchFilters;
  withMemories: boolean;
}): { hits: RankedSearchHit[]; added: number } {
  const { lexical, neighbours, filters } = props;
  if (!neighbours) return { hits: lexical, added: 0 };
  const inRange = (at: string) => (!filters.from || at >= filters.from) && (!filters.to || at <= filters.to);
  const snippet = (content: string) =>
    content.length > SNIPPET_CHARS ? `${content.slice(0, SNIPPET_CHARS)}…` : content;
  const semantic: RankedSearchHit[] = [
    ...neighbours.messages
      .filter(
        (row) =>
          (!filters.role || row.role === filters.role) && (!filters.sessionId || row.session_id === filters.sessionId),
      )
      .filter((row) => inRange(row.created_at))
      .map((row) => ({ kind: "message" as const, row, snippet: snippet(row.content), score: 0, coverage: 0 })),
    ...(props.withMemories ? neighbours.memories : [])
      .filter((row) => inRange(row.created_at))
      .map((row) => ({ kind: "memory" as const, row, snippet: snippet(row.content), score: 0, coverage: 0 })),
  ];
  if (semantic.length === 0) return { hits: lexical, added: 0 };
  const found = new Map(lexical.map((hit) => [keyOf(hit), hit]));
  const fused = fuseRankings([lexical, semantic], keyOf, lexical[0]?.score || 1).map(
    ({ row: hit, score }) => ({ ...(found.get(keyOf(hit)) ?? hit), score }) as RankedSearchHit,
  );
  return {
    hits: fused.sort((a, b) => b.coverage - a.coverage || b.score - a.score),
    added: fused.length - lexical.length,
  };
}
