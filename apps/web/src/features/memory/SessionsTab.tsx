import type { Session } from "@locrit/protocol";
import { MessageSquare, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useDeleteSession, useRenameSession, useSessionPages } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Dialog } from "../../components/ui/dialog";
import { Input } from "../../components/ui/input";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { formatDateTime, plural } from "../../lib/format";
import { locritPagePath } from "../../lib/use-locrit-name";

/** The ids the server gives the owner on each channel (web, socket.io, API): that is "you", not worth a word. */
const ownerIds = new Set(["web_user", "websocket_user", "api_user"]);
const startedBy = (userId: string | null) => (userId && !ownerIds.has(userId) ? ` · with ${userId}` : "");

/** The sessions: rename, delete (with its messages), or continue one in the chat. */
export function SessionsTab({ locritName }: { locritName: string }) {
  const sessions = useSessionPages(locritName);
  const list = sessions.data?.pages.flatMap((page) => page.sessions) ?? [];
  return (
    <div className="grid gap-2">
      <QueryState isPending={sessions.isPending} error={sessions.error} what="sessions" />
      {sessions.data && list.length === 0 && <p className="text-sm text-muted-foreground">No session yet.</p>}
      {list.map((session) => (
        <SessionRow key={session.id} locritName={locritName} session={session} />
      ))}
      {sessions.hasNextPage && (
        <Button variant="outline" onClick={() => void sessions.fetchNextPage()} disabled={sessions.isFetchingNextPage}>
          Load more conversations
        </Button>
      )}
    </div>
  );
}

function SessionRow({ locritName, session }: { locritName: string; session: Session }) {
  const rename = useRenameSession(locritName);
  const remove = useDeleteSession(locritName);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
  return (
    <Card className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="session-row">
      <div className="min-w-0">
        <p className="truncate font-medium">{session.title || session.id}</p>
        <p className="text-xs text-muted-foreground">
          {plural(session.message_count, "message")} · {formatDateTime(session.created_at)} →{" "}
          {formatDateTime(session.updated_at)}
          {startedBy(session.user_id)}
        </p>
      </div>
      <div className="flex gap-1">
        <Button asChild size="sm" variant="ghost">
          <Link to={`${locritPagePath(locritName, "chat")}?session=${encodeURIComponent(session.id)}`}>
            <MessageSquare aria-hidden /> Continue
          </Link>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Rename ${session.title || session.id}`}
          onClick={() => setEditing(true)}
        >
          <Pencil aria-hidden />
        </Button>
        <ConfirmDialog
          title="Delete this conversation?"
          description={`Its ${plural(session.message_count, "message")} ${session.message_count === 1 ? "is" : "are"} deleted with it.`}
          onConfirm={() => remove.mutateAsync(session.id).then(() => toast.success("Conversation deleted"))}
          trigger={
            <Button size="sm" variant="ghost" aria-label={`Delete ${session.title || session.id}`}>
              <Trash2 aria-hidden />
            </Button>
          }
        />
      </div>
      <Dialog open={editing} onOpenChange={setEditing} title="Rename conversation">
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate(
              { id: session.id, title },
              {
                onSuccess: () => {
                  setEditing(false);
                  toast.success("Conversation renamed");
                },
              },
            );
          }}
        >
          <label htmlFor={`title-${session.id}`} className="text-sm font-medium">
            Title
          </label>
          <Input id={`title-${session.id}`} value={title} onChange={(event) => setTitle(event.target.value)} />
          {rename.error && (
            <p role="alert" className="text-sm text-destructive">
              {errorMessage(rename.error)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={!title.trim() || rename.isPending}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}
