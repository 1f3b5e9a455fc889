import { useQuery } from "@tanstack/react-query";

export interface Health {
  status: "healthy" | "degraded" | "unhealthy";
  storage: { ok: boolean; dialect: string; error?: string };
  /** The default model server. */
  model_server: { ok: boolean; url: string; name: string; provider: string; latency_ms?: number; error?: string };
  /** Absent from servers older than the UI. */
  limits?: { max_message_bytes: number };
}

/** `/health`, polled: 503 (storage down) still carries a body, so it is read rather than thrown. */
export function useHealth() {
  return useQuery({
    queryKey: ["health"],
    queryFn: async ({ signal }) => {
      const response = await fetch("/health", { signal, headers: { accept: "application/json" } });
      return (await response.json()) as Health;
    },
    refetchInterval: 15_000,
    retry: false,
  });
}
