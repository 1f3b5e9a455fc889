import type { Locrit } from "@locrit/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest, locritPath } from "../lib/api-client";
import { locritKeys } from "./locrits.queries";

/** `GET /api/locrits/{name}/export`: the server names the file (`Content-Disposition`), so a plain link downloads it. */
export const exportPath = (name: string) => locritPath(name, "/export");

export interface ImportResult {
  locrit: Locrit;
  /** The file's name when the import took another one (a Locrit of that name exists). */
  renamed_from: string | null;
  imported: { sessions: number; messages: number; memories: number; memory_versions: number };
}

/** `POST /api/locrits/import`: a Locrit from its export file, under a new name unless `replace`. */
export function useImportLocrit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, replace }: { file: unknown; replace: boolean }) =>
      apiRequest<ImportResult>(`/api/locrits/import${replace ? "?replace=true" : ""}`, { method: "POST", body: file }),
    // A replaced Locrit's memory is new too: the Locrits and every memory view are refetched.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: locritKeys.all }),
        client.invalidateQueries({ queryKey: ["memory"] }),
      ]),
  });
}
