import type { ModelDownload } from "@locrit/protocol";
import { formatBytes } from "../../lib/format-bytes";

/** A running download: a progress bar and the bytes so far (the total once the source said it). */
export function RecommendedModelProgress({ download }: { download: ModelDownload }) {
  const total = download.total_bytes;
  const percent = total ? Math.min(100, Math.floor((download.received_bytes / total) * 100)) : undefined;
  return (
    <div className="grid gap-1">
      <div
        role="progressbar"
        aria-label="Model download"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded bg-muted"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${percent ?? 5}%` }} />
      </div>
      <p className="text-xs text-muted-foreground">
        {formatBytes(download.received_bytes)}
        {total ? ` of ${formatBytes(total)} (${percent} %)` : ""}
      </p>
    </div>
  );
}
