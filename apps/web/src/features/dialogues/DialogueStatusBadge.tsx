import type { DialogueStatus } from "@locrit/protocol";
import { Badge } from "../../components/ui/badge";

const tones = {
  running: "info",
  paused: "warning",
  stopped: "neutral",
  finished: "success",
  failed: "danger",
} as const;

export function DialogueStatusBadge({ status }: { status: DialogueStatus }) {
  return (
    <Badge tone={tones[status]} data-testid="dialogue-status">
      {status}
    </Badge>
  );
}
