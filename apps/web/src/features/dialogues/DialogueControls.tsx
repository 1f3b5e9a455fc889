import type { Dialogue, DialogueLine } from "@locrit/protocol";
import { Download, Pause, Play, Square } from "lucide-react";
import { useDialogueAction } from "../../api/dialogues.queries";
import { Button } from "../../components/ui/button";
import { DeleteDialogueButton } from "./DeleteDialogueButton";
import { dialogueFileName, dialogueMarkdown } from "./dialogue-export";

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Pause, resume and stop while it runs; the transcript as Markdown at any time; delete unless it runs. */
export function DialogueControls({
  dialogue,
  lines,
  onDeleted,
}: {
  dialogue: Dialogue;
  lines: DialogueLine[];
  onDeleted: () => void;
}) {
  const action = useDialogueAction(dialogue.id);
  const busy = action.isPending;
  return (
    <>
      {dialogue.status === "running" && (
        <Button variant="outline" disabled={busy} onClick={() => action.mutate("pause")}>
          <Pause aria-hidden /> Pause
        </Button>
      )}
      {dialogue.status === "paused" && (
        <Button variant="outline" disabled={busy} onClick={() => action.mutate("resume")}>
          <Play aria-hidden /> Resume
        </Button>
      )}
      {(dialogue.status === "running" || dialogue.status === "paused") && (
        <Button variant="destructive" disabled={busy} onClick={() => action.mutate("stop")}>
          <Square aria-hidden /> Stop
        </Button>
      )}
      <Button
        variant="outline"
        onClick={() => download(dialogueFileName(dialogue), dialogueMarkdown(dialogue, lines))}
        disabled={lines.length === 0}
      >
        <Download aria-hidden /> Export as Markdown
      </Button>
      <DeleteDialogueButton dialogue={dialogue} onDeleted={onDeleted} />
    </>
  );
}
