// The limits subpath keeps zod (and every schema) out of the browser bundle.
import { LOCRIT_NAME_MAX_LENGTH } from "@locrit/protocol/limits";
import type { MemoryService } from "@locrit/protocol";
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useModelServers } from "../../api/model-servers.queries";
import { useCreateLocrit } from "../../api/locrits.queries";
import { PageHeader } from "../../components/layout/PageHeader";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { Input, NativeSelect, Textarea } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { Switch } from "../../components/ui/switch";
import { errorMessage } from "../../lib/api-client";
import { locritPagePath } from "../../lib/use-locrit-name";
import { ModelPicker, type ModelChoice } from "./ModelPicker";

/** `/create-locrit`: name, description, personality and model; opens the chat once created. */
export function CreateLocritPage() {
  const navigate = useNavigate();
  const create = useCreateLocrit();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [personality, setPersonality] = useState("");
  const [memoryService, setMemoryService] = useState<MemoryService>("database");
  const [active, setActive] = useState(true);
  const [model, setModel] = useState<ModelChoice>({ provider: "ollama", base_url: "", model: "" });

  // The default model server of /settings is the natural start; filled in once known, unless typed over.
  const servers = useModelServers().data;
  const defaultServer = servers?.servers.find((server) => server.id === servers.defaultId);
  useEffect(() => {
    if (defaultServer)
      setModel((current) =>
        current.base_url
          ? current
          : {
              ...current,
              provider: defaultServer.provider,
              base_url: defaultServer.base_url,
              model_server_id: defaultServer.id,
            },
      );
  }, [defaultServer]);

  // No model is saved that the user did not pick or type (the server would otherwise fill in its default).
  const modelChosen = model.model.trim() !== "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!modelChosen) return;
    create.mutate(
      {
        name: name.trim(),
        description,
        personality,
        memory_service: memoryService,
        active,
        ...model,
        ...(model.base_url ? {} : { base_url: undefined }),
      },
      { onSuccess: (locrit) => void navigate(locritPagePath(locrit.name, "chat")) },
    );
  };

  return (
    <div className="max-w-3xl">
      <PageHeader title="Create a Locrit" description="Give it a name, a personality and a model to think with." />
      <Card>
        <CardContent className="pt-4">
          <form className="grid gap-4" onSubmit={submit} aria-label="Create a Locrit">
            <Field id="create-name" label="Name">
              <Input
                id="create-name"
                required
                maxLength={LOCRIT_NAME_MAX_LENGTH}
                value={name}
                onChange={(event) => setName(event.target.value)}
                placeholder="e.g. Bob Technique"
              />
            </Field>
            <Field id="create-description" label="Description">
              <Input
                id="create-description"
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                placeholder="e.g. Expert in programming and technology"
              />
            </Field>
            <Field
              id="create-personality"
              label="Personality"
              hint="The system prompt: how this Locrit speaks and behaves."
            >
              <Textarea
                id="create-personality"
                rows={4}
                value={personality}
                onChange={(event) => setPersonality(event.target.value)}
              />
            </Field>
            <ModelPicker idPrefix="create" value={model} onChange={setModel} />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="create-memory" label="Memory">
                <NativeSelect
                  id="create-memory"
                  value={memoryService}
                  onChange={(event) => setMemoryService(event.target.value as MemoryService)}
                >
                  <option value="database">Database (default)</option>
                  <option value="plaintext_file">Plain-text files</option>
                  <option value="disabled">Disabled</option>
                </NativeSelect>
              </Field>
              <div className="flex items-center gap-3 pt-6">
                <Switch id="create-active" checked={active} onCheckedChange={setActive} />
                <label htmlFor="create-active" className="text-sm font-medium">
                  Active (can chat right away)
                </label>
              </div>
            </div>
            {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
            <div className="flex flex-wrap items-center gap-3">
              <Button
                type="submit"
                disabled={create.isPending || !name.trim() || !modelChosen}
                aria-describedby={modelChosen ? undefined : "create-needs-model"}
              >
                {create.isPending ? "Creating…" : "Create Locrit"}
              </Button>
              {!modelChosen && (
                <span id="create-needs-model" className="text-sm text-muted-foreground">
                  Choose a model to create the Locrit.
                </span>
              )}
            </div>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
