import type { Provider } from "@locrit/protocol";
import { useCallback, useState } from "react";

export interface ModelServer {
  provider: Provider;
  base_url: string;
}

const storageKey = "locrit:model-servers";

function load(): ModelServer[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey) ?? "[]") as unknown;
    return Array.isArray(parsed)
      ? (parsed as ModelServer[]).filter((server) => typeof server?.base_url === "string")
      : [];
  } catch {
    return [];
  }
}

/**
 * Model servers the user added on /settings, kept in this browser and offered when picking a
 * Locrit's server. The server's own default (OLLAMA_URL) comes from /health and is not stored here.
 */
export function useModelServers() {
  const [servers, setServers] = useState<ModelServer[]>(load);
  const save = useCallback((next: ModelServer[]) => {
    localStorage.setItem(storageKey, JSON.stringify(next));
    setServers(next);
  }, []);
  const add = (server: ModelServer) => {
    if (!servers.some((known) => known.base_url === server.base_url && known.provider === server.provider))
      save([...servers, server]);
  };
  const remove = (server: ModelServer) => save(servers.filter((known) => known !== server));
  return { servers, add, remove };
}
