export interface ModelServerStatus {
  ok: boolean;
  url: string;
  latency_ms?: number;
  error?: string;
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
