import type { EmbeddedStatusResponse, ModelDownload } from "@locrit/protocol";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";

export const embeddedKeys = { status: ["embedded-models"] as const };

/**
 * The in-process models (`GET /api/models/embedded`): memory, downloads, the recommended model. Polled
 * each second while a download runs (its progress bar) or a model loads, rarely otherwise.
 */
export function useEmbeddedModels() {
  return useQuery({
    queryKey: embeddedKeys.status,
    queryFn: ({ signal }) => apiRequest<EmbeddedStatusResponse>("/api/models/embedded", { signal }),
    refetchInterval: ({ state: { data } }) =>
      data?.downloads.some((download) => download.state === "downloading") || data?.loading_models.length
        ? 1_000
        : 30_000,
    retry: false,
  });
}

/** Starts a model download (only ever on the user's click). */
export function useDownloadModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (model: string) =>
      apiRequest<{ download: ModelDownload }>("/api/models/embedded/downloads", { method: "POST", body: { model } }),
    onSettled: () => client.invalidateQueries({ queryKey: embeddedKeys.status }),
  });
}
