import { History } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Dialog } from "../../components/ui/dialog";
import { MemoryHistory } from "./MemoryHistory";

/**
 * A memory's "History" button and the dialog it opens. The history is read only while the dialog is
 * open (Radix mounts its content then), so a long list of memories asks for none.
 */
export function MemoryHistoryDialog({
  locritName,
  memoryId,
  withText = false,
}: {
  locritName: string;
  memoryId: string;
  /** A labelled button (where there is room) rather than an icon. */
  withText?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant={withText ? "outline" : "ghost"}
        aria-label={withText ? undefined : "Memory history"}
        onClick={() => setOpen(true)}
        data-testid="memory-history-button"
      >
        <History aria-hidden />
        {withText && "History"}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Memory history"
        description="Every version, newest first: who changed it, when, and from which messages."
      >
        <MemoryHistory locritName={locritName} memoryId={memoryId} />
      </Dialog>
    </>
  );
}
