import type { MemoryOrigin } from "@locrit/protocol";
import { Link } from "react-router-dom";
import { useMessage } from "../../api/memory.queries";
import { Badge } from "../../components/ui/badge";
import { Disclosure } from "../../components/ui/disclosure";
import { ApiError } from "../../lib/api-client";
import { formatDateTime, plural } from "../../lib/format";
import { useShownOnce } from "../../lib/use-shown-once";
import { textPreview } from "../../lib/text-preview";
import { messageInExplorer } from "./explorer-links";

const PREVIEW_CHARS = 120;
const preview = (text: string) => textPreview(text, PREVIEW_CHARS);

/** Who wrote a memory first, in words: the owner, the Locrit from a conversation, or an import. */
export const originLabel = (origin: MemoryOrigin, locritName: string) =>
  ({ user: "Added by you", extracted: `Noted by ${locritName}`, imported: "Imported" })[origin];

export function OriginBadge({ origin, locritName }: { origin: MemoryOrigin; locritName: string }) {
  return (
    <Badge tone={origin === "extracted" ? "success" : "neutral"} data-testid="memory-origin" data-origin={origin}>
      {originLabel(origin, locritName)}
    </Badge>
  );
}

/**
 * The messages a memory came from (SPEC §7.3), folded; each a link to that message in its
 * conversation. A message is read only once its line is shown (a memory may cite many).
 */
export function MemoryProvenance({ locritName, messageIds }: { locritName: string; messageIds: string[] }) {
  if (messageIds.length === 0) return null;
  return (
    <Disclosure summary={`From ${plural(messageIds.length, "message")}`} className="mt-1" testId="memory-sources">
      <ul className="mt-1 grid gap-1 border-l-2 pl-3">
        {messageIds.map((id) => (
          <SourceMessage key={id} locritName={locritName} messageId={id} />
        ))}
      </ul>
    </Disclosure>
  );
}

function SourceMessage({ locritName, messageId }: { locritName: string; messageId: string }) {
  // Inside a closed disclosure the line is hidden: the message is read when the disclosure opens.
  const { ref: line, shown } = useShownOnce<HTMLLIElement>();
  const message = useMessage(locritName, messageId, { enabled: shown });
  const gone = message.error instanceof ApiError && message.error.code === "message_not_found";
  return (
    <li ref={line} className="min-h-4 text-xs" data-testid="memory-source" data-message-id={messageId}>
      {message.data ? (
        <Link
          to={messageInExplorer(locritName, message.data.session_id, message.data.id)}
          className="grid gap-0.5 rounded-md px-2 py-1 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span className="text-muted-foreground">
            {message.data.role === "user" ? "You" : locritName} ·{" "}
            <time dateTime={message.data.timestamp}>{formatDateTime(message.data.timestamp)}</time> · in{" "}
            {message.data.session_id}
          </span>
          <span className="break-words text-foreground">{preview(message.data.content)}</span>
        </Link>
      ) : message.error ? (
        <span className="px-2 text-muted-foreground">
          {gone ? "A message that is no longer stored" : "This message could not be read"}
        </span>
      ) : null}
    </li>
  );
}
