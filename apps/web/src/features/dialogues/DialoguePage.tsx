import { useNavigate, useParams } from "react-router-dom";
import { useDialogue } from "../../api/dialogues.queries";
import { useLocrits } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { LocritAvatar } from "../../components/LocritAvatar";
import { Alert } from "../../components/ui/alert";
import { cn } from "../../lib/cn";
import { DialogueControls } from "./DialogueControls";
import { DialogueStatusBadge } from "./DialogueStatusBadge";
import { DialogueTranscript, mergeLive } from "./DialogueTranscript";
import { speakerColor } from "./speaker-colors";
import { useDialogueLive } from "./use-dialogue-live";

/** `/dialogues/{id}`: the speakers, the conversation live (or its transcript), pause, resume, stop, export, delete. */
export function DialoguePage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const query = useDialogue(id);
  const live = useDialogueLive(id);
  const locrits = useLocrits();
  const avatars = new Map((locrits.data ?? []).map((locrit) => [locrit.name, locrit.avatar]));
  if (!query.data) return <QueryState isPending={query.isPending} error={query.error} what="the dialogue" />;
  const { dialogue, messages } = query.data;
  const lines = mergeLive(messages, dialogue.status === "running" || dialogue.status === "paused" ? live : undefined);
  return (
    <div className="grid gap-4">
      <PageHeader
        title={dialogue.topic}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <DialogueStatusBadge status={dialogue.status} />
            <span>
              {dialogue.style} · {dialogue.turns}/{dialogue.max_turns} turns · at most {dialogue.max_seconds} s
            </span>
          </span>
        }
        actions={<DialogueControls dialogue={dialogue} lines={lines} onDeleted={() => void navigate("/dialogues")} />}
      />
      <ul className="flex flex-wrap gap-3" aria-label="Speakers">
        {dialogue.participants.map((participant) => {
          const color = speakerColor(dialogue.participants, participant.name);
          return (
            <li key={participant.name} className="flex items-center gap-2 rounded-full border py-1 pl-1 pr-3 text-sm">
              <LocritAvatar
                locrit={{ name: participant.name, avatar: avatars.get(participant.name) ?? null }}
                size="sm"
              />
              <span className={cn("size-2 rounded-full", color.dot)} aria-hidden />
              <span className={cn("font-medium", color.text)}>{participant.name}</span>
              {participant.url && (
                <span className="text-xs text-muted-foreground">{new URL(participant.url).host}</span>
              )}
            </li>
          );
        })}
      </ul>
      {dialogue.status === "failed" && (
        <Alert tone="error" title="The dialogue failed">
          {dialogue.reason ?? "A participant could not answer."} Everything said so far is kept.
        </Alert>
      )}
      {dialogue.status === "finished" && dialogue.reason && <Alert tone="info">Finished: {dialogue.reason}.</Alert>}
      <DialogueTranscript participants={dialogue.participants} lines={lines} avatars={avatars} />
    </div>
  );
}
