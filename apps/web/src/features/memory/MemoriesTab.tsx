import { Pencil, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useAddMemory, useDeleteMemory, useEditMemory, useMemories, type Memory } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Dialog } from "../../components/ui/dialog";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { MemoryForm } from "./MemoryForm";
import { MemoryHistoryDialog } from "./MemoryHistoryDialog";
import { MemoryHistoryUndoDelete } from "./MemoryHistoryUndoDelete";
import { MemoryProvenance, OriginBadge } from "./MemoryProvenance";
import { MemoryUses } from "./MemoryUses";

/**
 * Long-term memories: facts the Locrit keeps across sessions, each with an importance, where it came
 * from (origin, source messages), the replies that used it and its history. A link naming a memory
 * (`?memory=…`) highlights it; a deleted one can still be restored from its history.
 */
export function MemoriesTab({ locritName, focusMemoryId }: { locritName: string; focusMemoryId?: string }) {
  const memories = useMemories(locritName);
  const add = useAddMemory(locritName);
  // The memory just deleted here, offered back (Undo) until another is deleted or the page is left.
  const [deleted, setDeleted] = useState<Memory | null>(null);
  const list = [...(memories.data ?? [])].sort((a, b) => b.importance - a.importance);
  return (
    <div className="grid gap-4">
      <Card className="p-4">
        <h3 className="mb-3 text-sm font-semibold">Add a memory</h3>
        <MemoryForm
          idPrefix="new-memory"
          submitLabel="Add memory"
          busy={add.isPending}
          onSubmit={(body, reset) =>
            add.mutate(body, {
              onSuccess: () => {
                reset();
                toast.success("Memory added");
              },
            })
          }
        />
        {add.error && (
          <Alert tone="error" className="mt-3">
            {errorMessage(add.error)}
          </Alert>
        )}
      </Card>
      <QueryState isPending={memories.isPending} error={memories.error} what="memories" />
      {memories.data && list.length === 0 && <p className="text-sm text-muted-foreground">No long-term memory yet.</p>}
      {memories.data && focusMemoryId && !list.some((memory) => memory.id === focusMemoryId) && (
        <div className="flex flex-wrap items-center gap-2">
          <p role="status" className="text-sm text-muted-foreground" data-testid="focus-missing">
            The linked memory is not in this list: it may have been deleted.
          </p>
          <MemoryHistoryDialog locritName={locritName} memoryId={focusMemoryId} withText />
        </div>
      )}
      {deleted && (
        <MemoryHistoryUndoDelete
          key={deleted.id}
          locritName={locritName}
          memory={deleted}
          onRestored={() => setDeleted(null)}
        />
      )}
      <ul className="grid gap-2">
        {list.map((memory) => (
          <MemoryRow
            key={memory.id}
            locritName={locritName}
            memory={memory}
            highlighted={memory.id === focusMemoryId}
            onDeleted={() => setDeleted(memory)}
          />
        ))}
      </ul>
    </div>
  );
}

function MemoryRow({
  locritName,
  memory,
  highlighted,
  onDeleted,
}: {
  locritName: string;
  memory: Memory;
  highlighted: boolean;
  onDeleted: () => void;
}) {
  const edit = useEditMemory(locritName);
  const remove = useDeleteMemory(locritName);
  const [editing, setEditing] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Focus too, so the keyboard carries on from the memory the link named.
    if (!highlighted) return;
    row.current?.focus({ preventScroll: true });
    row.current?.scrollIntoView({ block: "center" });
  }, [highlighted]);
  return (
    <li
      ref={row}
      tabIndex={highlighted ? -1 : undefined}
      className="rounded-lg focus-visible:outline-none"
      aria-current={highlighted || undefined}
    >
      <Card
        className={cn("flex flex-wrap items-start justify-between gap-2 p-3", highlighted && "ring-2 ring-ring")}
        data-testid="memory-row"
        data-memory-id={memory.id}
        data-highlighted={highlighted || undefined}
      >
        <div className="min-w-0 flex-1">
          <p className="whitespace-pre-wrap break-words text-sm">{memory.content}</p>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
            <OriginBadge origin={memory.origin} locritName={locritName} />
            <Badge tone="info">importance {memory.importance.toFixed(2)}</Badge>
            added {formatDateTime(memory.created_at)}
            {memory.last_recalled_at && ` · recalled ${formatDateTime(memory.last_recalled_at)}`}
          </p>
          <MemoryProvenance locritName={locritName} messageIds={memory.source_message_ids} />
          <MemoryUses locritName={locritName} memoryId={memory.id} defaultOpen={highlighted} />
        </div>
        <div className="flex gap-1">
          <MemoryHistoryDialog locritName={locritName} memoryId={memory.id} />
          <Button size="sm" variant="ghost" aria-label="Edit memory" onClick={() => setEditing(true)}>
            <Pencil aria-hidden />
          </Button>
          <ConfirmDialog
            title="Delete this memory?"
            description="The Locrit forgets it. Its history keeps every version, so it can be restored (Undo)."
            onConfirm={() =>
              remove.mutateAsync(memory.id).then(() => {
                toast.success("Memory deleted");
                onDeleted();
              })
            }
            trigger={
              <Button size="sm" variant="ghost" aria-label="Delete memory">
                <Trash2 aria-hidden />
              </Button>
            }
          />
        </div>
      </Card>
      <Dialog open={editing} onOpenChange={setEditing} title="Edit memory">
        <MemoryForm
          idPrefix={`memory-${memory.id}`}
          initial={memory}
          submitLabel="Save"
          note="The text it replaces stays in its history."
          busy={edit.isPending}
          onSubmit={(body) =>
            edit.mutate(
              { id: memory.id, ...body },
              {
                onSuccess: () => {
                  setEditing(false);
                  toast.success("Memory saved");
                },
              },
            )
          }
        />
        {edit.error && (
          <p role="alert" className="text-sm text-destructive">
            {errorMessage(edit.error)}
          </p>
        )}
      </Dialog>
    </li>
  );
}
