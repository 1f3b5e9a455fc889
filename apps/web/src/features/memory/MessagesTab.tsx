import { useEffect, useRef } from "react";
import { useSessionPages } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import type { ExplorerFocus } from "./explorer-links";
import { FocusedSession } from "./FocusedSession";
import { SessionMessages } from "./SessionMessages";

/**
 * Every stored message, grouped by session, newest session first; more sessions load on scroll. A
 * link naming a session opens that one alone, its named message highlighted.
 */
export function MessagesTab({ locritName, focus = {} }: { locritName: string; focus?: ExplorerFocus }) {
  if (focus.sessionId)
    return <FocusedSession locritName={locritName} sessionId={focus.sessionId} messageId={focus.messageId} />;
  return <AllSessions locritName={locritName} />;
}

function AllSessions({ locritName }: { locritName: string }) {
  const sessions = useSessionPages(locritName);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = sessions;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const list = sessions.data?.pages.flatMap((page) => page.sessions) ?? [];
  return (
    <div className="grid gap-4" data-testid="messages-tab">
      <QueryState isPending={sessions.isPending} error={sessions.error} what="conversations" />
      {sessions.data && list.length === 0 && (
        <p className="text-sm text-muted-foreground">
          No message stored yet. Chat with this Locrit and its messages appear here, live.
        </p>
      )}
      {list.map((session) => (
        <SessionMessages key={session.id} locritName={locritName} session={session} />
      ))}
      <div ref={sentinel} />
      {hasNextPage && (
        <Button variant="outline" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Load older conversations"}
        </Button>
      )}
    </div>
  );
}
