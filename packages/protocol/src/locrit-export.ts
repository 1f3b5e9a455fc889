import { z } from "zod";
import {
  accessToSchema,
  locritNameSchema,
  locritSchema,
  memoryExtractionSchema,
  memoryServiceSchema,
  openToSchema,
  providerSchema,
  publicPageSchema,
} from "./locrit.js";
import { memoryVersionSchema } from "./memory-history.js";
import { memoryOriginSchema } from "./memory.js";

/** The export file's format; a server refuses files of a newer version than its own. */
export const LOCRIT_EXPORT_FORMAT = "locrit-export";
export const LOCRIT_EXPORT_FORMAT_VERSION = 1;
/** Largest export file `POST /api/locrits/import` reads. */
export const LOCRIT_IMPORT_MAX_BYTES = 64 * 1024 * 1024;

const metadataSchema = z.record(z.string(), z.unknown());

/** The Locrit's settings, without secrets (no `api_key`). */
export const exportedLocritSchema = z.object({
  name: locritNameSchema,
  description: z.string(),
  personality: z.string(),
  provider: providerSchema,
  base_url: z.string(),
  model: z.string(),
  memory_service: memoryServiceSchema,
  memory_extraction: memoryExtractionSchema,
  embedding_model: z.string(),
  active: z.boolean(),
  open_to: openToSchema,
  access_to: accessToSchema,
  public_page: publicPageSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

/** The Locrit's avatar: the image's bytes in base64. An import checks them as an upload (type by magic bytes, size). */
export const exportedAvatarSchema = z.object({
  content_type: z.string().max(100),
  data: z.base64(),
});

export const exportedSessionSchema = z.object({
  id: z.string().min(1).max(128),
  title: z.string(),
  user_id: z.string().nullable(),
  metadata: metadataSchema,
  message_count: z.number().int().min(0),
  created_at: z.string(),
  updated_at: z.string(),
});

export const exportedMessageSchema = z.object({
  id: z.string().min(1).max(200),
  session_id: z.string().min(1).max(128),
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  status: z.string(),
  metadata: metadataSchema,
  created_at: z.string(),
  updated_at: z.string(),
  edited_at: z.string().nullable(),
  /** Regenerated and edited messages (SPEC §2); a file written before them has neither: every message active. */
  alternative_of: z.string().min(1).max(200).nullable().optional(),
  active: z.boolean().optional(),
  /** An edited message's later turns, kept with its older version (internal to the store, kept across a copy). */
  branch_of: z.string().min(1).max(200).nullable().optional(),
});

export const exportedMemorySchema = z.object({
  id: z.string().min(1).max(200),
  content: z.string(),
  importance: z.number().min(0).max(1),
  source_message_ids: z.array(z.string()),
  origin: memoryOriginSchema,
  created_at: z.string(),
  updated_at: z.string(),
  last_recalled_at: z.string().nullable(),
});

export const exportedMemoryVersionSchema = memoryVersionSchema.extend({ memory_id: z.string().min(1).max(200) });

/**
 * One Locrit as one JSON file (SPEC §7.4): settings without secrets, sessions, messages in order,
 * memories, and every version of every memory (deleted ones too). Importing it gives the same rows.
 */
export const locritExportSchema = z.object({
  format: z.literal(LOCRIT_EXPORT_FORMAT),
  format_version: z.number().int().min(1),
  exported_at: z.string(),
  locrit: exportedLocritSchema,
  /** Absent when the Locrit has no avatar (and from files written before avatars were carried). */
  avatar: exportedAvatarSchema.optional(),
  sessions: z.array(exportedSessionSchema),
  messages: z.array(exportedMessageSchema),
  memories: z.array(exportedMemorySchema),
  memory_versions: z.array(exportedMemoryVersionSchema),
});
export type LocritExport = z.infer<typeof locritExportSchema>;

/** What the import route reads first: the format and its version (a newer one is refused before anything else). */
export const locritImportBodySchema = z
  .object({ format: z.literal(LOCRIT_EXPORT_FORMAT), format_version: z.number().int().min(1) })
  .loose()
  .meta({ description: "A file from `GET /api/locrits/{name}/export`" });

export const locritImportQuerySchema = z.object({
  /** A Locrit of that name is replaced (deleted with its memory); otherwise the import takes a new name. */
  replace: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

export const locritImportResponseSchema = z.object({
  success: z.literal(true),
  locrit: locritSchema,
  /** The file's name when the import took another one (a Locrit of that name exists and `replace` was not asked). */
  renamed_from: z.string().nullable(),
  imported: z.object({
    sessions: z.number(),
    messages: z.number(),
    memories: z.number(),
    memory_versions: z.number(),
  }),
});
