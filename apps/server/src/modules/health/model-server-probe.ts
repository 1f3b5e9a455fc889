import type { ModelServerProvider } from "@locrit/protocol";
import { testModelServer } from "../models/connection-test.js";
import type { ProviderFactory } from "../models/provider-factory.js";

export interface ModelServerStatus {
  ok: boolean;
  url: string;
  latency_ms?: number;
  error?: string;
}

/** The model server /health looks at: the default one (SPEC §4 `/settings`). */
export interface ProbedModelServer {
  name: string;
  provider: ModelServerProvider;
  base_url: string;
  api_key: string | null;
}

/** Asks an Ollama server for its model list, giving up after `timeoutMs` so /health never hangs. */
export async function probeOllama(url: string, timeoutMs: number): Promise<ModelServerStatus> {
  const started = performance.now();
  try {
    const response = await fetch(new URL("/api/tags", url), { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) return { ok: false, url, error: `HTTP ${response.status}` };
    return { ok: true, url, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    const reason =
      (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `not reachable at ${url}`;
    return { ok: false, url, error: reason };
  }
}

/**
 * Asks the default model server whether it answers, within `timeoutMs`: an Ollama server for its tags
 * (as the original did), an OpenAI-compatible one for its model list, with its key.
 */
export async function probeModelServer(
  server: ProbedModelServer,
  { providers, timeoutMs }: { providers: ProviderFactory; timeoutMs: number },
): Promise<ModelServerStatus & { name: string; provider: ModelServerProvider }> {
  const named = { name: server.name, provider: server.provider };
  if (server.provider === "ollama") return { ...(await probeOllama(server.base_url, timeoutMs)), ...named };
  const url = server.base_url;
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    const answer = await Promise.race([
      testModelServer({ providers, provider: server.provider, baseUrl: url, apiKey: server.api_key }),
      tooSlow,
    ]);
    if (!answer) return { ok: false, url, error: `no answer within ${timeoutMs} ms`, ...named };
    if (answer.error) return { ok: false, url, error: answer.error.message, ...named };
    return { ok: true, url, latency_ms: answer.latency_ms, ...named };
  } catch {
    return { ok: false, url, error: `not reachable at ${url}`, ...named };
  } finally {
    clearTimeout(timer);
  }
}
