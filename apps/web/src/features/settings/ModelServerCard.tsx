import { List, PlugZap, Trash2 } from "lucide-react";
import { useState } from "react";
import { useModels, useTestConnection } from "../../api/models.queries";
import { Badge } from "../../components/ui/badge";
import { ConnectionTestResult } from "../../components/connection-test-result";
import { errorMessage } from "../../lib/api-client";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import type { ModelServer } from "../../lib/model-servers";

export function ModelServerCard({
  server,
  title,
  note,
  onRemove,
}: {
  server: ModelServer;
  title: string;
  note?: string;
  onRemove?: () => void;
}) {
  const test = useTestConnection();
  const [showModels, setShowModels] = useState(false);
  const models = useModels(server.provider, showModels ? server.base_url : "");
  return (
    <Card data-testid="model-server">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <span className="break-all">{title}</span>
          <Badge>{server.provider}</Badge>
        </CardTitle>
        <p className="break-all text-sm text-muted-foreground">{server.base_url}</p>
        {note && <p className="text-xs text-muted-foreground">{note}</p>}
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap gap-2">
          <Button
            variant="outline"
            size="sm"
            onClick={() => test.mutate({ provider: server.provider, baseUrl: server.base_url })}
            disabled={test.isPending}
          >
            <PlugZap aria-hidden /> {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          <Button variant="outline" size="sm" onClick={() => setShowModels(true)} aria-expanded={showModels}>
            <List aria-hidden /> Show models
          </Button>
          {onRemove && (
            <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove ${server.base_url}`}>
              <Trash2 aria-hidden /> Remove
            </Button>
          )}
        </div>
        <ConnectionTestResult test={test} />
        {showModels && (
          <div data-testid="model-list">
            {models.isFetching && <p className="text-sm text-muted-foreground">Asking for its models…</p>}
            {models.error && <p className="text-sm text-destructive">{errorMessage(models.error)}</p>}
            {models.data && models.data.length === 0 && (
              <p className="text-sm text-muted-foreground">This server has no model installed.</p>
            )}
            <ul className="flex flex-wrap gap-2">
              {models.data?.map((model) => (
                <li key={model.name}>
                  <Badge tone="info">{model.name}</Badge>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
