import { Button } from "../../components/ui/button";
import { Input } from "../../components/ui/input";
import { Field } from "../../components/ui/label";

/**
 * An OpenAI-compatible server's API key. Write-only: the server never sends the key back, only
 * whether one is set, so the field starts empty and says "set". `value`: undefined leaves the stored
 * key as it is, a string replaces it, null clears it.
 */
export function ApiKeyField({
  id,
  isSet,
  value,
  onChange,
}: {
  id: string;
  isSet: boolean;
  value: string | null | undefined;
  onChange: (next: string | null | undefined) => void;
}) {
  const status =
    value === null ? (
      <span className="flex flex-wrap items-center gap-2">
        <span role="status">The key will be cleared when you save.</span>
        <Button variant="ghost" size="sm" onClick={() => onChange(undefined)}>
          Keep it
        </Button>
      </span>
    ) : isSet && value === undefined ? (
      <span className="flex flex-wrap items-center gap-2">
        <span role="status">A key is set. Type a new one to replace it.</span>
        <Button variant="outline" size="sm" onClick={() => onChange(null)}>
          Clear
        </Button>
      </span>
    ) : (
      "Sent to the model server as a Bearer token; stored, never shown again."
    );
  return (
    <Field id={id} label="API key" hint={status}>
      <Input
        id={id}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        placeholder={isSet && value === undefined ? "•••••••• (set)" : "No key"}
        value={typeof value === "string" ? value : ""}
        disabled={value === null}
        onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
      />
    </Field>
  );
}
