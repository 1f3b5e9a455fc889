import { Send, Square } from "lucide-react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "../../components/ui/button";
import { Textarea } from "../../components/ui/input";
import { MessageSizeNote, messageBytes } from "./MessageSizeNote";

/**
 * Enter sends, Shift+Enter adds a line; while a reply runs, Stop replaces Send and Enter says why
 * nothing is sent. The text is only cleared once it is sent: over the size limit it stays, with the reason.
 * If the server still refuses it as too large (its limit was not known here, or changed), it comes back.
 */
export function ChatComposer({
  onSend,
  onStop,
  busy,
  disabled,
  locritName,
  maxBytes,
  sentTooLarge = false,
}: {
  onSend: (text: string) => boolean;
  onStop: () => void;
  busy: boolean;
  disabled: boolean;
  locritName: string;
  maxBytes: number;
  /** The server refused the last message sent from here as too large (`message_too_large`). */
  sentTooLarge?: boolean;
}) {
  const [text, setText] = useState("");
  const [busyHint, setBusyHint] = useState(false);
  const lastSent = useRef<string | null>(null);
  useEffect(() => {
    if (!sentTooLarge || lastSent.current === null) return;
    const refused = lastSent.current;
    lastSent.current = null;
    // Whatever was typed since is kept: the refused text only comes back into an empty box.
    setText((current) => current || refused);
  }, [sentTooLarge]);
  useEffect(() => {
    if (!busy) setBusyHint(false);
  }, [busy]);
  const bytes = messageBytes(text);
  const tooLarge = bytes > maxBytes;
  const send = () => {
    const message = text.trim();
    if (busy) setBusyHint(true);
    if (!message || busy || disabled || tooLarge) return;
    if (!onSend(message)) return;
    lastSent.current = text;
    setText("");
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form
      className="grid gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="flex items-end gap-2">
        <label htmlFor="chat-input" className="sr-only">
          Message to {locritName}
        </label>
        <Textarea
          id="chat-input"
          data-testid="chat-input"
          rows={2}
          className="min-h-12 resize-none"
          placeholder={
            disabled ? `${locritName} is inactive` : `Message ${locritName} (Enter to send, Shift+Enter for a new line)`
          }
          value={text}
          disabled={disabled}
          // Arriving on the chat, typing goes straight to the message box (it sits after the whole history).
          autoFocus
          aria-invalid={tooLarge || undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={keyDown}
        />
        {busy ? (
          <Button variant="destructive" onClick={onStop} data-testid="chat-stop" aria-label="Stop the reply">
            <Square aria-hidden /> Stop
          </Button>
        ) : (
          <Button
            type="submit"
            disabled={disabled || !text.trim() || tooLarge}
            data-testid="chat-send"
            aria-label="Send"
          >
            <Send aria-hidden /> Send
          </Button>
        )}
      </div>
      <MessageSizeNote bytes={bytes} limit={maxBytes} />
      {busyHint && busy && (
        <p role="status" className="text-xs text-muted-foreground" data-testid="chat-busy-hint">
          {locritName} is still answering: your message is kept here until the reply ends. Press Stop to end it now.
        </p>
      )}
    </form>
  );
}
