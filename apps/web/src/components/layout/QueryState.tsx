import { errorMessage } from "../../lib/api-client";
import { Alert } from "../ui/alert";

/** Loading text or the error, in words; renders nothing once the data is there. */
export function QueryState({ isPending, error, what }: { isPending: boolean; error: unknown; what: string }) {
  if (error)
    return (
      <Alert tone="error" title={`Could not load ${what}`}>
        {errorMessage(error)}
      </Alert>
    );
  if (isPending)
    return (
      <p className="text-sm text-muted-foreground" role="status">
        Loading {what}…
      </p>
    );
  return null;
}
