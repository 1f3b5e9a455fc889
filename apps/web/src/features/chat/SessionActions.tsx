import type { SessionListItem } from "@locrit/protocol";
import { FileJson, FileText, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";
import { plural } from "../../lib/format";
import { useDeleteConversation } from "./session-delete";
import {
  downloadText,
  exportFileName,
  fetchSessionExport,
  sessionToJson,
  sessionToMarkdown,
  type SessionExport,
} from "./session-export";

const formats = {
  md: { label: "Markdown", icon: FileText, type: "text/markdown;charset=utf-8", write: sessionToMarkdown },
  json: {
    label: "JSON",
    icon: FileJson,
    type: "application/json",
    write: (_locritName: string, data: SessionExport) => sessionToJson(data),
  },
} as const;

/** What can be done to one conversation of the sidebar: rename, export (Markdown or JSON), delete. */
export function SessionActions({
  locritName,
  session,
  onRename,
  onDeleted,
}: {
  locritName: string;
  session: SessionListItem;
  onRename: () => void;
  /** The conversation is gone: runs before the views refresh (the chat leaves it if it was open). */
  onDeleted: (sessionId: string) => void;
}) {
  const remove = useDeleteConversation(locritName, onDeleted);
  const [exporting, setExporting] = useState(false);
  const title = session.title || session.id;
  const exportAs = async (format: keyof typeof formats) => {
    setExporting(true);
    try {
      const data = await fetchSessionExport(locritName, session.id);
      downloadText(
        exportFileName(locritName, session, format),
        formats[format].type,
        formats[format].write(locritName, data),
      );
    } catch (error) {
      toast.error(`The export failed: ${errorMessage(error)}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <div role="group" aria-label={`Actions for ${title}`} className="flex flex-wrap gap-1 px-1 pb-1">
      <Button size="sm" variant="ghost" onClick={onRename} data-testid="session-rename">
        <Pencil aria-hidden /> Rename
      </Button>
      {(Object.keys(formats) as (keyof typeof formats)[]).map((format) => {
        const { label, icon: Icon } = formats[format];
        return (
          <Button
            key={format}
            size="sm"
            variant="ghost"
            disabled={exporting}
            onClick={() => void exportAs(format)}
            aria-label={`Export as ${label}`}
            data-testid={`session-export-${format}`}
          >
            <Icon aria-hidden /> {label}
          </Button>
        );
      })}
      <ConfirmDialog
        title={`Delete “${title}”?`}
        description={`Its ${plural(session.message_count, "message")} ${session.message_count === 1 ? "is" : "are"} deleted with it; ${locritName} no longer recalls ${session.message_count === 1 ? "it" : "them"}.`}
        onConfirm={() => remove.mutateAsync(session.id).then(() => toast.success("Conversation deleted"))}
        trigger={
          <Button size="sm" variant="ghost" className="text-destructive" data-testid="session-delete">
            <Trash2 aria-hidden /> Delete
          </Button>
        }
      />
    </div>
  );
}
