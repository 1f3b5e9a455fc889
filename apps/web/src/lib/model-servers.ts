import type { CreateModelServerBody, ModelServer } from "@locrit/protocol";

/** Where this browser kept the model servers added on /settings before the server kept them. */
const storageKey = "locrit:model-servers";

interface BrowserServer {
  provider: string;
  base_url: string;
}

function readBrowserServers(): BrowserServer[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey) ?? "[]") as unknown;
    return Array.isArray(parsed)
      ? (parsed as BrowserServer[]).filter(
          (server) => typeof server?.base_url === "string" && /^https?:\/\//.test(server.base_url),
        )
      : [];
  } catch {
    return [];
  }
}

let importing: Promise<void> | undefined;

/**
 * Moves the servers this browser kept (before the server kept them) to the server, once, silently: each
 * one not already listed is added; then the browser's copy is removed, so localStorage is not used again.
 * A failed add leaves the browser's copy for the next load.
 */
export function importBrowserServersOnce(
  current: { servers: ModelServer[] },
  add: (body: CreateModelServerBody) => Promise<unknown>,
): Promise<void> {
  importing ??= (async () => {
    const kept = readBrowserServers();
    if (localStorage.getItem(storageKey) === null) return;
    const known = new Set(current.servers.map((server) => `${server.provider} ${server.base_url}`));
    for (const server of kept) {
      const provider = server.provider === "openai-compatible" ? "openai-compatible" : "ollama";
      if (known.has(`${provider} ${server.base_url}`)) continue;
      await add({ name: new URL(server.base_url).host, provider, base_url: server.base_url });
    }
    localStorage.removeItem(storageKey);
  })().catch(() => {
    importing = undefined;
  });
  return importing;
}
