import { useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useState, type FormEvent } from "react";
import { VISITOR_NAME_MAX_LENGTH } from "@locrit/protocol";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Input, Textarea } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { ApiError, errorMessage } from "../../lib/api-client";
import { publicKeys, useVisitorHistory } from "./public.queries";
import { useVisitorName } from "./use-visitor-name";
import { sendVisitorMessage } from "./visitor-chat-stream";
import { VisitorMessages, type VisitorLine } from "./VisitorMessages";

/** Codes after which nothing was stored: the visitor's text goes back into the box. */
const NOTHING_STORED = new Set([
  "rate_limited",
  "locrit_closed",
  "locrit_inactive",
  "message_empty",
  "message_too_large",
]);

function failureText(error: unknown): string {
  if (error instanceof ApiError && error.code === "rate_limited") {
    const wait = (error.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds;
    return `You are sending messages faster than this page allows. Try again${wait ? ` in ${wait} s` : " in a moment"}.`;
  }
  if (error instanceof ApiError && error.code === "locrit_inactive") return "This Locrit is resting right now.";
  return errorMessage(error);
}

/**
 * A visitor's chat with one Locrit (SPEC §8.4): the visitor's own conversation (kept by the server under
 * the visitor cookie, so a reload shows it), the reply streaming in, an optional name.
 */
export function VisitorChat({ name, welcome, active }: { name: string; welcome: string; active: boolean }) {
  const queryClient = useQueryClient();
  const history = useVisitorHistory(name, true);
  const [visitorName, setVisitorName] = useVisitorName();
  const [text, setText] = useState("");
  const [pending, setPending] = useState<{ user: string; reply: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const lines: VisitorLine[] = (history.data ?? []).map((message) => ({
    key: message.id,
    role: message.role,
    content: message.content,
  }));
  if (pending) {
    lines.push({ key: "pending-user", role: "user", content: pending.user });
    lines.push({ key: "pending-reply", role: "assistant", content: pending.reply, streaming: true });
  }

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message || pending) return;
    setText("");
    setFailure(null);
    setPending({ user: message, reply: "" });
    try {
      await sendVisitorMessage({
        name,
        message,
        visitorName: visitorName.trim() || undefined,
        onChunk: (delta) => setPending((current) => current && { ...current, reply: current.reply + delta }),
      });
    } catch (error) {
      setFailure(failureText(error));
      if (error instanceof ApiError && NOTHING_STORED.has(error.code)) setText(message);
    } finally {
      // The stored conversation replaces the one drawn while streaming.
      await queryClient.refetchQueries({ queryKey: publicKeys.history(name) }).catch(() => undefined);
      setPending(null);
    }
  };

  return (
    <section className="flex flex-1 flex-col gap-3" aria-label={`Chat with ${name}`}>
      <div className="flex-1">
        {history.error ? (
          <Alert tone="error" title="Could not load your conversation">
            {errorMessage(history.error)}
          </Alert>
        ) : (
          <VisitorMessages welcome={welcome} lines={lines} />
        )}
      </div>
      {failure && (
        <Alert tone="error" title="Not sent">
          {failure}
        </Alert>
      )}
      {!active && <p className="text-sm text-muted-foreground">This Locrit is resting right now; come back later.</p>}
      <form onSubmit={(event) => void send(event)} className="sticky bottom-0 grid gap-2 bg-background pt-2">
        <Textarea
          aria-label="Your message"
          data-testid="visitor-input"
          value={text}
          placeholder={active ? "Say something…" : "This Locrit is resting"}
          disabled={!active}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          className="min-h-16"
        />
        <div className="flex flex-wrap items-end gap-2">
          <div className="grid min-w-40 flex-1 gap-1">
            <Label htmlFor="visitor-name" className="text-xs text-muted-foreground">
              Your name (optional)
            </Label>
            <Input
              id="visitor-name"
              value={visitorName}
              maxLength={VISITOR_NAME_MAX_LENGTH}
              autoComplete="nickname"
              onChange={(event) => setVisitorName(event.target.value)}
            />
          </div>
          <Button type="submit" data-testid="visitor-send" disabled={!active || !text.trim() || pending !== null}>
            <Send aria-hidden /> Send
          </Button>
        </div>
      </form>
    </section>
  );
}
