import type { MemorySummaryResponse } from "@locrit/protocol";
import { useQueries } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useHealth } from "../../api/health.queries";
import { useLocrits } from "../../api/locrits.queries";
import { memoryKeys } from "../../api/memory.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { apiRequest, locritPath } from "../../lib/api-client";
import { formatDateTime, plural } from "../../lib/format";
import { StatCard } from "./StatCard";
import { RecommendedModelCard } from "./RecommendedModelCard";
import { LocritStatusBadge } from "../locrits/LocritStatusBadge";
import { LocritAvatar } from "../../components/LocritAvatar";
import { locritPagePath } from "../../lib/use-locrit-name";

/** `/`: how many Locrits, how much they remember, and whether the model server answers. */
export function DashboardPage() {
  const locrits = useLocrits();
  const health = useHealth();
  const summaries = useQueries({
    queries: (locrits.data ?? []).map((locrit) => ({
      queryKey: memoryKeys.summary(locrit.name),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiRequest<MemorySummaryResponse>(locritPath(locrit.name, "/memory/summary"), { signal }),
      retry: false,
    })),
  });
  const list = locrits.data ?? [];
  const sum = (pick: (summary: MemorySummaryResponse) => number) =>
    summaries.reduce((total, query) => total + (query.data ? pick(query.data) : 0), 0);
  const lastActivity = summaries
    .map((query) => query.data?.statistics.last_activity)
    .filter((value): value is string => Boolean(value))
    .sort()
    .at(-1);

  return (
    <div>
      <PageHeader
        title="Dashboard"
        description="Your Locrits and what they remember."
        actions={
          <Button asChild>
            <Link to="/create-locrit">Create a Locrit</Link>
          </Button>
        }
      />
      <QueryState isPending={locrits.isPending} error={locrits.error} what="Locrits" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="dashboard-stats">
        <StatCard label="Locrits" value={list.length} testId="stat-locrits" />
        <StatCard label="Active" value={list.filter((locrit) => locrit.active).length} testId="stat-active" />
        <StatCard
          label="Messages stored"
          value={sum((summary) => summary.statistics.total_messages)}
          testId="stat-messages"
        />
        <StatCard
          label="Conversations"
          value={sum((summary) => summary.statistics.total_sessions)}
          testId="stat-sessions"
        />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Locrits</CardTitle>
          </CardHeader>
          <CardContent>
            {list.length === 0 && !locrits.isPending && (
              <p className="text-sm text-muted-foreground">
                No Locrit yet.{" "}
                <Link className="underline" to="/create-locrit">
                  Create your first one
                </Link>
                .
              </p>
            )}
            <ul className="divide-y">
              {list.map((locrit, index) => (
                <li key={locrit.name} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div className="flex min-w-0 items-center gap-3">
                    <LocritAvatar locrit={locrit} size="sm" />
                    <div className="min-w-0">
                      <p className="truncate font-medium">{locrit.name}</p>
                      <p className="text-xs text-muted-foreground">
                        {locrit.model || "no model chosen"} ·{" "}
                        {plural(summaries[index]?.data?.statistics.total_messages ?? 0, "message")}
                      </p>
                    </div>
                  </div>
                  <div className="flex items-center gap-2">
                    <LocritStatusBadge active={locrit.active} />
                    <Button asChild size="sm" variant="outline">
                      <Link to={locritPagePath(locrit.name, "chat")}>Chat</Link>
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>System</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-2 text-sm">
            <p>
              Server: <strong>{health.data?.status ?? (health.error ? "not answering" : "checking…")}</strong>
            </p>
            <p>
              Storage:{" "}
              <strong>
                {health.data ? `${health.data.storage.dialect}${health.data.storage.ok ? "" : " (failing)"}` : "—"}
              </strong>
            </p>
            {/* Only the URL may break anywhere; the words around it wrap between words. */}
            <p data-testid="system-model-server">
              Default model server:{" "}
              {health.data ? (
                <strong>
                  {health.data.model_server.name},{" "}
                  <span className="[overflow-wrap:anywhere]">{health.data.model_server.url}</span>{" "}
                  {health.data.model_server.ok ? "(reachable)" : "(not reachable)"}
                </strong>
              ) : (
                <strong>—</strong>
              )}
            </p>
            <p>
              Last activity: <strong>{formatDateTime(lastActivity)}</strong>
            </p>
          </CardContent>
        </Card>
        {/* No model server answers: offer a model that runs inside Locrit (downloaded only on a click). */}
        {health.data && !health.data.model_server.ok && <RecommendedModelCard />}
      </div>
    </div>
  );
}
