import type { LocritExport } from "@locrit/protocol";
import type { IdGenerator } from "../../lib/ids.js";

/** Message and memory ids of an import: kept as they are, or all new when some are taken already. */
export type IdMap = (id: string) => string;

export const sameIds: IdMap = (id) => id;

/** Fresh ids for every message and memory of the file, consistent across every place that names them. */
export function freshIds(file: LocritExport, ids: IdGenerator): IdMap {
  const map = new Map<string, string>();
  for (const row of [...file.messages, ...file.memories]) map.set(row.id, ids.newId());
  // Deleted memories live on in their versions only.
  for (const version of file.memory_versions) if (!map.has(version.memory_id)) map.set(version.memory_id, ids.newId());
  return (id) => map.get(id) ?? id;
}

/** A reply's metadata names memories and messages (what recall used, what extraction changed): renamed too. */
export function remapMetadata(metadata: Record<string, unknown>, map: IdMap): Record<string, unknown> {
  if (map === sameIds) return metadata;
  const result = { ...metadata };
  if (Array.isArray(result.recalled))
    result.recalled = result.recalled.map((item: unknown) =>
      item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string"
        ? { ...item, id: map((item as { id: string }).id) }
        : item,
    );
  const extraction = result.memory_extraction as Record<string, unknown> | undefined;
  if (extraction && typeof extraction === "object") {
    const renamed = { ...extraction };
    for (const key of ["added", "updated", "deleted"])
      if (Array.isArray(renamed[key])) renamed[key] = (renamed[key] as unknown[]).map((id) => map(String(id)));
    result.memory_extraction = renamed;
  }
  return result;
}
