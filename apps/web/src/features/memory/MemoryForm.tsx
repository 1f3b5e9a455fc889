import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Textarea } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { Slider } from "../../components/ui/slider";

type MemoryBody = { content: string; importance: number };

export function MemoryForm({
  idPrefix,
  initial,
  submitLabel,
  note,
  busy,
  onSubmit,
}: {
  idPrefix: string;
  initial?: MemoryBody;
  submitLabel: string;
  /** A line beside the submit button (e.g. that an edit can be undone). */
  note?: string;
  busy: boolean;
  onSubmit: (body: MemoryBody, reset: () => void) => void;
}) {
  const [content, setContent] = useState(initial?.content ?? "");
  const [importance, setImportance] = useState(initial?.importance ?? 0.5);
  const reset = () => {
    setContent("");
    setImportance(0.5);
  };
  return (
    <form
      className="grid gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ content: content.trim(), importance }, reset);
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-content`}>What to remember</Label>
        <Textarea
          id={`${idPrefix}-content`}
          rows={3}
          value={content}
          onChange={(event) => setContent(event.target.value)}
        />
      </div>
      <div className="grid gap-1.5">
        <span className="text-sm font-medium" id={`${idPrefix}-importance-label`}>
          Importance: {importance.toFixed(2)}
        </span>
        <Slider
          aria-label="Importance"
          min={0}
          max={1}
          step={0.05}
          value={[importance]}
          onValueChange={([value]) => setImportance(value ?? 0.5)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy || !content.trim()}>
          {submitLabel}
        </Button>
        {note && <span className="text-xs text-muted-foreground">{note}</span>}
      </div>
    </form>
  );
}
