import { Link } from "react-router-dom";
import { useSession } from "../../api/memory.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { locritPagePath } from "../../lib/use-locrit-name";
import { SessionMessages } from "./SessionMessages";

/** The Messages tab opened on one conversation by a link (`?session=…&message=…`), the message highlighted. */
export function FocusedSession({
  locritName,
  sessionId,
  messageId,
}: {
  locritName: string;
  sessionId: string;
  messageId?: string;
}) {
  const session = useSession(locritName, sessionId);
  return (
    <div className="grid gap-4" data-testid="focused-session">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">Showing one conversation.</p>
        <Button asChild variant="outline" size="sm">
          <Link to={`${locritPagePath(locritName, "memory-explorer")}?tab=messages`}>Show all conversations</Link>
        </Button>
      </div>
      <QueryState isPending={session.isPending} error={session.error} what="this conversation" />
      {session.data && <SessionMessages locritName={locritName} session={session.data} focusMessageId={messageId} />}
    </div>
  );
}
