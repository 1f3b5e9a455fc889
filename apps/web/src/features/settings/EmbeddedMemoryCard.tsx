import { useEmbeddedModels } from "../../api/embedded-models.queries";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { formatBytes } from "../../lib/format-bytes";

/** In-process models (SPEC §11): whether they can run here, the server's memory and the models loaded now. */
export function EmbeddedMemoryCard() {
  const status = useEmbeddedModels();
  if (!status.data) return null;
  const { available, error, rss_bytes, loaded_models, loading_models } = status.data;
  return (
    <Card data-testid="embedded-memory">
      <CardHeader>
        <CardTitle>In-process models</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-2 text-sm">
        {!available && <p role="alert">They cannot run on this machine: {error}</p>}
        <p>
          Server memory (RSS): <strong>{formatBytes(rss_bytes)}</strong>
        </p>
        {loading_models.map((model) => (
          <p key={model.file}>
            Loading <span className="[overflow-wrap:anywhere]">{model.file}</span>: {Math.round(model.progress * 100)} %
          </p>
        ))}
        {loaded_models.length === 0 ? (
          <p className="text-muted-foreground">No model loaded (one loads at its first turn, unloads when idle).</p>
        ) : (
          <ul className="grid gap-1">
            {loaded_models.map((model) => (
              <li key={model.file}>
                <span className="[overflow-wrap:anywhere]">{model.file}</span>: {formatBytes(model.size_bytes)},{" "}
                {model.running_turns} running, {model.queued_turns} waiting
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
