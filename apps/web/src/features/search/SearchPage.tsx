import { useSearchParams } from "react-router-dom";
import { useLocrits } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { plural } from "../../lib/format";
import { LocritResults } from "./LocritResults";

/**
 * `/search?q=…`: the memory search of every Locrit at once, grouped by Locrit. Each Locrit is asked on
 * its own (the same route as its Memory Explorer), so one slow or failing Locrit holds up no other.
 */
export function SearchPage() {
  const [params] = useSearchParams();
  const query = (params.get("q") ?? "").trim();
  const locrits = useLocrits();
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={query ? `Search: “${query}”` : "Search"}
        description={
          locrits.data
            ? `In the conversations and memories of ${plural(locrits.data.length, "Locrit")}.`
            : "In the conversations and memories of every Locrit."
        }
      />
      {!query && (
        <p className="text-sm text-muted-foreground">
          Type words in the search box at the top (press <kbd className="rounded border px-1">/</kbd> to get there).
        </p>
      )}
      <QueryState isPending={locrits.isPending} error={locrits.error} what="Locrits" />
      {query && locrits.data?.length === 0 && <p className="text-sm text-muted-foreground">There is no Locrit yet.</p>}
      {query && (
        <div className="flex flex-col gap-3" data-testid="search-groups">
          {locrits.data?.map((locrit) => (
            <LocritResults key={locrit.name} locritName={locrit.name} query={query} />
          ))}
        </div>
      )}
    </div>
  );
}
