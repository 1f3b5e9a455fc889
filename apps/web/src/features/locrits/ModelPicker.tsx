import type { ModelServer, Provider } from "@locrit/protocol";
import { PlugZap } from "lucide-react";
import { useModels, useTestConnection, type ModelServerQuery } from "../../api/models.queries";
import { useModelServers } from "../../api/model-servers.queries";
import { ConnectionTestResult } from "../../components/connection-test-result";
import { errorMessage } from "../../lib/api-client";
import { Button } from "../../components/ui/button";
import { Input, NativeSelect } from "../../components/ui/input";
import { Field } from "../../components/ui/label";

export interface ModelChoice {
  provider: Provider;
  base_url: string;
  model: string;
  /** Set when a server of /settings was picked: the Locrit takes its provider, URL and stored key. */
  model_server_id?: string;
}

/** `unavailable`: listed so people know it is coming, but not selectable (SPEC §11: not built yet). */
const providers: { value: Provider; label: string; unavailable?: string }[] = [
  { value: "ollama", label: "Ollama" },
  { value: "openai-compatible", label: "OpenAI-compatible" },
  { value: "embedded", label: "Embedded (in-process)" },
];

const CUSTOM = "custom";

/** The server of /settings this choice is: the one picked, else one with the same provider and URL. */
function serverOf(value: ModelChoice, servers: ModelServer[]): ModelServer | undefined {
  if (value.model_server_id) return servers.find((server) => server.id === value.model_server_id);
  return servers.find((server) => server.provider === value.provider && server.base_url === value.base_url);
}

/**
 * The model server (one of /settings, or another address), a connection test, and the model picked from
 * what that server offers. `locritName`: an existing Locrit, whose stored key goes with its own server's requests.
 */
export function ModelPicker({
  value,
  onChange,
  idPrefix,
  locritName,
}: {
  value: ModelChoice;
  onChange: (next: ModelChoice) => void;
  idPrefix: string;
  locritName?: string;
}) {
  const servers = useModelServers().data?.servers ?? [];
  const server = serverOf(value, servers);
  const query: ModelServerQuery =
    value.model_server_id && server?.source === "settings"
      ? { provider: value.provider, baseUrl: value.base_url, serverId: server.id }
      : { provider: value.provider, baseUrl: value.base_url, ...(locritName ? { locrit: locritName } : {}) };
  const models = useModels(query);
  const test = useTestConnection();
  const names = models.data?.map((model) => model.name) ?? [];
  const choices = value.model && !names.includes(value.model) ? [value.model, ...names] : names;
  const typeOver = (changes: Partial<ModelChoice>) => {
    const { model_server_id: _dropped, ...rest } = value;
    onChange({ ...rest, ...changes });
  };
  const pickServer = (id: string) => {
    if (id === CUSTOM) return typeOver({ base_url: "" });
    const picked = servers.find((entry) => entry.id === id);
    if (picked)
      onChange({ ...value, provider: picked.provider, base_url: picked.base_url, model_server_id: picked.id });
  };

  return (
    <div className="grid gap-4">
      <Field
        id={`${idPrefix}-server`}
        label="Model server"
        hint={
          server?.api_key_set && value.model_server_id
            ? "Its stored API key goes with this Locrit."
            : "Add servers on the Settings page to pick them here."
        }
      >
        <NativeSelect
          id={`${idPrefix}-server`}
          className="sm:max-w-md"
          value={server?.id ?? CUSTOM}
          onChange={(event) => pickServer(event.target.value)}
        >
          {servers.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
              {entry.is_default ? " (default)" : ""}
            </option>
          ))}
          <option value={CUSTOM}>Another address…</option>
        </NativeSelect>
      </Field>
      {/* The provider on its own line and the URL across the whole width: neither is cut (issue 19).
          Typing over them makes the choice "another address": the picked server's key no longer goes with it. */}
      <div className="grid gap-4">
        <Field
          id={`${idPrefix}-provider`}
          label="Provider"
          hint={
            value.provider === "embedded"
              ? "Runs a GGUF model inside Locrit: a file in DATA_DIR/models, an absolute path, or a model URI (hf:<user>/<repo>/<file>.gguf) downloaded from the dashboard. The URL below is not used."
              : undefined
          }
        >
          <NativeSelect
            id={`${idPrefix}-provider`}
            className="sm:max-w-xs"
            value={value.provider}
            onChange={(event) => typeOver({ provider: event.target.value as Provider })}
          >
            {providers.map((provider) => (
              <option
                key={provider.value}
                value={provider.value}
                // A Locrit already set to it keeps showing it; nobody can newly pick it.
                disabled={provider.unavailable !== undefined && value.provider !== provider.value}
              >
                {provider.unavailable ? `${provider.label}: ${provider.unavailable}` : provider.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id={`${idPrefix}-base-url`} label="Model server URL">
          <Input
            id={`${idPrefix}-base-url`}
            type="url"
            value={value.base_url}
            onChange={(event) => typeOver({ base_url: event.target.value })}
            placeholder="http://localhost:11434"
            className="min-w-0"
          />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="outline"
          onClick={() => test.mutate({ ...query, model: value.model || undefined })}
          disabled={test.isPending || !value.base_url}
        >
          <PlugZap aria-hidden /> Test connection
        </Button>
        <ConnectionTestResult test={test} />
      </div>
      <Field
        id={`${idPrefix}-model`}
        label="Model"
        hintTestId="model-hint"
        hint={
          models.error
            ? `Could not list models: ${errorMessage(models.error)} You can still type a model name.`
            : models.isFetching
              ? "Asking the model server for its models…"
              : names.length > 0
                ? `${names.length} model${names.length === 1 ? "" : "s"} on this server.`
                : undefined
        }
      >
        {choices.length > 0 && !models.error ? (
          <NativeSelect
            id={`${idPrefix}-model`}
            value={value.model}
            onChange={(event) => onChange({ ...value, model: event.target.value })}
          >
            {!value.model && <option value="">Choose a model…</option>}
            {choices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </NativeSelect>
        ) : (
          <Input
            id={`${idPrefix}-model`}
            value={value.model}
            onChange={(event) => onChange({ ...value, model: event.target.value })}
            placeholder="llama3.2"
          />
        )}
      </Field>
    </div>
  );
}
