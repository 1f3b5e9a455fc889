import { MessageSquare } from "lucide-react";
import { Link, useSearchParams } from "react-router-dom";
import { useMemorySummary } from "../../api/memory.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "../../components/ui/tabs";
import { useMemoryLive } from "../../lib/use-memory-live";
import { locritPagePath, useLocritName } from "../../lib/use-locrit-name";
import { explorerFocusOf } from "./explorer-links";
import { MemoriesTab } from "./MemoriesTab";
import { MessagesTab } from "./MessagesTab";
import { OverviewTab } from "./OverviewTab";
import { SearchTab } from "./SearchTab";
import { SessionsTab } from "./SessionsTab";

const tabs = ["overview", "messages", "sessions", "memories", "search"] as const;
type Tab = (typeof tabs)[number];

/**
 * `/my-locrits/{name}/memory-explorer?tab=…`: exactly what a Locrit remembers, live while it chats.
 * Links from the chat add `session` and `message`, or `memory` (see explorer-links).
 */
export function MemoryExplorerPage() {
  const name = useLocritName();
  const summary = useMemorySummary(name);
  const [params, setParams] = useSearchParams();
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : "overview";
  // A link may name what to show (a message in its session, a memory); changing tab drops it.
  const focus = explorerFocusOf(params);
  useMemoryLive(name);

  return (
    <div>
      <PageHeader
        title={`${name} · Memory Explorer`}
        description="Every message and memory this Locrit keeps. Changes show up live while a chat runs."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link to={locritPagePath(name, "chat")}>
              <MessageSquare aria-hidden /> Chat
            </Link>
          </Button>
        }
      />
      <QueryState isPending={summary.isPending} error={summary.error} what="the memory summary" />
      {summary.data?.memory_service === "disabled" && (
        <Alert tone="warning" title="Memory is disabled for this Locrit" className="mb-4" data-testid="memory-disabled">
          New conversations are not stored. Anything stored before is still shown below. Turn memory on in its{" "}
          <Link className="underline" to={locritPagePath(name, "settings")}>
            settings
          </Link>
          .
        </Alert>
      )}
      <Tabs value={tab} onValueChange={(value) => setParams({ tab: value }, { replace: true })}>
        <TabsList aria-label="Memory views">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="messages">Messages</TabsTrigger>
          <TabsTrigger value="sessions">Conversations</TabsTrigger>
          <TabsTrigger value="memories">Memories</TabsTrigger>
          <TabsTrigger value="search">Search</TabsTrigger>
        </TabsList>
        <TabsContent value="overview">{summary.data && <OverviewTab summary={summary.data} />}</TabsContent>
        <TabsContent value="messages">
          <MessagesTab locritName={name} focus={focus} />
        </TabsContent>
        <TabsContent value="sessions">
          <SessionsTab locritName={name} />
        </TabsContent>
        <TabsContent value="memories">
          <MemoriesTab locritName={name} focusMemoryId={focus.memoryId} />
        </TabsContent>
        <TabsContent value="search">
          <SearchTab locritName={name} />
        </TabsContent>
      </Tabs>
    </div>
  );
}
