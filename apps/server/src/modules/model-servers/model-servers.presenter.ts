import type { ModelServer } from "@locrit/protocol";
import type { ConfiguredModelServer, ModelServerEntry } from "./model-servers.service.js";

/** The wire shape of a model server: never its `api_key`, only whether one is stored. */
export function presentModelServer(
  server: ModelServerEntry,
  { defaultId, configured }: { defaultId: string; configured: ConfiguredModelServer },
): ModelServer {
  const fromEnvironment = !server.stored && configured.fixedBy !== null;
  return {
    id: server.id,
    name: server.name,
    provider: server.provider,
    base_url: server.base_url,
    api_key_set: Boolean(server.api_key),
    is_default: server.id === defaultId,
    source: server.stored ? "settings" : fromEnvironment ? "environment" : "configuration",
    fixed_by: fromEnvironment ? configured.fixedBy : null,
    created_at: server.created_at,
    updated_at: server.updated_at,
  };
}
