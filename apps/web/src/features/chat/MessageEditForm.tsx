import { useState } from "react";
import { Button } from "../../components/ui/button";

/**
 * Editing a user message in place: "Save and send" asks again with the new words (the turns after
 * the message are kept as a branch); Escape or Cancel leaves it as it was. Ctrl/⌘+Enter sends.
 */
export function MessageEditForm({
  initial,
  onSend,
  onCancel,
}: {
  initial: string;
  onSend: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const canSend = text.trim().length > 0 && text !== initial;
  return (
    <form
      className="flex w-full max-w-[90%] flex-col gap-2 sm:max-w-[80%]"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend(text);
      }}
    >
      <textarea
        aria-label="Edit your message"
        className="min-h-20 w-full rounded-md border bg-background p-2 text-sm"
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && canSend) {
            event.preventDefault();
            onSend(text);
          }
        }}
      />
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" type="submit" disabled={!canSend}>
          Save and send
        </Button>
      </div>
    </form>
  );
}
