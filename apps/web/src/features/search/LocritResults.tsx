import type { SearchResult } from "@locrit/protocol";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMemorySearch } from "../../api/memory.queries";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/api-client";
import { cn } from "../../lib/cn";
import { formatDateTime, plural } from "../../lib/format";
import { locritPagePath } from "../../lib/use-locrit-name";
import { HighlightedText } from "../memory/HighlightedText";
import { memoryInExplorer, messageInExplorer } from "../memory/explorer-links";

/** Shown at first per Locrit; the rest one click away, so one chatty Locrit does not bury the others. */
const FIRST_SHOWN = 5;

/** Where a result opens: its message in its conversation, or the long-term memory. */
const resultLink = (locritName: string, result: SearchResult) =>
  result.kind === "memory" || result.session_id === null
    ? memoryInExplorer(locritName, result.id)
    : messageInExplorer(locritName, result.session_id, result.id);

/**
 * One Locrit's part of the search across all Locrits: its own memory search (SPEC §7.4), best first,
 * each result linking to the message in the Memory Explorer. A Locrit without matches goes last.
 */
export function LocritResults({ locritName, query }: { locritName: string; query: string }) {
  const search = useMemorySearch(locritName, query);
  const [showAll, setShowAll] = useState(false);
  const results = search.data?.results ?? [];
  const empty = search.isSuccess && results.length === 0;
  const shown = showAll ? results : results.slice(0, FIRST_SHOWN);
  return (
    <section
      aria-labelledby={`results-${locritName}`}
      data-testid="search-group"
      data-locrit={locritName}
      data-count={search.data?.total}
      className={cn("grid gap-2 rounded-lg border bg-card p-3", empty && "order-last")}
    >
      <h2 id={`results-${locritName}`} className="flex flex-wrap items-baseline gap-2 font-semibold">
        <Link to={locritPagePath(locritName, "memory-explorer")} className="hover:underline">
          {locritName}
        </Link>
        <span className="text-sm font-normal text-muted-foreground" role="status">
          {search.isPending
            ? "searching…"
            : search.error
              ? "search failed"
              : results.length === 0
                ? "no match"
                : plural(search.data?.total ?? results.length, "result")}
        </span>
      </h2>
      {search.error && (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(search.error)}
        </p>
      )}
      {shown.length > 0 && (
        <ol className="grid gap-1">
          {shown.map((result) => (
            <li key={result.id}>
              <Link
                to={resultLink(locritName, result)}
                data-testid="search-result"
                className="grid gap-0.5 rounded-md px-2 py-1.5 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <span className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                  <Badge tone={result.kind === "memory" ? "warning" : result.role === "user" ? "info" : "neutral"}>
                    {result.kind === "memory" ? "memory" : result.role}
                  </Badge>
                  <time dateTime={result.timestamp}>{formatDateTime(result.timestamp)}</time>
                </span>
                <span className="line-clamp-3 whitespace-pre-wrap break-words text-sm">
                  <HighlightedText text={result.content} query={query} />
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
      {results.length > FIRST_SHOWN && (
        <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => setShowAll((all) => !all)}>
          {showAll ? "Show fewer" : `Show ${results.length - FIRST_SHOWN} more`}
        </Button>
      )}
    </section>
  );
}
