import type { Message, Session } from "@locrit/protocol";
import { MessageSquare } from "lucide-react";
import { Fragment, useEffect } from "react";
import { Link } from "react-router-dom";
import { useSessionMessagePages } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
import { formatDateTime, plural } from "../../lib/format";
import { locritPagePath } from "../../lib/use-locrit-name";
import { MessageRow } from "./MessageRow";

/**
 * The conversation's active messages, each with the inactive ones folded under it (SPEC §2): a
 * message's earlier versions and the branches they started go with the next active message (the
 * version that replaced them), or with the last one when none follows (a branch paged away from).
 */
export function foldAlternatives(messages: Message[]): { message: Message; folded: Message[] }[] {
  const rows: { message: Message; folded: Message[] }[] = [];
  let waiting: Message[] = [];
  for (const message of messages) {
    if (message.active === false) {
      waiting.push(message);
      continue;
    }
    rows.push({ message, folded: waiting });
    waiting = [];
  }
  const last = rows.at(-1);
  if (last) last.folded.push(...waiting);
  else rows.push(...waiting.map((message) => ({ message, folded: [] })));
  return rows;
}

/**
 * One session's messages, oldest first, under a header naming the session. With `focusMessageId`,
 * pages are loaded until that message is there, and it is highlighted.
 */
export function SessionMessages({
  locritName,
  session,
  focusMessageId,
}: {
  locritName: string;
  session: Session;
  focusMessageId?: string;
}) {
  const messages = useSessionMessagePages(locritName, session.id);
  const list = messages.data?.pages.flatMap((page) => page.messages) ?? [];
  const focusMissing = focusMessageId !== undefined && !list.some((message) => message.id === focusMessageId);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;
  useEffect(() => {
    if (focusMissing && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [focusMissing, hasNextPage, isFetchingNextPage, fetchNextPage]);
  return (
    <Card className="overflow-hidden" data-testid="session-group" data-session-id={session.id}>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b bg-muted/50 px-4 py-2">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-semibold">{session.title || session.id}</h3>
          <p className="text-xs text-muted-foreground">
            {plural(session.message_count, "message")} · started {formatDateTime(session.created_at)} · last{" "}
            {formatDateTime(session.updated_at)}
          </p>
        </div>
        <Button asChild size="sm" variant="ghost">
          <Link to={`${locritPagePath(locritName, "chat")}?session=${encodeURIComponent(session.id)}`}>
            <MessageSquare aria-hidden /> Continue
          </Link>
        </Button>
      </header>
      <div className="px-4 py-2">
        <QueryState isPending={messages.isPending} error={messages.error} what="messages" />
        {focusMissing && messages.data && !hasNextPage && (
          <p role="status" className="py-2 text-sm text-muted-foreground" data-testid="focus-missing">
            The linked message is no longer stored (it was deleted).
          </p>
        )}
        <ol className="divide-y">
          {foldAlternatives(list).map(({ message, folded }) => (
            <Fragment key={message.id}>
              <MessageRow locritName={locritName} message={message} highlighted={message.id === focusMessageId} />
              {folded.length > 0 && (
                <li className="py-1">
                  <details
                    data-testid="message-alternatives"
                    className="rounded-md border px-2"
                    open={folded.some((other) => other.id === focusMessageId) || undefined}
                  >
                    <summary className="cursor-pointer py-1 text-xs text-muted-foreground">
                      {plural(folded.length, "other version")} (regenerated, edited, or the turns after them)
                    </summary>
                    <ol className="divide-y">
                      {folded.map((other) => (
                        <MessageRow
                          key={other.id}
                          locritName={locritName}
                          message={other}
                          highlighted={other.id === focusMessageId}
                        />
                      ))}
                    </ol>
                  </details>
                </li>
              )}
            </Fragment>
          ))}
        </ol>
        {messages.hasNextPage && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => void messages.fetchNextPage()}
            disabled={messages.isFetchingNextPage}
          >
            Show more messages
          </Button>
        )}
      </div>
    </Card>
  );
}
