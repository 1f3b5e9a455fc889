/** Milliseconds as seconds with one decimal ("1.3 s"). */
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const numberAt = (metadata: Record<string, unknown>, key: string) =>
  typeof metadata[key] === "number" ? (metadata[key] as number) : undefined;

/**
 * What a reply's metadata says about how it was made, as short phrases: the model, its tokens
 * (prompt + completion), the time to its first token and in total. Absent values are left out.
 */
export function replyDetailsOf(metadata: Record<string, unknown> | undefined): string[] {
  if (!metadata) return [];
  const details: string[] = [];
  if (typeof metadata.model === "string" && metadata.model) details.push(metadata.model);
  const prompt = numberAt(metadata, "prompt_tokens");
  const completion = numberAt(metadata, "completion_tokens");
  if (prompt !== undefined || completion !== undefined)
    details.push(`${prompt ?? "?"} prompt + ${completion ?? "?"} reply tokens`);
  const firstToken = numberAt(metadata, "first_token_ms");
  if (firstToken !== undefined) details.push(`first token ${seconds(firstToken)}`);
  const total = numberAt(metadata, "latency_ms");
  if (total !== undefined) details.push(`total ${seconds(total)}`);
  return details;
}

/** A reply's details line (shown with the message's actions, on hover or keyboard focus). */
export function ReplyDetails({ metadata }: { metadata: Record<string, unknown> | undefined }) {
  const details = replyDetailsOf(metadata);
  if (details.length === 0) return null;
  return (
    <span data-testid="reply-details" className="text-xs text-muted-foreground">
      {details.join(" · ")}
    </span>
  );
}
