import { Badge } from "../../components/ui/badge";
import { useSocketStatus, type SocketStatus } from "../../lib/use-socket-status";

const tones = { connected: "success", connecting: "neutral", reconnecting: "danger" } as const;
const dots = { connected: "bg-emerald-500", connecting: "bg-muted-foreground", reconnecting: "bg-red-500" } as const;

function label(status: SocketStatus, attempt: number): string {
  if (status === "connected") return "Connected";
  if (status === "connecting") return "Connecting…";
  return attempt > 0 ? `Disconnected, reconnecting (try ${attempt})…` : "Disconnected, reconnecting…";
}

/** The live connection's state in words, so a dead connection never looks like a slow model. */
export function ConnectionBadge() {
  const { status, attempt, lastError } = useSocketStatus();
  return (
    <Badge
      tone={tones[status]}
      role="status"
      data-testid="connection-status"
      data-status={status}
      title={lastError ?? undefined}
      className="self-center"
    >
      <span aria-hidden className={`size-2 rounded-full ${dots[status]}`} />
      {label(status, attempt)}
    </Badge>
  );
}
