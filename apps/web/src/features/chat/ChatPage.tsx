import { Brain, Settings } from "lucide-react";
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useLocrit } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { LocritAvatar } from "../../components/LocritAvatar";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { ApiError } from "../../lib/api-client";
import { newSessionId, rememberedSessionId, rememberSessionId } from "../../lib/session-id";
import { useMemoryLive } from "../../lib/use-memory-live";
import { locritPagePath, useLocritName } from "../../lib/use-locrit-name";
import { ConnectionBadge } from "./ConnectionBadge";
import { Conversation } from "./Conversation";
import { SessionSidebar } from "./SessionSidebar";

/**
 * `/my-locrits/{name}/chat?session=…`: the session id lives in the URL (and is remembered per
 * Locrit), so a reload reopens the same conversation, mid-reply included.
 */
export function ChatPage() {
  const name = useLocritName();
  const locrit = useLocrit(name);
  const [params, setParams] = useSearchParams();
  const sessionId = params.get("session");
  useMemoryLive(name);

  useEffect(() => {
    if (!sessionId) setParams({ session: rememberedSessionId(name) ?? newSessionId() }, { replace: true });
    else rememberSessionId(name, sessionId);
  }, [name, sessionId, setParams]);

  const openSession = (id: string) => setParams({ session: id });

  if (locrit.error instanceof ApiError && locrit.error.status === 404)
    return (
      <div>
        <PageHeader title="No such Locrit" description={`No Locrit is named “${name}”.`} />
        <Button asChild>
          <Link to="/my-locrits">See your Locrits</Link>
        </Button>
      </div>
    );

  return (
    // Fills the screen below the header and any banner (AppShell sizes itself to the viewport for it).
    <div data-fill-viewport className="flex min-h-[24rem] flex-1 flex-col">
      <PageHeader
        title={name}
        leading={locrit.data && <LocritAvatar locrit={locrit.data} />}
        description={
          locrit.data
            ? `${locrit.data.description || "A Locrit"} · ${locrit.data.model || "no model chosen"}`
            : undefined
        }
        actions={
          <>
            {locrit.data && <ConnectionBadge />}
            <Button asChild variant="outline" size="sm">
              <Link to={locritPagePath(name, "memory-explorer")}>
                <Brain aria-hidden /> Memory
              </Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link to={locritPagePath(name, "settings")}>
                <Settings aria-hidden /> Settings
              </Link>
            </Button>
          </>
        }
      />
      <QueryState isPending={false} error={locrit.error} what="this Locrit" />
      {sessionId && locrit.data && (
        <div className="grid min-h-0 flex-1 grid-rows-[auto_1fr] gap-3 md:grid-cols-[16rem_1fr] md:grid-rows-1 md:gap-4">
          <SessionSidebar
            locritName={name}
            activeSessionId={sessionId}
            onOpen={openSession}
            onNew={() => openSession(newSessionId())}
          />
          <Conversation key={sessionId} locrit={locrit.data} sessionId={sessionId} />
        </div>
      )}
    </div>
  );
}
