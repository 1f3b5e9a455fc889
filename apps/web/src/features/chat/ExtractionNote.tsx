import { extractionOutcomeSchema, type ExtractionOutcome, type Memory } from "@locrit/protocol";
import { NotebookPen, TriangleAlert } from "lucide-react";
import { Fragment, useMemo } from "react";
import { Link } from "react-router-dom";
import { useMemories, useSessionMessagePages } from "../../api/memory.queries";
import { plural } from "../../lib/format";
import { memoryInExplorer } from "../memory/explorer-links";

const PREVIEW_CHARS = 60;
const preview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text);

/**
 * What the Locrit wrote into its memories after each reply of this conversation (SPEC §7.3), by reply
 * id, read from the stored replies' `metadata.memory_extraction`. It arrives after the reply: the
 * extraction's `memory_updated` refreshes the conversation (see use-memory-live). This only reads the
 * history the chat view already fetches; it never asks for it itself.
 */
export function useExtractionOutcomes(locritName: string, sessionId: string): ReadonlyMap<string, ExtractionOutcome> {
  const history = useSessionMessagePages(locritName, sessionId, 500, { enabled: false });
  return useMemo(() => {
    const outcomes = new Map<string, ExtractionOutcome>();
    for (const message of history.data?.pages.flatMap((page) => page.messages) ?? []) {
      const parsed = extractionOutcomeSchema.safeParse(message.metadata.memory_extraction);
      if (parsed.success) outcomes.set(message.id, parsed.data);
    }
    return outcomes;
  }, [history.data]);
}

/**
 * Under a reply, discreetly: the memories the Locrit wrote from this turn, each a link to it in the
 * Memory Explorer, or why it could not. "Nothing new" says nothing.
 */
export function ExtractionNote({
  locritName,
  outcome,
}: {
  locritName: string;
  outcome: ExtractionOutcome | undefined;
}) {
  const changed = outcome ? [...outcome.added, ...outcome.updated] : [];
  const memories = useMemories(locritName, { enabled: changed.length > 0 });
  if (!outcome) return null;
  if (outcome.outcome.startsWith("failed")) {
    return (
      <p
        className="flex max-w-full items-start gap-1.5 text-xs text-muted-foreground"
        data-testid="extraction-note"
        data-outcome="failed"
      >
        <TriangleAlert aria-hidden className="mt-px size-3.5 shrink-0" />
        <span>Could not update its memories: {outcome.outcome.replace(/^failed:\s*/, "")}</span>
      </p>
    );
  }
  if (changed.length === 0 && outcome.deleted.length === 0) return null;
  const byId = new Map((memories.data ?? []).map((memory) => [memory.id, memory]));
  return (
    <div
      className="grid max-w-full gap-0.5 text-xs text-muted-foreground"
      data-testid="extraction-note"
      data-outcome="changed"
    >
      <Line
        label={outcome.added.length > 0 && `Remembered ${plural(outcome.added.length, "new thing")}`}
        ids={outcome.added}
        locritName={locritName}
        byId={byId}
      />
      <Line
        label={
          outcome.updated.length > 0 &&
          `Updated ${outcome.updated.length === 1 ? "1 memory" : `${outcome.updated.length} memories`}`
        }
        ids={outcome.updated}
        locritName={locritName}
        byId={byId}
      />
      <Line
        label={outcome.deleted.length > 0 && `Forgot ${plural(outcome.deleted.length, "thing")}`}
        ids={outcome.deleted}
        locritName={locritName}
        byId={byId}
      />
    </div>
  );
}

/** One kind of change: its count in words, then a link to each memory (its text when it is still there). */
function Line({
  label,
  ids,
  locritName,
  byId,
}: {
  label: string | false;
  ids: string[];
  locritName: string;
  byId: ReadonlyMap<string, Memory>;
}) {
  if (!label) return null;
  return (
    <p className="flex flex-wrap items-center gap-x-1.5">
      <NotebookPen aria-hidden className="size-3.5 shrink-0" />
      <span>{label}:</span>
      {ids.map((id, index) => {
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
