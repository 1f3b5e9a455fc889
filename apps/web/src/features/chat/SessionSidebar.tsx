import type { SessionListItem } from "@locrit/protocol";
import { MessageSquarePlus } from "lucide-react";
import { useState } from "react";
import { useSessionPages } from "../../api/memory.queries";
import { Button } from "../../components/ui/button";
import { cn } from "../../lib/cn";
import { formatDateTime, plural } from "../../lib/format";

/** When a conversation was last talked in: renaming it (which touches updated_at) does not move it. */
const lastActivity = (session: SessionListItem) => session.last_message?.timestamp ?? session.created_at;

/** Past conversations of this Locrit, newest first; picking one reopens it with its history. */
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
  const list = (sessions.data?.pages.flatMap((page) => page.sessions) ?? []).sort((a, b) =>
    lastActivity(b).localeCompare(lastActivity(a)),
  );
  // On a phone the list covers the chat: picking a conversation (or starting one) closes it.
  const open = (id: string) => {
    setOpenOnPhone(false);
    onOpen(id);
  };
  const activeIsNew = !list.some((session) => session.id === activeSessionId);

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
        className={cn("min-h-0 flex-1 overflow-y-auto", !openOnPhone && "hidden md:block")}
      >
        {sessions.error && (
          <p className="text-xs text-muted-foreground">Past conversations are not available right now.</p>
        )}
        <ul className="grid grid-cols-[minmax(0,1fr)] gap-1" data-testid="session-list">
          {activeIsNew && (
            <li>
              <span aria-current="page" className="block rounded-md bg-accent px-2 py-1.5 text-sm font-medium">
                New conversation
              </span>
            </li>
          )}
          {list.map((session) => (
            <li key={session.id}>
              <button
                type="button"
                onClick={() => open(session.id)}
                aria-current={session.id === activeSessionId ? "page" : undefined}
                data-session-id={session.id}
                className={cn(
                  "w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  session.id === activeSessionId && "bg-accent font-medium",
                )}
              >
                <span className="block truncate">{session.title || session.id}</span>
                {session.last_message && (
                  <span className="block truncate text-xs text-muted-foreground">{session.last_message.content}</span>
                )}
                <span className="block text-xs text-muted-foreground">
                  {plural(session.message_count, "message")} · {formatDateTime(lastActivity(session))}
                </span>
              </button>
            </li>
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
      </nav>
    </aside>
  );
}
