import { recalledItemSchema, type RecalledItem } from "@locrit/protocol";

const recalledListSchema = recalledItemSchema.array();

/**
 * What recall put into a stored reply's prompt (`metadata.recalled`, SPEC §7.2), or undefined when
 * nothing was recalled. Metadata is any JSON: a list that is not in the expected shape is ignored.
 */
export function recalledOfMetadata(metadata: Record<string, unknown> | undefined): RecalledItem[] | undefined {
  const parsed = recalledListSchema.safeParse(metadata?.recalled);
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
}
