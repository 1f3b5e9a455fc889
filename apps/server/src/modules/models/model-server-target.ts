import type { Provider } from "@locrit/protocol";
import type { LocritService } from "../locrits/locrits.service.js";
import type { ModelServersService } from "../model-servers/model-servers.service.js";

export interface ModelServerTarget {
  provider: Provider;
  baseUrl: string;
  apiKey: string | null;
}

/**
 * Which server a models request asks, and with which key: a stored server (`server_id`: its provider, URL
 * and key), or a Locrit's (`locrit`: its key goes only to its own URL, never to one typed in the request).
 */
export async function resolveModelServerTarget(
  query: { provider: Provider; base_url?: string; server_id?: string; locrit?: string },
  dependencies: { defaultBaseUrl: string; modelServers: ModelServersService; locrits: LocritService },
): Promise<ModelServerTarget> {
  if (query.server_id !== undefined) {
    const server = await dependencies.modelServers.get(query.server_id);
    return { provider: server.provider, baseUrl: server.base_url, apiKey: server.api_key };
  }
  const baseUrl = query.base_url ?? dependencies.defaultBaseUrl;
  if (query.locrit === undefined) return { provider: query.provider, baseUrl, apiKey: null };
  const locrit = await dependencies.locrits.getLocrit(query.locrit);
  const sameServer = locrit.base_url.replace(/\/+$/, "") === baseUrl.replace(/\/+$/, "");
  return { provider: query.provider, baseUrl, apiKey: sameServer ? locrit.api_key : null };
}
