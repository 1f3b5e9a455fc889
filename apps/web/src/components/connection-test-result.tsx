import { CheckCircle2, XCircle } from "lucide-react";
import type { ConnectionTestResult as TestOutcome } from "../api/models.queries";
import { errorMessage } from "../lib/api-client";

/** The outcome of a "Test connection" click, announced to screen readers; nothing before the first test. */
export function ConnectionTestResult({ test }: { test: { data?: TestOutcome; error: Error | null } }) {
  if (!test.data && !test.error) return null;
  const ok = test.data?.ok === true;
  return (
    <p
      role="status"
      data-testid="connection-test-result"
      className={`flex items-center gap-2 text-sm ${ok ? "text-emerald-700 dark:text-emerald-300" : "text-destructive"}`}
    >
      {ok ? <CheckCircle2 className="size-4" aria-hidden /> : <XCircle className="size-4" aria-hidden />}
      {test.error ? errorMessage(test.error) : test.data?.message}
    </p>
  );
}
