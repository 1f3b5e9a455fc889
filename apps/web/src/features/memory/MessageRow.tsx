import type { Message } from "@locrit/protocol";
import { Pencil, Trash2 } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useDeleteMessage, useEditMessage } from "../../api/memory.queries";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Dialog } from "../../components/ui/dialog";
import { Textarea } from "../../components/ui/input";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";

/**
 * A stored message with its role, time and status; editable and deletable (with confirmation).
 * `highlighted`: the message a link asked for, scrolled into view and marked.
 */
export function MessageRow({
  locritName,
  message,
  content,
  highlighted = false,
}: {
  locritName: string;
  message: Message;
  content?: ReactNode;
  highlighted?: boolean;
}) {
  const edit = useEditMessage(locritName);
  const remove = useDeleteMessage(locritName);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.content);
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Focus too, so the keyboard carries on from the message the link named.
    if (!highlighted) return;
    row.current?.focus({ preventScroll: true });
    row.current?.scrollIntoView({ block: "center" });
  }, [highlighted]);
  return (
    <li
      ref={row}
      tabIndex={highlighted ? -1 : undefined}
      className={cn(
        "grid gap-1 py-2",
        highlighted && "-mx-2 rounded-md bg-accent px-2 ring-2 ring-ring focus-visible:outline-none",
      )}
      data-testid="stored-message"
      data-role={message.role}
      data-message-id={message.id}
      data-highlighted={highlighted || undefined}
      aria-current={highlighted || undefined}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <Badge tone={message.role === "user" ? "info" : "neutral"} data-testid="message-role">
          {message.role}
        </Badge>
        <time dateTime={message.timestamp} data-testid="message-timestamp">
          {formatDateTime(message.timestamp)}
        </time>
        {message.status !== "complete" && <Badge tone="warning">{message.status}</Badge>}
        {message.edited_at && <span>(edited)</span>}
        {message.active === false && (
          <span data-testid="message-inactive">(another version is in the conversation)</span>
        )}
        <span className="ml-auto flex gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-label="Edit message"
            onClick={() => {
              setText(message.content);
              setEditing(true);
            }}
          >
            <Pencil aria-hidden />
          </Button>
          <ConfirmDialog
            title="Delete this message?"
            description="The Locrit forgets it for good."
            onConfirm={() => remove.mutateAsync(message.id).then(() => toast.success("Message deleted"))}
            trigger={
              <Button variant="ghost" size="sm" aria-label="Delete message">
                <Trash2 aria-hidden />
              </Button>
            }
          />
        </span>
      </div>
      <p className="whitespace-pre-wrap break-words text-sm" data-testid="message-content">
        {content ?? message.content}
      </p>
      <Dialog open={editing} onOpenChange={setEditing} title="Edit message">
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            edit.mutate(
              { id: message.id, content: text },
              {
                onSuccess: () => {
                  setEditing(false);
                  toast.success("Message saved");
                },
              },
            );
          }}
        >
          <label htmlFor={`edit-${message.id}`} className="sr-only">
            Message text
          </label>
          <Textarea id={`edit-${message.id}`} rows={6} value={text} onChange={(event) => setText(event.target.value)} />
          {edit.error && (
            <p role="alert" className="text-sm text-destructive">
              {errorMessage(edit.error)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={edit.isPending || !text.trim()}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </li>
  );
}
