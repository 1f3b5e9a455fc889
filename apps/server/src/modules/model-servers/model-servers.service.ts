import {
  CONFIGURED_MODEL_SERVER_ID,
  type CreateModelServerBody,
  type ModelServerProvider,
  type UpdateModelServerBody,
} from "@locrit/protocol";
import { modelServerFixed, modelServerNotFound } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { AppSettingsRepository } from "../../storage/repositories/app-settings.repository.js";
import {
  ModelServerRepository,
  type ModelServerRow,
  type ModelServerRowPatch,
} from "../../storage/repositories/model-server.repository.js";

/** How the configured (OLLAMA_URL) server is named wherever it is listed. */
const CONFIGURED_MODEL_SERVER_NAME = "Ollama (OLLAMA_URL)";

/** The key of `app_settings` that names the default model server. */
const DEFAULT_SERVER_KEY = "default_model_server";

/** The model server the configuration names (OLLAMA_URL), and whether the environment set it. */
export interface ConfiguredModelServer {
  baseUrl: string;
  /** `OLLAMA_URL` when the environment set it; null when it comes from the config file or the default. */
  fixedBy: string | null;
}

/** A model server as the service hands it out: a stored one, or the configured one (`stored: false`). */
export interface ModelServerEntry {
  id: string;
  name: string;
  provider: ModelServerProvider;
  base_url: string;
  api_key: string | null;
  stored: boolean;
  created_at: string | null;
  updated_at: string | null;
}

export interface ModelServersDependencies {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  configured: ConfiguredModelServer;
}

const fromRow = (row: ModelServerRow): ModelServerEntry => ({
  ...row,
  provider: row.provider as ModelServerProvider,
  stored: true,
});

/**
 * The model servers Locrits can use (SPEC §4 `/settings`): the configured one, never changed here so a
 * setting never silently shadows the environment, and the ones the owner added, kept in the database.
 */
export class ModelServersService {
  private readonly servers: ModelServerRepository;
  private readonly settings: AppSettingsRepository;

  constructor(private readonly dependencies: ModelServersDependencies) {
    this.servers = new ModelServerRepository(dependencies.db);
    this.settings = new AppSettingsRepository(dependencies.db);
  }

  get configured(): ConfiguredModelServer {
    return this.dependencies.configured;
  }

  private configuredEntry(): ModelServerEntry {
    return {
      id: CONFIGURED_MODEL_SERVER_ID,
      name: CONFIGURED_MODEL_SERVER_NAME,
      provider: "ollama",
      base_url: this.dependencies.configured.baseUrl,
      api_key: null,
      stored: false,
      created_at: null,
      updated_at: null,
    };
  }

  async list(): Promise<{ servers: ModelServerEntry[]; defaultId: string }> {
    const rows = await this.servers.list();
    const servers = [this.configuredEntry(), ...rows.map(fromRow)];
    const chosen = await this.settings.get(DEFAULT_SERVER_KEY);
    // A default that was removed meanwhile falls back to the configured server.
    const defaultId = servers.some((server) => server.id === chosen) ? chosen! : CONFIGURED_MODEL_SERVER_ID;
    return { servers, defaultId };
  }

  /**
   * The server new Locrits use unless told otherwise (the configured one until the owner picks another).
   * Never fails: when the store cannot be read, the configured one (so /health still looks at a server).
   */
  async defaultServer(): Promise<ModelServerEntry> {
    const listed = await this.list().catch(() => undefined);
    return listed?.servers.find((server) => server.id === listed.defaultId) ?? this.configuredEntry();
  }

  /** The server with this id, the configured one included; 404 `model_server_not_found` otherwise. */
  async get(id: string): Promise<ModelServerEntry> {
    if (id === CONFIGURED_MODEL_SERVER_ID) return this.configuredEntry();
    const row = await this.servers.findById(id);
    if (!row) throw modelServerNotFound(id);
    return fromRow(row);
  }

  async create(body: CreateModelServerBody): Promise<ModelServerEntry> {
    const now = isoNow(this.dependencies.clock);
    const row = await this.servers.insert({
      id: this.dependencies.ids.newId(),
      name: body.name,
      provider: body.provider,
      base_url: body.base_url,
      api_key: body.api_key || null,
      created_at: now,
      updated_at: now,
    });
    return fromRow(row);
  }

  async update({ id, changes }: { id: string; changes: UpdateModelServerBody }): Promise<ModelServerEntry> {
    await this.stored(id);
    const patch: ModelServerRowPatch = { updated_at: isoNow(this.dependencies.clock) };
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.provider !== undefined) patch.provider = changes.provider;
    if (changes.base_url !== undefined) patch.base_url = changes.base_url;
    // "" and null both clear the key; absent keeps it.
    if (changes.api_key !== undefined) patch.api_key = changes.api_key || null;
    return fromRow((await this.servers.update(id, patch))!);
  }

  /** Removes a server; Locrits that use it keep their own copy of its URL and key. */
  async remove(id: string): Promise<ModelServerEntry> {
    const server = await this.stored(id);
    await this.servers.delete(id);
    return server;
  }

  async setDefault(id: string): Promise<void> {
    await this.get(id);
    await this.settings.set(DEFAULT_SERVER_KEY, id, isoNow(this.dependencies.clock));
  }

  /** A stored server; the configured one is refused with 409 `model_server_fixed`. */
  private async stored(id: string): Promise<ModelServerEntry> {
    if (id === CONFIGURED_MODEL_SERVER_ID) throw modelServerFixed("OLLAMA_URL");
    return this.get(id);
  }
}
