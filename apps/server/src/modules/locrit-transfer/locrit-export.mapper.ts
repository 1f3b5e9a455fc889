import {
  LOCRIT_EXPORT_FORMAT,
  LOCRIT_EXPORT_FORMAT_VERSION,
  type LocritExport,
  type MemoryExtraction,
  type MemoryOrigin,
  type MemoryService,
  type Provider,
} from "@locrit/protocol";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MemoryVersionRow } from "../../storage/repositories/memory-version.repository.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import type { TransferredMessageRow } from "../../storage/repositories/locrit-transfer.repository.js";
import type { SessionRow } from "../../storage/repositories/session.repository.js";
import { presentMemoryVersion } from "../memory/memory.presenter.js";

export interface LocritRows {
  locrit: LocritRow;
  sessions: SessionRow[];
  messages: TransferredMessageRow[];
  memories: MemoryRow[];
  versions: MemoryVersionRow[];
  /** The avatar's image, when the Locrit has one. */
  avatar?: { image: Buffer; type: string };
}

/** The export file of one Locrit (SPEC §7.4): every stored row but internal ids and secrets. */
export function toExportFile(rows: LocritRows, exportedAt: string): LocritExport {
  const { locrit } = rows;
  return {
    format: LOCRIT_EXPORT_FORMAT,
    format_version: LOCRIT_EXPORT_FORMAT_VERSION,
    exported_at: exportedAt,
    locrit: {
      name: locrit.name,
      description: locrit.description,
      personality: locrit.personality,
      provider: locrit.provider as Provider,
      base_url: locrit.base_url,
      model: locrit.model,
      memory_service: locrit.memory_service as MemoryService,
      memory_extraction: locrit.memory_extraction as MemoryExtraction,
      embedding_model: locrit.embedding_model,
      active: locrit.active,
      open_to: locrit.open_to,
      access_to: locrit.access_to,
      public_page: locrit.public_page,
      created_at: locrit.created_at,
      updated_at: locrit.updated_at,
    },
    ...(rows.avatar ? { avatar: { content_type: rows.avatar.type, data: rows.avatar.image.toString("base64") } } : {}),
    sessions: rows.sessions.map((session) => ({
      id: session.id,
      title: session.title,
      user_id: session.user_id,
      metadata: session.metadata,
      message_count: session.message_count,
      created_at: session.created_at,
      updated_at: session.updated_at,
    })),
    messages: rows.messages.map((message) => ({
      id: message.id,
      session_id: message.session_id,
      role: message.role as "user" | "assistant" | "system",
      content: message.content,
      status: message.status,
      metadata: message.metadata,
      created_at: message.created_at,
      updated_at: message.updated_at,
      edited_at: message.edited_at,
      alternative_of: message.alternative_of,
      active: message.active,
      ...(message.branch_of ? { branch_of: message.branch_of } : {}),
    })),
    memories: rows.memories.map((memory) => ({
      id: memory.id,
      content: memory.content,
      importance: memory.importance,
      source_message_ids: memory.source_message_ids,
      origin: memory.origin as MemoryOrigin,
      created_at: memory.created_at,
      updated_at: memory.updated_at,
      last_recalled_at: memory.last_recalled_at,
    })),
    memory_versions: rows.versions.map((version) => ({
      memory_id: version.memory_id,
      ...presentMemoryVersion(version),
    })),
  };
}
