import { Badge } from "../../components/ui/badge";
import { useSocketStatus } from "../../lib/use-socket-status";

const labels = {
  connected: "Connected",
  connecting: "Connecting…",
  disconnected: "Disconnected, reconnecting…",
} as const;
const tones = { connected: "success", connecting: "neutral", disconnected: "danger" } as const;

/** The live connection's state in words, so a dead connection never looks like a slow model. */
export function ConnectionBadge() {
  const { status, lastError } = useSocketStatus();
  return (
    <Badge
      tone={tones[status]}
      role="status"
      data-testid="connection-status"
      data-status={status}
      title={lastError ?? undefined}
      className="self-center"
    >
      <span
        aria-hidden
        className={`size-2 rounded-full ${status === "connected" ? "bg-emerald-500" : status === "connecting" ? "bg-muted-foreground" : "bg-red-500"}`}
      />
      {labels[status]}
    </Badge>
  );
}
