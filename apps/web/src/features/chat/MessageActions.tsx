import { Check, Copy, Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { IconButton } from "../../components/ui/icon-button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { toast } from "../../components/ui/toast-store";
import { cn } from "../../lib/cn";
import { AlternativePager } from "./AlternativePager";
import { ReplyDetails } from "./ReplyDetails";
import type { ChatEntry } from "./use-chat-session";

const iconButton = "h-7 w-7";

/**
 * Under a stored message: its versions (‹ 2/3 ›), and, on hover or keyboard focus (always on touch
 * screens), copy, regenerate (the last reply), edit (a user message), delete, and a reply's details.
 */
export function MessageActions({
  entry,
  busy,
  canRegenerate,
  onRegenerate,
  onEdit,
  onDelete,
  onShowVersion,
}: {
  entry: ChatEntry;
  /** A turn is running: nothing that starts another or changes the conversation is offered. */
  busy: boolean;
  canRegenerate: boolean;
  onRegenerate: () => void;
  onEdit: () => void;
  onDelete: () => Promise<unknown>;
  onShowVersion: (id: string) => void;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(entry.content);
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    } catch {
      toast.error("Copying was refused by the browser.");
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
      {entry.alternatives && (
        <AlternativePager alternatives={entry.alternatives} onShow={onShowVersion} disabled={busy} />
      )}
      <div
        data-testid="message-actions"
        className={cn(
          "flex flex-wrap items-center gap-1 opacity-0 transition-opacity",
          "group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:opacity-100",
        )}
      >
        <IconButton className={iconButton} label="Copy" onClick={() => void copy()}>
          {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
        </IconButton>
        {copied && <span role="status">Copied</span>}
        {canRegenerate && (
          <IconButton
            className={iconButton}
            label="Regenerate"
            title="Regenerate (the current reply is kept as a version)"
            disabled={busy}
            onClick={onRegenerate}
          >
            <RefreshCw aria-hidden />
          </IconButton>
        )}
        {entry.role === "user" && (
          <IconButton
            className={iconButton}
            label="Edit"
            title="Edit and send again (what follows is kept as a version)"
            disabled={busy}
            onClick={onEdit}
          >
            <Pencil aria-hidden />
          </IconButton>
        )}
        <ConfirmDialog
          trigger={
            <IconButton className={iconButton} label="Delete" disabled={busy}>
              <Trash2 aria-hidden />
            </IconButton>
          }
          title="Delete this message?"
          description="It is removed from this conversation and from the Locrit's memory. This cannot be undone."
          onConfirm={onDelete}
        />
        {entry.role === "assistant" && <ReplyDetails metadata={entry.metadata} />}
      </div>
    </div>
  );
}
