import type { ModelInfo, Provider, TestModelServerResponse } from "@locrit/protocol";
import { useMutation, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";

/**
 * Which server to ask: `serverId` (a server of /settings: its URL and stored key), else `provider` and
 * `baseUrl`, with `locrit`'s stored key when that URL is the Locrit's own.
 */
export interface ModelServerQuery {
  provider: Provider;
  baseUrl: string;
  serverId?: string;
  locrit?: string;
}

const modelQuery = ({ provider, baseUrl, serverId, locrit }: ModelServerQuery) =>
  `/api/models?${new URLSearchParams({
    provider,
    base_url: baseUrl,
    ...(serverId ? { server_id: serverId } : {}),
    ...(locrit ? { locrit } : {}),
  }).toString()}`;

/** The models a model server offers (`GET /api/models`); only asked once a URL is given. */
export function useModels(query: ModelServerQuery) {
  return useQuery({
    queryKey: ["models", query.provider, query.baseUrl, query.serverId ?? "", query.locrit ?? ""],
    queryFn: async ({ signal }) => (await apiRequest<{ models: ModelInfo[] }>(modelQuery(query), { signal })).models,
    enabled: /^https?:\/\/.+/.test(query.baseUrl.trim()),
    retry: false,
    staleTime: 30_000,
  });
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

/** A test's answer in words: what failed, or where it connected, how fast and how many models. */
export function describeConnectionTest(body: TestModelServerResponse, model?: string): ConnectionTestResult {
  if (!body.ok) {
    const reason =
      body.error?.message ??
      (body.model_available === false ? `The model ${model} is not on this server.` : "The connection failed.");
    return { ok: false, message: reason };
  }
  const count =
    body.models_count === undefined ? "" : `, ${body.models_count} model${body.models_count === 1 ? "" : "s"}`;
  return { ok: true, message: `Connected to ${body.base_url} (${body.latency_ms} ms${count}).` };
}

/** `POST /api/models/test`: a failed connection is an answer (`ok: false` with the reason), not an error. */
export function useTestConnection() {
  return useMutation({
    mutationFn: async ({ model, ...server }: ModelServerQuery & { model?: string }): Promise<ConnectionTestResult> => {
      const body = await apiRequest<TestModelServerResponse>("/api/models/test", {
        method: "POST",
        body: {
          provider: server.provider,
          base_url: server.baseUrl,
          ...(server.serverId ? { server_id: server.serverId } : {}),
          ...(server.locrit ? { locrit: server.locrit } : {}),
          ...(model ? { model } : {}),
        },
      });
      return describeConnectionTest(body, model);
    },
  });
}
