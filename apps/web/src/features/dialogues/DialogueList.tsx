import { Link } from "react-router-dom";
import { useDialogues } from "../../api/dialogues.queries";
import { QueryState } from "../../components/layout/QueryState";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { formatDateTime } from "../../lib/format";
import { DeleteDialogueButton } from "./DeleteDialogueButton";
import { DialogueStatusBadge } from "./DialogueStatusBadge";

/** Every dialogue, newest first, with its status and a Delete for those not running; more on demand. */
export function DialogueList() {
  const dialogues = useDialogues();
  const items = dialogues.data?.pages.flatMap((page) => page.dialogues) ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Dialogues</CardTitle>
      </CardHeader>
      <CardContent>
        <QueryState isPending={dialogues.isPending} error={dialogues.error} what="the dialogues" />
        {dialogues.isSuccess && items.length === 0 && (
          <p className="text-sm text-muted-foreground">No dialogue yet: start one above.</p>
        )}
        <ul className="divide-y" aria-label="Dialogues">
          {items.map((dialogue) => (
            <li key={dialogue.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Link
                to={`/dialogues/${encodeURIComponent(dialogue.id)}`}
                className="min-w-0 flex-1 truncate font-medium hover:underline"
              >
                {dialogue.topic}
              </Link>
              <span className="text-sm text-muted-foreground">
                {dialogue.participants.map((participant) => participant.name).join(" · ")}
              </span>
              <span className="text-xs text-muted-foreground">
                {dialogue.turns}/{dialogue.max_turns} turns · {formatDateTime(dialogue.created_at)}
              </span>
              <DialogueStatusBadge status={dialogue.status} />
              <DeleteDialogueButton dialogue={dialogue} size="sm" />
            </li>
          ))}
        </ul>
        {dialogues.hasNextPage && (
          <Button
            variant="outline"
            size="sm"
            className="mt-3"
            disabled={dialogues.isFetchingNextPage}
            onClick={() => void dialogues.fetchNextPage()}
          >
            {dialogues.isFetchingNextPage ? "Loading…" : "Show older dialogues"}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
