import type { ModelServer } from "@locrit/protocol";
import { List, Lock, PlugZap, Star, Trash2 } from "lucide-react";
import { useState } from "react";
import { useModels } from "../../api/models.queries";
import { useRemoveModelServer, useSetDefaultModelServer, useTestModelServer } from "../../api/model-servers.queries";
import { ConnectionTestResult } from "../../components/connection-test-result";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { errorMessage } from "../../lib/api-client";

/** Where a server's settings come from, in words: a fixed one says where to change it. */
function sourceNote(server: ModelServer): string | undefined {
  if (server.source === "environment")
    return `Set by the environment variable ${server.fixed_by} when the server starts. It cannot be changed here: change ${server.fixed_by} and restart the server.`;
  if (server.source === "configuration")
    return "The server's configured default (OLLAMA_URL, from locrit.config.yaml or the built-in default). Change it there, not here.";
  return undefined;
}

/** One model server: where it is, its key (never shown), test, its models, make default, remove. */
export function ModelServerCard({ server }: { server: ModelServer }) {
  const test = useTestModelServer();
  const remove = useRemoveModelServer();
  const makeDefault = useSetDefaultModelServer();
  const [showModels, setShowModels] = useState(false);
  const models = useModels({
    provider: server.provider,
    baseUrl: showModels ? server.base_url : "",
    ...(server.source === "settings" ? { serverId: server.id } : {}),
  });
  const note = sourceNote(server);
  return (
    <Card data-testid="model-server" data-server-id={server.id}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <span className="break-all">{server.name}</span>
          <Badge>{server.provider === "openai-compatible" ? "OpenAI-compatible" : "Ollama"}</Badge>
          {server.is_default && <Badge tone="info">Default</Badge>}
          {server.source === "environment" && (
            <Badge>
              <Lock className="mr-1 size-3" aria-hidden /> {server.fixed_by}
            </Badge>
          )}
        </CardTitle>
        <p className="break-all text-sm text-muted-foreground" data-testid="model-server-url">
          {server.base_url}
        </p>
        {server.api_key_set && <p className="text-xs text-muted-foreground">An API key is stored (never shown).</p>}
        {note && (
          <p className="text-xs text-muted-foreground" data-testid="model-server-source">
            {note}
          </p>
        )}
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" size="sm" onClick={() => test.mutate(server.id)} disabled={test.isPending}>
            <PlugZap aria-hidden /> {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          <Button variant="outline" size="sm" onClick={() => setShowModels(true)} aria-expanded={showModels}>
            <List aria-hidden /> Show models
          </Button>
          {!server.is_default && (
            <Button
              variant="outline"
              size="sm"
              disabled={makeDefault.isPending}
              onClick={() => makeDefault.mutate(server.id)}
              aria-label={`Make ${server.name} the default`}
            >
              <Star aria-hidden /> Make default
            </Button>
          )}
          {server.source === "settings" && (
            <ConfirmDialog
              title={`Remove ${server.name}?`}
              description="Locrits that use it keep its address and key; new Locrits can no longer pick it."
              confirmLabel="Remove"
              onConfirm={() => remove.mutateAsync(server.id)}
              trigger={
                <Button variant="ghost" size="sm" aria-label={`Remove ${server.name}`}>
                  <Trash2 aria-hidden /> Remove
                </Button>
              }
            />
          )}
        </div>
        <ConnectionTestResult test={test} />
        {(makeDefault.error ?? remove.error) && (
          <p className="text-sm text-destructive">{errorMessage(makeDefault.error ?? remove.error)}</p>
        )}
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
