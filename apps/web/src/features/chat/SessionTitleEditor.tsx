import type { SessionListItem } from "@locrit/protocol";
import { SESSION_TITLE_MAX_LENGTH } from "@locrit/protocol/limits";
import { useRef, useState } from "react";
import { useRenameSession } from "../../api/memory.queries";
import { Input } from "../../components/ui/input";
import { toast } from "../../components/ui/toast-store";
import { errorMessage } from "../../lib/api-client";

/**
 * Renames a conversation in place: Enter (or leaving the field) saves, Escape gives up. An empty or
 * unchanged title saves nothing. A failed save keeps the field open with the reason under it.
 */
export function SessionTitleEditor({
  locritName,
  session,
  onDone,
}: {
  locritName: string;
  session: SessionListItem;
  onDone: () => void;
}) {
  const rename = useRenameSession(locritName);
  const [title, setTitle] = useState(session.title || session.id);
  // A ref, not state: Enter, then the blur as the field is disabled or goes, must save once.
  const stage = useRef<"editing" | "saving" | "done">("editing");
  const finish = () => {
    stage.current = "done";
    onDone();
  };
  const save = () => {
    if (stage.current !== "editing") return;
    const next = title.trim();
    if (!next || next === session.title) return finish();
    stage.current = "saving";
    rename.mutate(
      { id: session.id, title: next },
      {
        onSuccess: () => {
          toast.success("Conversation renamed");
          finish();
        },
        onError: () => {
          stage.current = "editing";
        },
      },
    );
  };
  const inputId = `session-title-${session.id}`;
  return (
    <div className="grid gap-1 px-1 py-1">
      <label htmlFor={inputId} className="sr-only">
        New title for {session.title || session.id}
      </label>
      <Input
        id={inputId}
        data-testid="session-title-input"
        value={title}
        maxLength={SESSION_TITLE_MAX_LENGTH}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        disabled={rename.isPending}
        aria-invalid={rename.isError || undefined}
        aria-describedby={rename.isError ? `${inputId}-error` : undefined}
        onChange={(event) => setTitle(event.target.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            save();
          } else if (event.key === "Escape") {
            event.preventDefault();
            finish();
          }
        }}
      />
      {rename.error && (
        <p id={`${inputId}-error`} role="alert" className="text-xs text-destructive">
          {errorMessage(rename.error)}
        </p>
      )}
    </div>
  );
}
