import { useEffect, useState } from "react";
import { useMemorySearch } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { HighlightedText } from "./HighlightedText";
import { MessageRow } from "./MessageRow";

/** Full-text search over stored messages; hits are highlighted in the text itself. */
export function SearchTab({ locritName }: { locritName: string }) {
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useMemorySearch(locritName, query);
  return (
    <div className="grid gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="memory-search">Search messages</Label>
        <Input
          id="memory-search"
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="What did we say about…"
        />
      </div>
      {query && <QueryState isPending={search.isPending} error={search.error} what="results" />}
      {search.data && (
        <p className="text-sm text-muted-foreground" role="status">
          {search.data.total} result{search.data.total === 1 ? "" : "s"} for “{query}”
        </p>
      )}
      <ol className="divide-y">
        {search.data?.results.map((result) =>
          result.kind === "memory" || result.session_id === null ? (
            <li key={result.id} className="grid gap-1 py-2" data-testid="search-memory">
              <span className="text-xs text-muted-foreground">Long-term memory</span>
              <p className="whitespace-pre-wrap break-words text-sm">
                <HighlightedText text={result.content} query={query} />
              </p>
            </li>
          ) : (
            <MessageRow
              key={result.id}
              locritName={locritName}
              message={{ ...result, session_id: result.session_id }}
              content={<HighlightedText text={result.content} query={query} />}
            />
          ),
        )}
      </ol>
    </div>
  );
}
