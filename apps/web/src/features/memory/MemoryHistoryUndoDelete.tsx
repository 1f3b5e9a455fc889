import type { Memory } from "@locrit/protocol";
import { Undo2 } from "lucide-react";
import { useMemoryHistory, useRestoreMemory } from "../../api/memory.queries";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/api-client";
import { textPreview } from "../../lib/text-preview";

const PREVIEW_CHARS = 80;
const preview = (text: string) => textPreview(text, PREVIEW_CHARS);

/**
 * After a memory is deleted: Undo, which restores its last version before the deletion (its history
 * outlives it, SPEC §7.3). Says nothing once the memory is back, however it came back.
 */
export function MemoryHistoryUndoDelete({
  locritName,
  memory,
  onRestored,
}: {
  locritName: string;
  memory: Memory;
  onRestored: () => void;
}) {
  const history = useMemoryHistory(locritName, memory.id);
  const restore = useRestoreMemory(locritName);
  if (history.data && !history.data.deleted) return null;
  const before = history.data?.versions.filter((version) => version.action !== "deleted").at(-1);
  return (
    <div role="status" className="flex flex-wrap items-center gap-2 text-sm" data-testid="memory-deleted">
      <span className="text-muted-foreground">Deleted “{preview(memory.content)}”.</span>
      <Button
        size="sm"
        variant="outline"
        disabled={!before || restore.isPending}
        onClick={() => before && restore.mutate({ id: memory.id, version: before.version }, { onSuccess: onRestored })}
      >
        <Undo2 aria-hidden /> Undo
      </Button>
      {restore.error && <span className="text-destructive">{errorMessage(restore.error)}</span>}
    </div>
  );
}
