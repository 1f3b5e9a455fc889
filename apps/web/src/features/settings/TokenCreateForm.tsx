import { API_TOKEN_NAME_MAX_LENGTH, type ApiTokenRole } from "@locrit/protocol";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useCreateApiToken } from "../../api/auth.queries";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Input, NativeSelect } from "../../components/ui/input";
import { Field } from "../../components/ui/label";
import { errorMessage } from "../../lib/api-client";

/** What each role may do (SPEC §8.1–8.2), said where the owner picks it. */
export const roleExplanations: Record<ApiTokenRole, string> = {
  owner: "Everything you can do, on every route. Keep it as safe as your password.",
  program:
    "A program or a person: chats through /api/v1 and the models API with Locrits open to humans, in sessions of its own.",
  locrit: "Another Locrit: chats through /api/v1 with Locrits open to other Locrits, in sessions of its own.",
};

const DAY_MS = 24 * 60 * 60 * 1000;
const expiryChoices = [
  { days: 0, label: "Never" },
  { days: 7, label: "In 7 days" },
  { days: 30, label: "In 30 days" },
  { days: 90, label: "In 90 days" },
  { days: 365, label: "In a year" },
];

/** Name, role and expiry of a new token; the created token (shown once) goes to `onCreated`. */
export function TokenCreateForm({ onCreated }: { onCreated: (created: { name: string; token: string }) => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [role, setRole] = useState<ApiTokenRole>("program");
  const [days, setDays] = useState(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expires_at = days === 0 ? undefined : new Date(Date.now() + days * DAY_MS).toISOString();
    create.mutate(
      { name: name.trim(), role, expires_at },
      {
        onSuccess: (answer) => {
          onCreated({ name: answer.api_token.name, token: answer.token });
          setName("");
        },
      },
    );
  };
  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Create an API token">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="token-name" label="Name" hint="Who or what will use it.">
          <Input
            id="token-name"
            required
            maxLength={API_TOKEN_NAME_MAX_LENGTH}
            placeholder="home-automation"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field id="token-role" label="Role">
          <NativeSelect id="token-role" value={role} onChange={(event) => setRole(event.target.value as ApiTokenRole)}>
            <option value="program">Program</option>
            <option value="locrit">Locrit</option>
            <option value="owner">Owner</option>
          </NativeSelect>
        </Field>
        <Field id="token-expiry" label="Expires">
          <NativeSelect id="token-expiry" value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {expiryChoices.map((choice) => (
              <option key={choice.days} value={choice.days}>
                {choice.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <p className="text-sm text-muted-foreground" data-testid="token-role-explanation">
        {roleExplanations[role]}
      </p>
      <div>
        <Button type="submit" disabled={create.isPending || name.trim() === ""}>
          <Plus aria-hidden /> {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </div>
      {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
    </form>
  );
}
