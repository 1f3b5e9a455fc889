import { MessageSquarePlus, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { useSessionPages } from "../../api/memory.queries";
import { Button } from "../../components/ui/button";
import { Input } from "../../components/ui/input";
import { cn } from "../../lib/cn";
import { lastActivity, SessionItem } from "./SessionItem";
import { titleMatches, useConversationSearch } from "./session-search";

/**
 * Past conversations of this Locrit, newest first; picking one reopens it with its history. Each can
 * be renamed, exported or deleted; the search keeps those whose title or content matches.
 */
export function SessionSidebar({
  locritName,
  activeSessionId,
  onOpen,
  onNew,
}: {
  locritName: string;
  activeSessionId: string;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const sessions = useSessionPages(locritName);
  const [openOnPhone, setOpenOnPhone] = useState(false);
  const [filter, setFilter] = useState("");
  const search = useConversationSearch(locritName, filter);
  const all = (sessions.data?.pages.flatMap((page) => page.sessions) ?? []).sort((a, b) =>
    lastActivity(b).localeCompare(lastActivity(a)),
  );
  const wanted = filter.trim();
  // Content hits belong to the query they were asked for: while typing on, only titles filter.
  const hits = search.query === wanted ? search.contentHits : undefined;
  const list = wanted ? all.filter((session) => titleMatches(session, wanted) || hits?.has(session.id)) : all;
  // A search covers every conversation, not only the pages shown so far: the rest are read while it lasts.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = sessions;
  useEffect(() => {
    if (wanted && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [wanted, hasNextPage, isFetchingNextPage, fetchNextPage]);
  // On a phone the list covers the chat: picking a conversation (or starting one) closes it.
  const open = (id: string) => {
    setOpenOnPhone(false);
    onOpen(id);
  };
  const activeIsNew = !all.some((session) => session.id === activeSessionId);

  return (
    <aside aria-label="Conversations" className="flex min-h-0 flex-col gap-2 md:border-r md:pr-3">
      <div className="flex gap-2">
        <Button
          onClick={() => {
            setOpenOnPhone(false);
            onNew();
          }}
          className="flex-1"
          data-testid="new-conversation"
        >
          <MessageSquarePlus aria-hidden /> New conversation
        </Button>
        <Button
          variant="outline"
          className="md:hidden"
          aria-expanded={openOnPhone}
          aria-controls="session-list"
          onClick={() => setOpenOnPhone((open) => !open)}
        >
          History
        </Button>
      </div>
      <nav
        id="session-list"
        aria-label="Past conversations"
        className={cn("flex min-h-0 flex-1 flex-col gap-2", !openOnPhone && "hidden md:flex")}
      >
        <div className="relative">
          <label htmlFor="session-search" className="sr-only">
            Search conversations
          </label>
          <Search
            className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden
          />
          <Input
            id="session-search"
            type="search"
            data-testid="session-search"
            className="pl-8"
            placeholder="Search conversations"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setFilter("");
            }}
          />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {sessions.error && (
            <p className="text-xs text-muted-foreground">Past conversations are not available right now.</p>
          )}
          {wanted && (
            <p role="status" className="px-1 pb-1 text-xs text-muted-foreground" data-testid="session-search-status">
              {search.error
                ? "Only titles were searched: the content search failed."
                : `${list.length} conversation${list.length === 1 ? "" : "s"} match${list.length === 1 ? "es" : ""}` +
                  (search.searching || !hits ? "; searching their messages…" : "")}
            </p>
          )}
          <ul className="grid grid-cols-[minmax(0,1fr)] gap-1" data-testid="session-list">
            {activeIsNew && !wanted && (
              <li>
                <span aria-current="page" className="block rounded-md bg-accent px-2 py-1.5 text-sm font-medium">
                  New conversation
                </span>
              </li>
            )}
            {list.map((session) => (
              <SessionItem
                key={session.id}
                locritName={locritName}
                session={session}
                active={session.id === activeSessionId}
                hit={hits?.get(session.id)}
                query={wanted}
                onOpen={open}
                onDeleted={(id) => {
                  if (id === activeSessionId) onNew();
                }}
              />
            ))}
          </ul>
          {sessions.hasNextPage && (
            <Button
              variant="ghost"
              size="sm"
              className="mt-1 w-full"
              onClick={() => void sessions.fetchNextPage()}
              disabled={sessions.isFetchingNextPage}
            >
              Older conversations
            </Button>
          )}
        </div>
      </nav>
    </aside>
  );
}
