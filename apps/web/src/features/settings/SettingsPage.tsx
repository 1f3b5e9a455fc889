import type { Provider } from "@locrit/protocol";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useHealth } from "../../api/health.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { Input, NativeSelect } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { useModelServers } from "../../lib/model-servers";
import { ModelServerCard } from "./ModelServerCard";

/** `/settings`: the model servers Locrits can use, each with a connection test and its model list. */
export function SettingsPage() {
  const health = useHealth();
  const { servers, add, remove } = useModelServers();
  const [provider, setProvider] = useState<Provider>("ollama");
  const [url, setUrl] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add({ provider, base_url: url.trim() });
    setUrl("");
  };
  return (
    <div className="max-w-3xl">
      <PageHeader title="Settings" description="Model servers your Locrits can think with." />
      <div className="grid gap-4">
        {health.data && (
          <ModelServerCard
            server={{ provider: "ollama", base_url: health.data.model_server.url }}
            title="Default model server"
            note="Set with OLLAMA_URL when the server starts; new Locrits use it unless you choose another."
          />
        )}
        {servers.map((server) => (
          <ModelServerCard
            key={`${server.provider} ${server.base_url}`}
            server={server}
            title={server.base_url}
            onRemove={() => remove(server)}
          />
        ))}
        <Card>
          <CardHeader>
            <CardTitle>Add a model server</CardTitle>
          </CardHeader>
          <CardContent>
            <form className="grid gap-3 sm:grid-cols-[10rem_1fr_auto] sm:items-end" onSubmit={submit}>
              <div className="grid gap-1.5">
                <Label htmlFor="server-provider">Provider</Label>
                <NativeSelect
                  id="server-provider"
                  value={provider}
                  onChange={(event) => setProvider(event.target.value as Provider)}
                >
                  <option value="ollama">Ollama</option>
                  <option value="openai-compatible">OpenAI-compatible</option>
                </NativeSelect>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="server-url">URL</Label>
                <Input
                  id="server-url"
                  type="url"
                  required
                  value={url}
                  onChange={(event) => setUrl(event.target.value)}
                  placeholder="http://gpu-box.local:11434"
                />
              </div>
              <Button type="submit">
                <Plus aria-hidden /> Add
              </Button>
            </form>
            <p className="mt-2 text-xs text-muted-foreground">
              Kept in this browser and offered when you set a Locrit's model server.
            </p>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
