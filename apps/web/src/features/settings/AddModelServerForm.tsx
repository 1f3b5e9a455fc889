import type { ModelServerProvider } from "@locrit/protocol";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useAddModelServer } from "../../api/model-servers.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Input, NativeSelect } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { errorMessage } from "../../lib/api-client";

/** Adds a model server, kept by the Locrit server; an OpenAI-compatible one may take an API key (write-only). */
export function AddModelServerForm() {
  const add = useAddModelServer();
  const [name, setName] = useState("");
  const [provider, setProvider] = useState<ModelServerProvider>("ollama");
  const [url, setUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const baseUrl = url.trim();
    add.mutate(
      {
        name: name.trim() || baseUrl.replace(/^https?:\/\//, ""),
        provider,
        base_url: baseUrl,
        ...(provider === "openai-compatible" && apiKey.trim() ? { api_key: apiKey.trim() } : {}),
      },
      {
        onSuccess: () => {
          setName("");
          setUrl("");
          setApiKey("");
        },
      },
    );
  };
  return (
    <form className="grid gap-3" onSubmit={submit} aria-label="Add a model server">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="server-name" label="Name">
          <Input
            id="server-name"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. GPU box"
          />
        </Field>
        <Field id="server-provider" label="Provider">
          <NativeSelect
            id="server-provider"
            value={provider}
            onChange={(event) => setProvider(event.target.value as ModelServerProvider)}
          >
            <option value="ollama">Ollama</option>
            <option value="openai-compatible">OpenAI-compatible</option>
          </NativeSelect>
        </Field>
      </div>
      <Field id="server-url" label="URL">
        <Input
          id="server-url"
          type="url"
          required
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="http://gpu-box.local:11434"
        />
      </Field>
      {provider === "openai-compatible" && (
        <Field
          id="server-api-key"
          label="API key"
          hint="Stored on the server and sent only to this server; never shown again."
        >
          <Input
            id="server-api-key"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            placeholder="No key"
          />
        </Field>
      )}
      {add.error && <Alert tone="error">{errorMessage(add.error)}</Alert>}
      <div>
        <Button type="submit" disabled={add.isPending || !url.trim()}>
          <Plus aria-hidden /> {add.isPending ? "Adding…" : "Add server"}
        </Button>
      </div>
    </form>
  );
}
