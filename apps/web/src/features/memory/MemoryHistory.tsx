import type { MemoryChanger, MemoryVersion } from "@locrit/protocol";
import { Undo2 } from "lucide-react";
import { useMemoryHistory, useRestoreMemory } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { formatDateTime } from "../../lib/format";
import { MemoryProvenance } from "./MemoryProvenance";

const actionLabels: Record<MemoryVersion["action"], string> = {
  created: "Created",
  updated: "Changed",
  deleted: "Deleted",
  restored: "Restored",
};
const changerLabel = (changer: MemoryChanger, locritName: string) =>
  ({ user: "by you", extraction: `by ${locritName}`, import: "by an import" })[changer];

/**
 * Every version of one memory, newest first (SPEC §7.3): what it said, how important it was, who
 * changed it, when, and from which messages. Any version but the current one can be restored, after
 * a confirmation; a restore is itself a new version, so it can be undone the same way.
 */
export function MemoryHistory({ locritName, memoryId }: { locritName: string; memoryId: string }) {
  const history = useMemoryHistory(locritName, memoryId);
  const restore = useRestoreMemory(locritName);
  const versions = [...(history.data?.versions ?? [])].reverse();
  const current = history.data && !history.data.deleted ? versions[0]?.version : undefined;
  return (
    <div className="grid gap-3" data-testid="memory-history">
      <QueryState isPending={history.isPending} error={history.error} what="this memory's history" />
      {history.data?.deleted && (
        <Alert tone="warning" data-testid="memory-history-deleted">
          This memory is deleted. Restore a version to bring it back.
        </Alert>
      )}
      <ol className="grid max-h-[60vh] gap-2 overflow-y-auto pr-1">
        {versions.map((version) => (
          <li
            key={version.version}
            className="grid gap-1 rounded-md border p-3"
            data-testid="memory-version"
            data-version={version.version}
            data-action={version.action}
            aria-current={version.version === current || undefined}
          >
            <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <span className="font-medium text-foreground">Version {version.version}</span>
              <Badge tone={version.action === "deleted" ? "danger" : "neutral"}>{actionLabels[version.action]}</Badge>
              <span data-testid="memory-version-changer">{changerLabel(version.changed_by, locritName)}</span>
              <time dateTime={version.changed_at}>{formatDateTime(version.changed_at)}</time>
              {version.version === current && <Badge tone="info">current</Badge>}
            </p>
            <p className="whitespace-pre-wrap break-words text-sm" data-testid="memory-version-content">
              {version.content}
            </p>
            <p className="text-xs text-muted-foreground">importance {version.importance.toFixed(2)}</p>
            <MemoryProvenance locritName={locritName} messageIds={version.source_message_ids} />
            {version.version !== current && version.action !== "deleted" && (
              <div>
                <ConfirmDialog
                  title={`Restore version ${version.version}?`}
                  description="The memory says this again, with this importance. The change is kept as a new version, so it can be undone too."
                  confirmLabel="Restore"
                  onConfirm={() => restore.mutateAsync({ id: memoryId, version: version.version })}
                  trigger={
                    <Button size="sm" variant="outline">
                      <Undo2 aria-hidden /> Restore
                    </Button>
                  }
                />
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
