import type { SearchResult, SessionListItem } from "@locrit/protocol";
import { useEffect, useMemo, useState } from "react";
import { useMemorySearch } from "../../api/memory.queries";

/** Typing settles this long before the content search is asked, so each key press is not a request. */
const SETTLE_MS = 250;

/** Every word of the query is in the title (any case, any order). */
export function titleMatches(session: SessionListItem, query: string): boolean {
  const title = (session.title || session.id).toLocaleLowerCase();
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => title.includes(word));
}

/**
 * The sidebar's search: titles are matched here, contents through the Locrit's memory search
 * (SPEC §7.4), whose best message per conversation is kept to show why it matched.
 */
export function useConversationSearch(locritName: string, text: string) {
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useMemorySearch(locritName, query);
  const contentHits = useMemo(() => {
    const hits = new Map<string, SearchResult>();
    for (const result of search.data?.results ?? [])
      if (result.kind === "message" && result.session_id && !hits.has(result.session_id))
        hits.set(result.session_id, result);
    return hits;
  }, [search.data]);
  return {
    /** The query as last settled; empty: no search. */
    query,
    contentHits,
    searching: query !== "" && search.isFetching,
    error: query === "" ? null : search.error,
  };
}
