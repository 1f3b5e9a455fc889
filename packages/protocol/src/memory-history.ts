import { z } from "zod";
import { memoryOriginSchema, memorySchema } from "./memory.js";

/** Who changed a memory: the user (Memory Explorer, API), the Locrit's own extraction, or an import. */
export const memoryChangerSchema = z.enum(["user", "extraction", "import"]);
export type MemoryChanger = z.infer<typeof memoryChangerSchema>;

/** One version of a memory (SPEC §7.3): the memory as it was after a change, who made it, from which messages. */
export const memoryVersionSchema = z.object({
  version: z.number().int(),
  action: z.enum(["created", "updated", "deleted", "restored"]),
  changed_by: memoryChangerSchema,
  changed_at: z.string(),
  content: z.string(),
  importance: z.number(),
  source_message_ids: z.array(z.string()),
  origin: memoryOriginSchema,
});
export type MemoryVersion = z.infer<typeof memoryVersionSchema>;

/** `GET …/memories/{id}/history`: oldest version first; `deleted` when the memory is gone (it can be restored). */
export const memoryHistoryResponseSchema = z.object({
  success: z.literal(true),
  memory_id: z.string(),
  deleted: z.boolean(),
  versions: z.array(memoryVersionSchema),
});
export type MemoryHistoryResponse = z.infer<typeof memoryHistoryResponseSchema>;

/** `POST …/memories/{id}/restore {version}`: the memory becomes what it was at that version (a new version). */
export const restoreMemoryBodySchema = z.object({ version: z.number().int().min(1) });
export type RestoreMemoryBody = z.infer<typeof restoreMemoryBodySchema>;
export const restoreMemoryResponseSchema = z.object({
  success: z.literal(true),
  memory: memorySchema,
  /** The version the restore wrote. */
  version: z.number().int(),
});

/**
 * What one extraction did (SPEC §7.3), kept on each reply it covered as `metadata.memory_extraction`:
 * `outcome` in words (`added 1, updated 2`, `nothing new`, `failed: <reason>`) and the memories it touched.
 */
export const extractionOutcomeSchema = z.object({
  outcome: z.string(),
  added: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  /** Operations refused (they cited messages the model was not given, or memories it was not shown). */
  rejected: z.number(),
  at: z.string(),
});
export type ExtractionOutcome = z.infer<typeof extractionOutcomeSchema>;
