import { useEffect, useRef, useState } from "react";
import { Badge } from "../../components/ui/badge";
import { MarkdownContent } from "../../components/markdown-content";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import type { ExtractionOutcome } from "@locrit/protocol";
import { ExtractionNote } from "./ExtractionNote";
import { MessageActions } from "./MessageActions";
import { MessageEditForm } from "./MessageEditForm";
import { RecalledItems } from "./RecalledItems";
import { UnansweredNotice } from "./UnansweredNotice";
import type { ChatEntry } from "./use-chat-session";
import { useMessageActions } from "./use-message-actions";

/** What the conversation can start from its messages (use-chat-session). */
export interface ConversationTurns {
  send: (text: string) => boolean;
  retry: (messageId: string) => boolean;
  regenerate: (replyId: string) => boolean;
  edit: (messageId: string, text: string) => boolean;
  forgetLive: () => void;
}

const statusLabels: Partial<Record<ChatEntry["status"], string>> = {
  stopped: "Stopped",
  incomplete: "Incomplete",
  error: "Failed",
  streaming: "Writing…",
};
/** A user message that failed was not sent (or not answered); say which, in words. */
const label = (entry: ChatEntry) =>
  entry.role === "user" && entry.status === "error" ? "Not answered" : statusLabels[entry.status];

/** The conversation, kept scrolled to the newest words while the reader is at the bottom. */
export function ChatMessageList({
  entries,
  loading,
  waiting,
  locritName,
  welcome,
  turns,
  extractions,
}: {
  entries: ChatEntry[];
  loading: boolean;
  waiting: boolean;
  locritName: string;
  welcome: string;
  /** Retry (the last message when it was not answered), regenerate, edit and resend. */
  turns: ConversationTurns;
  /** What the Locrit wrote into its memories after each reply, by reply id (see ExtractionNote). */
  extractions?: ReadonlyMap<string, ExtractionOutcome>;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const stored = useMessageActions(locritName);
  const busy = waiting || entries.some((entry) => entry.status === "streaming") || stored.activate.isPending;
  /** A message with other versions: another one is shown first, so the versions stay reachable. */
  const remove = async (entry: ChatEntry) => {
    const versions = entry.alternatives;
    const other = versions && (versions.ids[versions.index - 1] ?? versions.ids[versions.index + 1]);
    if (other) await stored.activate.mutateAsync(other);
    turns.forgetLive();
    await stored.remove.mutateAsync(entry.id);
  };
  const pinned = useRef(true);
  const lastContent = entries.at(-1)?.content;
  useEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [entries.length, lastContent, waiting]);

  return (
    <div
      ref={scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
      className="min-h-0 flex-1 overflow-y-auto rounded-lg border bg-card p-3"
      data-testid="chat-messages"
      aria-live="polite"
      aria-busy={waiting}
    >
      {loading && <p className="text-sm text-muted-foreground">Loading the conversation…</p>}
      {!loading && entries.length === 0 && (
        <p className="text-sm text-muted-foreground">
          {welcome || `Say hello to ${locritName}. Everything you say here is remembered.`}
        </p>
      )}
      <ol className="grid grid-cols-[minmax(0,1fr)] gap-3">
        {entries.map((entry, index) => (
          <li
            key={entry.id}
            data-testid={`chat-message-${entry.role}`}
            data-status={entry.status}
            className={cn("group flex min-w-0 flex-col gap-1", entry.role === "user" ? "items-end" : "items-start")}
          >
            {editing === entry.id ? (
              <MessageEditForm
                initial={entry.content}
                onCancel={() => setEditing(null)}
                onSend={(text) => {
                  if (turns.edit(entry.id, text)) setEditing(null);
                }}
              />
            ) : (
              <div
                data-testid="chat-message-content"
                className={cn(
                  "min-w-0 max-w-[90%] rounded-lg px-3 py-2 sm:max-w-[80%]",
                  entry.role === "user" ? "bg-primary text-primary-foreground" : "bg-muted",
                )}
              >
                {entry.role === "user" ? (
                  <p className="whitespace-pre-wrap break-words text-sm">{entry.content}</p>
                ) : (
                  <MarkdownContent content={entry.content} />
                )}
              </div>
            )}
            <div className="flex items-center gap-2 text-xs text-muted-foreground">
              <span>{entry.role === "user" ? "You" : entry.role === "assistant" ? locritName : "System"}</span>
              {!entry.live && <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time>}
              {label(entry) && <Badge tone={entry.status === "streaming" ? "info" : "warning"}>{label(entry)}</Badge>}
            </div>
            {!entry.live && entry.status !== "streaming" && editing !== entry.id && (
              <MessageActions
                entry={entry}
                busy={busy}
                canRegenerate={entry.role === "assistant" && index === entries.length - 1}
                onRegenerate={() => turns.regenerate(entry.id)}
                onEdit={() => setEditing(entry.id)}
                onDelete={() => remove(entry)}
                onShowVersion={(id) => stored.activate.mutate(id)}
              />
            )}
            {entry.role === "user" && entry.status === "error" && (
              <UnansweredNotice
                code={entry.errorCode}
                onRetry={
                  index === entries.length - 1 && !waiting
                    ? () => (entry.live ? turns.send(entry.content) : turns.retry(entry.id))
                    : undefined
                }
              />
            )}
            <RecalledItems locritName={locritName} items={entry.recalled} />
            <ExtractionNote locritName={locritName} outcome={extractions?.get(entry.id)} />
          </li>
        ))}
      </ol>
      {waiting && (
        <p role="status" className="mt-3 text-sm text-muted-foreground" data-testid="chat-waiting">
          {locritName} is thinking…
        </p>
      )}
    </div>
  );
}
