import type { Dialogue } from "@locrit/protocol";
import { Trash2 } from "lucide-react";
import { useDeleteDialogue } from "../../api/dialogues.queries";
import { Button } from "../../components/ui/button";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { toast } from "../../components/ui/toast-store";

/**
 * Deletes a dialogue after a confirmation; nothing while it runs (stop it first, so deleting never
 * cuts a line short by surprise). Each Locrit keeps the lines it heard and said in its own memory.
 */
export function DeleteDialogueButton({
  dialogue,
  size,
  onDeleted,
}: {
  dialogue: Dialogue;
  size?: "sm";
  onDeleted?: () => void;
}) {
  const remove = useDeleteDialogue();
  if (dialogue.status === "running") return null;
  return (
    <ConfirmDialog
      title="Delete this dialogue?"
      description={`This deletes the dialogue “${dialogue.topic}” and its transcript. Each Locrit keeps the lines in its own memory. It cannot be undone.`}
      onConfirm={() =>
        remove.mutateAsync(dialogue.id).then(() => {
          toast.success("Dialogue deleted");
          onDeleted?.();
        })
      }
      trigger={
        <Button size={size} variant="ghost" aria-label={`Delete the dialogue “${dialogue.topic}”`}>
          <Trash2 aria-hidden /> Delete
        </Button>
      }
    />
  );
}
