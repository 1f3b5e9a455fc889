import { ChevronLeft, ChevronRight } from "lucide-react";
import { IconButton } from "../../components/ui/icon-button";

/** "‹ 2/3 ›": pages through the versions of a regenerated reply or an edited message. */
export function AlternativePager({
  alternatives,
  onShow,
  disabled,
}: {
  alternatives: { ids: string[]; index: number };
  /** Makes this version the one the conversation uses. */
  onShow: (id: string) => void;
  disabled?: boolean;
}) {
  const { ids, index } = alternatives;
  const previous = ids[index - 1];
  const next = ids[index + 1];
  return (
    <span role="group" aria-label="Versions" data-testid="alternative-pager" className="inline-flex items-center">
      <IconButton
        className="h-6 w-6"
        label="Previous version"
        disabled={disabled || previous === undefined}
        onClick={() => previous && onShow(previous)}
      >
        <ChevronLeft aria-hidden />
      </IconButton>
      <span data-testid="alternative-position" className="tabular-nums">
        {index + 1}/{ids.length}
      </span>
      <IconButton
        className="h-6 w-6"
        label="Next version"
        disabled={disabled || next === undefined}
        onClick={() => next && onShow(next)}
      >
        <ChevronRight aria-hidden />
      </IconButton>
    </span>
  );
}
