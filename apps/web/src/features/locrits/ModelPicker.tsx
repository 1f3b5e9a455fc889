import type { Provider } from "@locrit/protocol";
import { PlugZap } from "lucide-react";
import { useModels, useTestConnection } from "../../api/models.queries";
import { ConnectionTestResult } from "../../components/connection-test-result";
import { errorMessage } from "../../lib/api-client";
import { Button } from "../../components/ui/button";
import { Input, NativeSelect } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { useModelServers } from "../../lib/model-servers";

export interface ModelChoice {
  provider: Provider;
  base_url: string;
  model: string;
}

/** `unavailable`: listed so people know it is coming, but not selectable (SPEC §11: not built yet). */
const providers: { value: Provider; label: string; unavailable?: string }[] = [
  { value: "ollama", label: "Ollama" },
  { value: "openai-compatible", label: "OpenAI-compatible" },
  { value: "embedded", label: "Embedded (in-process)", unavailable: "not available yet" },
];

/** Provider, server URL, connection test, and the model picked from what that server offers. */
export function ModelPicker({
  value,
  onChange,
  idPrefix,
}: {
  value: ModelChoice;
  onChange: (next: ModelChoice) => void;
  idPrefix: string;
}) {
  const models = useModels(value.provider, value.base_url);
  const test = useTestConnection();
  const { servers } = useModelServers();
  const names = models.data?.map((model) => model.name) ?? [];
  const choices = value.model && !names.includes(value.model) ? [value.model, ...names] : names;

  return (
    <div className="grid gap-4">
      {/* The provider on its own line and the URL across the whole width: neither is cut (issue 19). */}
      <div className="grid gap-4">
        <Field
          id={`${idPrefix}-provider`}
          label="Provider"
          hint={
            value.provider === "embedded"
              ? "The in-process model is not available yet: pick Ollama or an OpenAI-compatible server."
              : undefined
          }
        >
          <NativeSelect
            id={`${idPrefix}-provider`}
            className="sm:max-w-xs"
            value={value.provider}
            onChange={(event) => onChange({ ...value, provider: event.target.value as Provider })}
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
          <div className="flex flex-wrap gap-2 sm:flex-nowrap">
            <Input
              id={`${idPrefix}-base-url`}
              type="url"
              list={`${idPrefix}-known-servers`}
              value={value.base_url}
              onChange={(event) => onChange({ ...value, base_url: event.target.value })}
              placeholder="http://localhost:11434"
              className="min-w-0 flex-1 basis-60"
            />
            <Button
              variant="outline"
              onClick={() =>
                test.mutate({ provider: value.provider, baseUrl: value.base_url, model: value.model || undefined })
              }
              disabled={test.isPending || !value.base_url}
            >
              <PlugZap aria-hidden /> Test connection
            </Button>
          </div>
          <datalist id={`${idPrefix}-known-servers`}>
            {servers.map((server) => (
              <option key={server.base_url} value={server.base_url} />
            ))}
          </datalist>
        </Field>
      </div>
      <ConnectionTestResult test={test} />
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
