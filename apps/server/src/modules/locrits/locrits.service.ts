import {
  DEFAULT_ACCESS_TO,
  DEFAULT_OPEN_TO,
  DEFAULT_PUBLIC_PAGE,
  type CreateLocritBody,
  type Provider,
  type UpdateLocritBody,
} from "@locrit/protocol";
import { locritNameTaken, locritNotFound } from "../../errors/errors.js";
import { isoNow, type Clock } from "../../lib/clock.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { IdGenerator } from "../../lib/ids.js";
import type { Database } from "../../storage/database.js";
import { isUniqueViolation } from "../../storage/storage-errors.js";
import { createRepositories, inTransaction, type Repositories } from "../../storage/repositories/index.js";
import { nameKeyOf, type LocritRow, type LocritRowPatch } from "../../storage/repositories/locrit.repository.js";

export interface LocritServiceDependencies {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  /** Hears `memory_service_changed` and `locrit_deleted`, so the memory module can follow. */
  events?: EventBus;
  /** Model server used when a Locrit names none. */
  defaultBaseUrl: string;
  /** The servers of /settings: a body's `model_server_id` (or, naming no server, the default one) sets the Locrit's. */
  modelServers?: {
    get(id: string): Promise<ModelServerSettings>;
    list(): Promise<{ defaultId: string }>;
  };
}

/** What a Locrit takes from a model server of /settings. */
interface ModelServerSettings {
  provider: string;
  base_url: string;
  api_key: string | null;
}

const DEFAULT_MODEL = "llama3.2";

/** Creating, reading, changing and removing Locrits. */
export class LocritService {
  private readonly repositories: Repositories;

  constructor(private readonly dependencies: LocritServiceDependencies) {
    this.repositories = createRepositories(dependencies.db);
  }

  listLocrits(): Promise<LocritRow[]> {
    return this.repositories.locrits.list();
  }

  async getLocrit(name: string): Promise<LocritRow> {
    const row = await this.repositories.locrits.findByName(name);
    if (!row) throw locritNotFound(name);
    return row;
  }

  async createLocrit(requested: CreateLocritBody): Promise<LocritRow> {
    const serverId =
      requested.model_server_id ??
      (requested.provider === undefined && requested.base_url === undefined
        ? (await this.dependencies.modelServers?.list())?.defaultId
        : undefined);
    const body = await this.withModelServer(requested, serverId);
    const now = isoNow(this.dependencies.clock);
    try {
      return await this.repositories.locrits.insert({
        id: this.dependencies.ids.newId(),
        name: body.name,
        name_key: nameKeyOf(body.name),
        description: body.description ?? "",
        personality: body.personality ?? "",
        provider: body.provider ?? "ollama",
        base_url: body.base_url ?? this.dependencies.defaultBaseUrl,
        model: body.model || DEFAULT_MODEL,
        memory_service: body.memory_service ?? "database",
        active: body.active !== false,
        open_to: { ...DEFAULT_OPEN_TO, ...body.open_to },
        access_to: { ...DEFAULT_ACCESS_TO, ...body.access_to },
        public_page: { ...DEFAULT_PUBLIC_PAGE, ...body.public_page },
        api_key: body.api_key || null,
        embedding_model: body.embedding_model ?? "",
        memory_extraction: body.memory_extraction ?? "auto",
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw locritNameTaken(body.name);
      throw error;
    }
  }

  /** Applies every field it is given; nested objects (open_to, …) are merged key by key. */
  async updateLocrit({ name, changes: requested }: { name: string; changes: UpdateLocritBody }): Promise<LocritRow> {
    const current = await this.getLocrit(name);
    const changes = await this.withModelServer(requested, requested.model_server_id);
    const patch: LocritRowPatch = { updated_at: isoNow(this.dependencies.clock) };
    if (changes.name !== undefined && changes.name !== current.name) {
      patch.name = changes.name;
      patch.name_key = nameKeyOf(changes.name);
    }
    if (changes.description !== undefined) patch.description = changes.description;
    if (changes.personality !== undefined) patch.personality = changes.personality;
    if (changes.provider !== undefined) patch.provider = changes.provider;
    if (changes.base_url !== undefined) patch.base_url = changes.base_url;
    if (changes.model !== undefined) patch.model = changes.model;
    if (changes.memory_service !== undefined) patch.memory_service = changes.memory_service;
    if (changes.active !== undefined) patch.active = changes.active;
    if (changes.open_to) patch.open_to = { ...current.open_to, ...changes.open_to };
    if (changes.access_to) patch.access_to = { ...current.access_to, ...changes.access_to };
    if (changes.public_page) patch.public_page = { ...current.public_page, ...changes.public_page };
    // "" and null both clear it.
    if (changes.api_key !== undefined) patch.api_key = changes.api_key || null;
    if (changes.embedding_model !== undefined) patch.embedding_model = changes.embedding_model;
    if (changes.memory_extraction !== undefined) patch.memory_extraction = changes.memory_extraction;
    try {
      const updated = (await this.repositories.locrits.update(current.id, patch))!;
      if (updated.embedding_model !== current.embedding_model)
        this.dependencies.events?.publish("embedding_model_changed", { locritId: updated.id });
      if (updated.memory_service !== current.memory_service) {
        this.dependencies.events?.publish("memory_service_changed", {
          locritId: updated.id,
          locritName: updated.name,
          from: current.memory_service,
          to: updated.memory_service,
        });
      }
      return updated;
    } catch (error) {
      if (isUniqueViolation(error) && changes.name) throw locritNameTaken(changes.name);
      throw error;
    }
  }

  /** The body with the named server's provider, URL and key (a key the body gives wins). */
  private async withModelServer<Body extends CreateLocritBody | UpdateLocritBody>(
    body: Body,
    serverId: string | undefined,
  ): Promise<Body> {
    if (serverId === undefined || !this.dependencies.modelServers) return body;
    const server = await this.dependencies.modelServers.get(serverId);
    return {
      ...body,
      provider: server.provider as Provider,
      base_url: server.base_url,
      api_key: body.api_key !== undefined ? body.api_key : server.api_key,
    };
  }

  /** Sessions and messages belong to the Locrit's id, so they follow the new name. */
  renameLocrit({ name, newName }: { name: string; newName: string }): Promise<LocritRow> {
    return this.updateLocrit({ name, changes: { name: newName } });
  }

  setActive({ name, active }: { name: string; active: boolean }): Promise<LocritRow> {
    return this.updateLocrit({ name, changes: { active } });
  }

  /** Removes the Locrit with its sessions and messages, in one transaction. */
  async deleteLocrit(name: string): Promise<{ locrit: LocritRow; sessions: number; messages: number }> {
    const deleted = await inTransaction(this.dependencies.db, async (repositories) => {
      const locrit = await repositories.locrits.findByName(name);
      if (!locrit) throw locritNotFound(name);
      const sessions = await repositories.sessions.count(locrit.id);
      const messages = await repositories.messages.countOfLocrit(locrit.id);
      await repositories.locrits.delete(locrit.id);
      return { locrit, sessions, messages };
    });
    this.dependencies.events?.publish("locrit_deleted", {
      locritId: deleted.locrit.id,
      locritName: deleted.locrit.name,
    });
    return deleted;
  }
}
