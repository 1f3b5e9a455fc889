import type { ExtractionOutcome, Memory } from "@locrit/protocol";
import { NotebookPen, TriangleAlert } from "lucide-react";
import { Fragment, useMemo } from "react";
import { Link } from "react-router-dom";
import { useMemories, useSessionMessagePages } from "../../api/memory.queries";
import { textPreview } from "../../lib/text-preview";
import { memoryInExplorer } from "../memory/explorer-links";
import { extractionNoteOf, extractionOutcomesOf } from "./extraction-note";

const PREVIEW_CHARS = 60;
const preview = (text: string) => textPreview(text, PREVIEW_CHARS);

/**
 * What the Locrit wrote into its memories after each reply of this conversation (SPEC §7.3), by reply
 * id. It arrives after the reply: the extraction's `memory_updated` refreshes the conversation (see
 * use-memory-live). This only reads the history the chat view already fetches; it never asks for it.
 */
export function useExtractionOutcomes(locritName: string, sessionId: string): ReadonlyMap<string, ExtractionOutcome> {
  const history = useSessionMessagePages(locritName, sessionId, 500, { enabled: false });
  return useMemo(
    () => extractionOutcomesOf(history.data?.pages.flatMap((page) => page.messages) ?? []),
    [history.data],
  );
}

/**
 * Under a reply, discreetly: the memories the Locrit wrote from this turn, each a link to it in the
 * Memory Explorer (with its text once the memories are read), or why it could not.
 */
export function ExtractionNote({
  locritName,
  outcome,
}: {
  locritName: string;
  outcome: ExtractionOutcome | undefined;
}) {
  const note = extractionNoteOf(outcome);
  const memories = useMemories(locritName, { enabled: note?.kind === "changed" });
  if (!note) return null;
  if (note.kind === "failed") {
    return (
      <p
        className="flex max-w-full items-start gap-1.5 text-xs text-muted-foreground"
        data-testid="extraction-note"
        data-outcome="failed"
      >
        <TriangleAlert aria-hidden className="mt-px size-3.5 shrink-0" />
        <span>Could not update its memories: {note.reason}</span>
      </p>
    );
  }
  const byId = new Map((memories.data ?? []).map((memory) => [memory.id, memory]));
  return (
    <div
      className="grid max-w-full gap-0.5 text-xs text-muted-foreground"
      data-testid="extraction-note"
      data-outcome="changed"
    >
      {note.lines.map((line) => (
        <Line key={line.label} {...line} locritName={locritName} byId={byId} />
      ))}
    </div>
  );
}

/** One kind of change: its count in words, then a link to each memory (its text when it is still there). */
function Line({
  label,
  memoryIds,
  locritName,
  byId,
}: {
  label: string;
  memoryIds: string[];
  locritName: string;
  byId: ReadonlyMap<string, Memory>;
}) {
  return (
    <p className="flex flex-wrap items-center gap-x-1.5">
      <NotebookPen aria-hidden className="size-3.5 shrink-0" />
      <span>{label}:</span>
      {memoryIds.map((id, index) => {
        const memory = byId.get(id);
        return (
          <Fragment key={id}>
            {index > 0 && <span aria-hidden>·</span>}
            <Link
              to={memoryInExplorer(locritName, id)}
              data-testid="extraction-memory-link"
              data-memory-id={id}
              className="break-words rounded-sm text-foreground underline decoration-dotted underline-offset-2 hover:decoration-solid focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              {memory ? `“${preview(memory.content)}”` : `memory ${index + 1}`}
            </Link>
          </Fragment>
        );
      })}
    </p>
  );
}
