import type {
  CreateModelServerBody,
  ModelServer,
  TestModelServerResponse,
  UpdateModelServerBody,
} from "@locrit/protocol";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";
import { importBrowserServersOnce } from "../lib/model-servers";
import { describeConnectionTest, type ConnectionTestResult } from "./models.queries";

export const modelServerKeys = { all: ["model-servers"] as const };

export interface ModelServerList {
  servers: ModelServer[];
  defaultId: string;
}

const listServers = async (signal?: AbortSignal): Promise<ModelServerList> => {
  const body = await apiRequest<{ servers: ModelServer[]; default_id: string }>("/api/model-servers", { signal });
  return { servers: body.servers, defaultId: body.default_id };
};

/** The model servers of /settings, kept by the server (servers this browser kept before are moved there once first). */
export function useModelServers() {
  return useQuery({
    queryKey: modelServerKeys.all,
    queryFn: async ({ signal }) => {
      await importBrowserServersOnce(await listServers(signal), (body) => addServer(body));
      return listServers(signal);
    },
    staleTime: 30_000,
  });
}

const addServer = async (body: CreateModelServerBody) =>
  (await apiRequest<{ server: ModelServer }>("/api/model-servers", { method: "POST", body })).server;

function useRefreshingMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: modelServerKeys.all }),
  });
}

export const useAddModelServer = () => useRefreshingMutation(addServer);

export const useUpdateModelServer = () =>
  useRefreshingMutation(
    async ({ id, changes }: { id: string; changes: UpdateModelServerBody }) =>
      (
        await apiRequest<{ server: ModelServer }>(`/api/model-servers/${encodeURIComponent(id)}`, {
          method: "PATCH",
          body: changes,
        })
      ).server,
  );

export const useRemoveModelServer = () =>
  useRefreshingMutation(async (id: string) =>
    apiRequest(`/api/model-servers/${encodeURIComponent(id)}`, { method: "DELETE" }),
  );

export const useSetDefaultModelServer = () =>
  useRefreshingMutation(async (id: string) =>
    apiRequest("/api/model-servers/default", { method: "PUT", body: { id } }),
  );

/** `POST /api/model-servers/{id}/test`: the stored settings and key; a failed connection is an answer. */
export function useTestModelServer() {
  return useMutation({
    mutationFn: async (id: string): Promise<ConnectionTestResult> =>
      describeConnectionTest(
        await apiRequest<TestModelServerResponse>(`/api/model-servers/${encodeURIComponent(id)}/test`, {
          method: "POST",
        }),
      ),
  });
}
