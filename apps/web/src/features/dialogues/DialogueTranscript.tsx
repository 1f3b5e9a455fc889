import type { DialogueLine, DialogueParticipant } from "@locrit/protocol";
import { LocritAvatar } from "../../components/LocritAvatar";
import { cn } from "../../lib/cn";
import { speakerColor } from "./speaker-colors";
import type { LiveLine } from "./use-dialogue-live";

const notes: Partial<Record<DialogueLine["status"], string>> = {
  stopped: "stopped",
  incomplete: "cut short",
  streaming: "speaking…",
};

/** The stored lines, with the line being said (live from the socket) in its place or last. */
export function mergeLive(lines: DialogueLine[], live: LiveLine | undefined): DialogueLine[] {
  if (!live) return lines;
  const stored = lines.find((line) => line.id === live.messageId);
  if (stored && stored.status !== "streaming") return lines;
  const liveLine: DialogueLine = {
    id: live.messageId,
    turn: live.turn,
    speaker: live.speaker,
    content: live.content.length >= (stored?.content.length ?? 0) ? live.content : stored!.content,
    status: "streaming",
    timestamp: stored?.timestamp ?? "",
  };
  return stored ? lines.map((line) => (line === stored ? liveLine : line)) : [...lines, liveLine];
}

export function DialogueTranscript({
  participants,
  lines,
  avatars,
}: {
  participants: DialogueParticipant[];
  lines: DialogueLine[];
  /** Local Locrits' avatars by name (remote ones show their initials). */
  avatars: Map<string, string | null>;
}) {
  if (lines.length === 0)
    return (
      <p className="text-sm text-muted-foreground" role="status">
        Waiting for the first line…
      </p>
    );
  return (
    <ol className="grid gap-3" aria-label="Transcript" aria-live="polite">
      {lines.map((line) => {
        const color = speakerColor(participants, line.speaker);
        return (
          <li
            key={line.id}
            data-testid="dialogue-line"
            data-status={line.status}
            data-speaker={line.speaker}
            className={cn("flex gap-3 rounded-md border border-l-4 bg-card p-3", color.border)}
          >
            <LocritAvatar locrit={{ name: line.speaker, avatar: avatars.get(line.speaker) ?? null }} size="sm" />
            <div className="min-w-0 flex-1">
              <p className={cn("text-sm font-semibold", color.text)}>
                {line.speaker}
                {notes[line.status] && (
                  <span className="ml-2 text-xs font-normal text-muted-foreground">{notes[line.status]}</span>
                )}
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm" data-testid="dialogue-line-content">
                {line.content}
                {line.status === "streaming" && (
                  <span aria-hidden className="ml-0.5 animate-pulse">
                    ▍
                  </span>
                )}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
