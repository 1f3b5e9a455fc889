import { PageHeader } from "../../components/layout/PageHeader";
import { DialogueList } from "./DialogueList";
import { StartDialogueForm } from "./StartDialogueForm";

/** `/dialogues`: let Locrits talk to each other on a topic (SPEC §9), and the dialogues so far. */
export function DialoguesPage() {
  return (
    <div className="grid gap-4">
      <PageHeader
        title="Dialogues"
        description="Pick Locrits and a topic: each speaks with its own model, personality and memory while you watch."
      />
      <StartDialogueForm />
      <DialogueList />
    </div>
  );
}
