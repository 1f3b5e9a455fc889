import type { SearchResult, SessionListItem } from "@locrit/protocol";
import { MoreHorizontal } from "lucide-react";
import { useRef, useState } from "react";
import { cn } from "../../lib/cn";
import { formatDateTime, plural } from "../../lib/format";
import { HighlightedText } from "../memory/HighlightedText";
import { SessionActions } from "./SessionActions";
import { SessionTitleEditor } from "./SessionTitleEditor";

/** When a conversation was last talked in: renaming it (which touches updated_at) does not move it. */
export const lastActivity = (session: SessionListItem) => session.last_message?.timestamp ?? session.created_at;

/**
 * One conversation in the sidebar: a button that opens it, and a "…" button showing what can be done
 * to it. `hit`: the message a search found in it, shown (highlighted) instead of the last one.
 */
export function SessionItem({
  locritName,
  session,
  active,
  hit,
  query,
  onOpen,
  onDeleted,
}: {
  locritName: string;
  session: SessionListItem;
  active: boolean;
  hit?: SearchResult;
  query: string;
  onOpen: (id: string) => void;
  onDeleted: (id: string) => void;
}) {
  const [showActions, setShowActions] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  // Once the title is saved or given up, the keyboard carries on from the conversation itself.
  const endRenaming = () => {
    setRenaming(false);
    requestAnimationFrame(() => openButton.current?.focus());
  };
  const title = session.title || session.id;
  const preview = hit?.content ?? session.last_message?.content;
  return (
    <li data-testid="session-item" data-active={active || undefined}>
      <div className={cn("flex items-start rounded-md hover:bg-accent", active && "bg-accent")}>
        {renaming ? (
          <div className="min-w-0 flex-1">
            <SessionTitleEditor locritName={locritName} session={session} onDone={endRenaming} />
          </div>
        ) : (
          <button
            ref={openButton}
            type="button"
            onClick={() => onOpen(session.id)}
            aria-current={active ? "page" : undefined}
            data-session-id={session.id}
            className={cn(
              "min-w-0 flex-1 rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active && "font-medium",
            )}
          >
            <span className="block truncate">{query ? <HighlightedText text={title} query={query} /> : title}</span>
            {preview && (
              <span className="block truncate text-xs font-normal text-muted-foreground" data-testid="session-preview">
                {hit ? <HighlightedText text={preview} query={query} /> : preview}
              </span>
            )}
            <span className="block text-xs font-normal text-muted-foreground">
              {plural(session.message_count, "message")} · {formatDateTime(lastActivity(session))}
            </span>
          </button>
        )}
        <button
          type="button"
          aria-label={`Actions for ${title}`}
          aria-expanded={showActions}
          data-testid="session-actions"
          onClick={() => setShowActions((shown) => !shown)}
          className="m-1 grid size-7 shrink-0 place-items-center rounded-md text-muted-foreground hover:bg-background hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <MoreHorizontal className="size-4" aria-hidden />
        </button>
      </div>
      {showActions && (
        <SessionActions
          locritName={locritName}
          session={session}
          onRename={() => {
            setShowActions(false);
            setRenaming(true);
          }}
          onDeleted={onDeleted}
        />
      )}
    </li>
  );
}
