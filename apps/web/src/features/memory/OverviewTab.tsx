import type { MemorySummaryResponse } from "@locrit/protocol";
import { Badge } from "../../components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { formatDateTime } from "../../lib/format";
import { StatCard } from "../dashboard/StatCard";
import { ActivityChart } from "./ActivityChart";

export function OverviewTab({ summary }: { summary: MemorySummaryResponse }) {
  const { statistics } = summary;
  return (
    <div className="grid gap-4">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard label="Messages" value={statistics.total_messages} testId="memory-stat-messages" />
        <StatCard label="Conversations" value={statistics.total_sessions} testId="memory-stat-sessions" />
        <StatCard label="Memories" value={statistics.total_memories} testId="memory-stat-memories" />
        <StatCard label="Storage" value={summary.memory_service} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Activity, last 14 days</CardTitle>
          </CardHeader>
          <CardContent>
            <ActivityChart sessions={summary.sessions} />
            <p className="mt-2 text-xs text-muted-foreground">
              First activity {formatDateTime(statistics.first_activity)} · last{" "}
              {formatDateTime(statistics.last_activity)}
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Recent messages</CardTitle>
          </CardHeader>
          <CardContent>
            {summary.recent_messages.length === 0 && <p className="text-sm text-muted-foreground">Nothing yet.</p>}
            <ul className="grid gap-2">
              {summary.recent_messages.slice(0, 8).map((message) => (
                <li key={message.id} className="text-sm">
                  <span className="mr-2 inline-flex gap-1">
                    <Badge tone={message.role === "user" ? "info" : "neutral"}>{message.role}</Badge>
                    {message.status !== "complete" && <Badge tone="warning">{message.status}</Badge>}
                  </span>
                  <span className="line-clamp-2">{message.content}</span>
                  <span className="block text-xs text-muted-foreground">{formatDateTime(message.timestamp)}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
