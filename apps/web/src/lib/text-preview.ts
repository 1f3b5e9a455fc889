/** The start of a text on one line (runs of white space as one space), cut at `chars` with an ellipsis. */
export function textPreview(text: string, chars: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > chars ? `${flat.slice(0, chars - 1)}…` : flat;
}
