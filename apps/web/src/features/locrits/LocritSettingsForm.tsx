import type { AccessTo, Locrit, MemoryService, OpenTo, PublicPage, UpdateLocritBody } from "@locrit/protocol";
import { useState, type FormEvent } from "react";
import { useUpdateLocrit } from "../../api/locrits.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { Input, NativeSelect, Textarea } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { errorMessage } from "../../lib/api-client";
import { accessToExplanations, openToExplanations } from "../auth/permission-explanations";
import { PermissionSwitches } from "../auth/PermissionSwitches";
import { ApiKeyField } from "./ApiKeyField";
import { AvatarField } from "./AvatarField";
import { ModelPicker } from "./ModelPicker";
import { PublicPagePreview } from "./PublicPagePreview";
import { SwitchRow } from "./SwitchRow";

const openToLabels: Record<keyof OpenTo, string> = {
  humans: "Humans",
  locrits: "Other Locrits",
  invitations: "Invitations",
  internet: "The internet",
  platform: "The platform",
};
const accessToLabels: Record<keyof AccessTo, string> = {
  logs: "Logs",
  quick_memory: "Quick memory",
  full_memory: "Full memory",
  llm_info: "Model information",
};
const publicPageLabels: Record<keyof PublicPage, string> = {
  title: "Page title",
  description: "Page description",
  welcome_message: "Welcome message",
  avatar: "Avatar",
  theme: "Theme",
};

/** `api_key` is write-only: absent until the user types a key (a string) or clears the stored one (null). */
type Draft = Omit<Locrit, "created_at" | "updated_at" | "api_key_set" | "avatar"> & {
  api_key?: string | null;
  /** A server of /settings picked: the Locrit takes its provider, URL and stored key. */
  model_server_id?: string;
};

/** Sends only what changed, so PATCH never overwrites a field someone else just edited. */
function changes(original: Locrit, draft: Draft): UpdateLocritBody {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as (keyof Draft)[]) {
    // The avatar has its own route (AvatarField), saved at once.
    if (key === "api_key" || key === ("avatar" as keyof Draft)) continue;
    if (JSON.stringify(draft[key]) !== JSON.stringify((original as Record<string, unknown>)[key]))
      body[key] = key === "name" ? draft.name.trim() : draft[key];
  }
  // Only an OpenAI-compatible server takes a key: one typed before switching away is not sent.
  if (draft.api_key !== undefined && draft.provider === "openai-compatible") body.api_key = draft.api_key;
  return body as UpdateLocritBody;
}

/** `justSaved`: the page remounts this form with the stored Locrit after a save, and says so. */
export function LocritSettingsForm({
  locrit,
  justSaved,
  onSaved,
}: {
  locrit: Locrit;
  justSaved: boolean;
  onSaved: (locrit: Locrit) => void;
}) {
  const update = useUpdateLocrit(locrit.name);
  const [draft, setDraft] = useState<Draft>(locrit);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const body = changes(locrit, draft);
  const dirty = Object.keys(body).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Not mutate's own onSuccess: saving remounts this form (new updated_at), and callbacks of an
    // unmounted mutation observer never run. The error, if any, is shown from `update.error`.
    update.mutateAsync(body).then(onSaved, () => undefined);
  };

  return (
    // Fields scrolled to (focus, a jump) keep clear of the sticky Save bar, their hints included.
    <form
      className="grid gap-4 [&_:is(input,select,textarea)]:scroll-mb-28"
      onSubmit={submit}
      aria-label="Locrit settings"
    >
      <Card>
        <CardHeader>
          <CardTitle>Identity</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <AvatarField locrit={locrit} />
          <Field id="settings-name" label="Name">
            <Input
              id="settings-name"
              required
              value={draft.name}
              onChange={(event) => set("name", event.target.value)}
            />
          </Field>
          <Field id="settings-description" label="Description">
            <Input
              id="settings-description"
              value={draft.description}
              onChange={(event) => set("description", event.target.value)}
            />
          </Field>
          <Field id="settings-personality" label="Personality" hint="The system prompt.">
            <Textarea
              id="settings-personality"
              rows={5}
              value={draft.personality}
              onChange={(event) => set("personality", event.target.value)}
            />
          </Field>
          <SwitchRow
            id="settings-active"
            label="Active (accepts chats)"
            checked={draft.active}
            onChange={(value) => set("active", value)}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Model</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ModelPicker
            idPrefix="settings"
            locritName={locrit.name}
            value={{ provider: draft.provider, base_url: draft.base_url, model: draft.model }}
            onChange={(next) => setDraft((current) => ({ ...current, ...next }))}
          />
          {draft.provider === "openai-compatible" && (
            <ApiKeyField
              id="settings-api-key"
              isSet={locrit.api_key_set}
              value={draft.api_key}
              onChange={(next) => set("api_key", next)}
            />
          )}
          <Field
            id="settings-embedding-model"
            label="Embedding model"
            hint="Finds past conversations by meaning, on this model server (e.g. nomic-embed-text). Empty: the server's EMBEDDING_MODEL, or words only."
          >
            <Input
              id="settings-embedding-model"
              maxLength={200}
              placeholder="Server default"
              value={draft.embedding_model}
              onChange={(event) => set("embedding_model", event.target.value)}
            />
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Memory and access</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field id="settings-memory" label="Memory">
            <NativeSelect
              id="settings-memory"
              value={draft.memory_service}
              onChange={(event) => set("memory_service", event.target.value as MemoryService)}
            >
              <option value="database">Database</option>
              <option value="plaintext_file">Plain-text files</option>
              <option value="disabled">Disabled (nothing is remembered)</option>
            </NativeSelect>
          </Field>
          <div className="grid gap-1">
            <SwitchRow
              id="settings-memory-extraction"
              label="Writes its own memories"
              checked={draft.memory_extraction === "auto"}
              onChange={(value) => set("memory_extraction", value ? "auto" : "off")}
            />
            <p className="pl-12 text-xs text-muted-foreground" data-testid="memory-extraction-hint">
              After each of your turns its model notes what to remember; see, edit or undo it in the Memory Explorer.
            </p>
          </div>
          <PermissionSwitches
            legend="Open to"
            idPrefix="open"
            labels={openToLabels}
            explanations={openToExplanations}
            values={draft.open_to}
            onChange={(value) => set("open_to", value)}
          />
          <PermissionSwitches
            legend="Gives access to"
            note="You, the owner, always see everything."
            idPrefix="access"
            labels={accessToLabels}
            explanations={accessToExplanations}
            values={draft.access_to}
            onChange={(value) => set("access_to", value)}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Public page</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {(Object.keys(publicPageLabels) as (keyof PublicPage)[]).map((key) => (
            <Field key={key} id={`settings-public-${key}`} label={publicPageLabels[key]}>
              <Input
                id={`settings-public-${key}`}
                value={draft.public_page[key]}
                onChange={(event) => set("public_page", { ...draft.public_page, [key]: event.target.value })}
              />
            </Field>
          ))}
          <PublicPagePreview
            name={locrit.name}
            page={draft.public_page}
            avatarUrl={locrit.avatar}
            openToInternet={locrit.open_to.internet}
          />
        </CardContent>
      </Card>
      <div
        className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t bg-background/95 py-3"
        data-testid="settings-save-bar"
      >
        <Button type="submit" disabled={!dirty || update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        {justSaved && !dirty && (
          <span role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
            Saved.
          </span>
        )}
        {dirty && <span className="text-sm text-muted-foreground">Unsaved changes</span>}
      </div>
      {update.error && <Alert tone="error">{errorMessage(update.error)}</Alert>}
    </form>
  );
}
