import type { ModelInfo, Provider, TestModelServerResponse } from "@locrit/protocol";
import { useMutation, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../lib/api-client";

const modelQuery = (provider: Provider, baseUrl: string) =>
  `/api/models?${new URLSearchParams({ provider, base_url: baseUrl }).toString()}`;

/** The models a model server offers (`GET /api/models`); only asked once a URL is given. */
export function useModels(provider: Provider, baseUrl: string) {
  return useQuery({
    queryKey: ["models", provider, baseUrl],
    queryFn: async ({ signal }) =>
      (await apiRequest<{ models: ModelInfo[] }>(modelQuery(provider, baseUrl), { signal })).models,
    enabled: /^https?:\/\/.+/.test(baseUrl.trim()),
    retry: false,
    staleTime: 30_000,
  });
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

/** `POST /api/models/test`: a failed connection is an answer (`ok: false` with the reason), not an error. */
export function useTestConnection() {
  return useMutation({
    mutationFn: async ({
      provider,
      baseUrl,
      model,
    }: {
      provider: Provider;
      baseUrl: string;
      model?: string;
    }): Promise<ConnectionTestResult> => {
      const body = await apiRequest<TestModelServerResponse>("/api/models/test", {
        method: "POST",
        body: { provider, base_url: baseUrl, ...(model ? { model } : {}) },
      });
      if (!body.ok) {
        const reason =
          body.error?.message ??
          (body.model_available === false ? `The model ${model} is not on this server.` : "The connection failed.");
        return { ok: false, message: reason };
      }
      const count =
        body.models_count === undefined ? "" : `, ${body.models_count} model${body.models_count === 1 ? "" : "s"}`;
      return { ok: true, message: `Connected to ${body.base_url} (${body.latency_ms} ms${count}).` };
    },
  });
}
