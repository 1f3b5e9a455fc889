import { Link } from "react-router-dom";
import { useMemoryUses } from "../../api/memory.queries";
import { Button } from "../../components/ui/button";
import { Disclosure } from "../../components/ui/disclosure";
import { errorMessage } from "../../lib/api-client";
import { formatDateTime } from "../../lib/format";
import { useShownOnce } from "../../lib/use-shown-once";
import { messageInExplorer } from "./explorer-links";

const PREVIEW_CHARS = 160;
const preview = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
};
const replies = (count: number) => `${count} ${count === 1 ? "reply" : "replies"}`;

/** Under a memory: the replies whose prompt recalled it (SPEC §7.2), newest first, each a link into its session. */
export function MemoryUses({
  locritName,
  memoryId,
  defaultOpen = false,
}: {
  locritName: string;
  memoryId: string;
  defaultOpen?: boolean;
}) {
  const { ref: placeholder, shown: onScreen } = useShownOnce<HTMLDivElement>();
  const uses = useMemoryUses(locritName, memoryId, { enabled: onScreen });
  if (uses.isPending) return <div ref={placeholder} className="h-4" aria-hidden />;
  if (uses.error)
    return (
      <p className="mt-1 text-xs text-destructive">Could not load where it was used: {errorMessage(uses.error)}</p>
    );
  const total = uses.data.pages[0]?.total ?? 0;
  if (total === 0)
    return (
      <p className="mt-1 text-xs text-muted-foreground" data-testid="memory-uses" data-count={0}>
        Not used in a reply yet
      </p>
    );
  const list = uses.data.pages.flatMap((page) => page.replies);
  return (
    <Disclosure summary={`Used in ${replies(total)}`} defaultOpen={defaultOpen} className="mt-1" testId="memory-uses">
      <ul className="mt-1 grid gap-1 border-l-2 pl-3">
        {list.map((reply) => (
          <li key={reply.id}>
            <Link
              to={messageInExplorer(locritName, reply.session_id, reply.id)}
              data-testid="memory-use"
              className="grid gap-0.5 rounded-md px-2 py-1 text-xs hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <span className="text-muted-foreground">
                <time dateTime={reply.timestamp}>{formatDateTime(reply.timestamp)}</time> · in {reply.session_id}
              </span>
              <span className="break-words text-foreground">{preview(reply.content)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {uses.hasNextPage && (
        <Button variant="ghost" size="sm" onClick={() => void uses.fetchNextPage()} disabled={uses.isFetchingNextPage}>
          Show more replies
        </Button>
      )}
    </Disclosure>
  );
}
