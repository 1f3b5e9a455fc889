import { Send, Square } from "lucide-react";
import { useState, type KeyboardEvent } from "react";
import { Button } from "../../components/ui/button";
import { Textarea } from "../../components/ui/input";

/** Enter sends, Shift+Enter adds a line; while a reply runs, Stop replaces Send. */
export function ChatComposer({
  onSend,
  onStop,
  busy,
  disabled,
  locritName,
}: {
  onSend: (text: string) => boolean;
  onStop: () => void;
  busy: boolean;
  disabled: boolean;
  locritName: string;
}) {
  const [text, setText] = useState("");
  const send = () => {
    const message = text.trim();
    if (!message || busy || disabled) return;
    if (onSend(message)) setText("");
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="chat-input" className="sr-only">
        Message to {locritName}
      </label>
      <Textarea
        id="chat-input"
        data-testid="chat-input"
        rows={2}
        className="min-h-12 resize-none"
        placeholder={
          disabled ? `${locritName} is stopped` : `Message ${locritName} (Enter to send, Shift+Enter for a new line)`
        }
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={keyDown}
      />
      {busy ? (
        <Button variant="destructive" onClick={onStop} data-testid="chat-stop" aria-label="Stop the reply">
          <Square aria-hidden /> Stop
        </Button>
      ) : (
        <Button type="submit" disabled={disabled || !text.trim()} data-testid="chat-send" aria-label="Send">
          <Send aria-hidden /> Send
        </Button>
      )}
    </form>
  );
}
