import { RotateCcw } from "lucide-react";
import { Button } from "../../components/ui/button";
import { turnFailureWords } from "./turn-errors";

/**
 * Under a message that got no answer: why (it stays after a reload, the server keeps the code), and,
 * on the last message, a Retry that sends the same words again.
 */
export function UnansweredNotice({ code, onRetry }: { code: string | undefined; onRetry?: () => void }) {
  return (
    <div className="flex max-w-[90%] flex-wrap items-center justify-end gap-2 text-xs text-destructive sm:max-w-[80%]">
      <span data-testid="unanswered-reason">{turnFailureWords(code)}</span>
      {onRetry && (
        <Button size="sm" variant="outline" onClick={onRetry}>
          <RotateCcw aria-hidden /> Retry
        </Button>
      )}
    </div>
  );
}
