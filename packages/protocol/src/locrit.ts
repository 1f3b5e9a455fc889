import { z } from "zod";
import { LOCRIT_DESCRIPTION_MAX_LENGTH, LOCRIT_NAME_MAX_LENGTH, LOCRIT_PERSONALITY_MAX_LENGTH } from "./limits.js";

/** Any printable text (no control characters), trimmed, not a path segment like "." or "..". */
export const locritNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(LOCRIT_NAME_MAX_LENGTH, `name must be at most ${LOCRIT_NAME_MAX_LENGTH} characters`)
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "name must not contain control characters")
  .refine((name) => name !== "." && name !== "..", "name must not be '.' or '..'");

export const providerSchema = z.enum(["ollama", "openai-compatible", "embedded"]);
export type Provider = z.infer<typeof providerSchema>;

export const memoryServiceSchema = z.enum(["database", "plaintext_file", "disabled"]);
export type MemoryService = z.infer<typeof memoryServiceSchema>;

/** Whether the Locrit writes memories itself from its owner's conversations (SPEC §7.3). */
export const memoryExtractionSchema = z.enum(["auto", "off"]);
export type MemoryExtraction = z.infer<typeof memoryExtractionSchema>;

export const openToSchema = z.object({
  humans: z.boolean(),
  locrits: z.boolean(),
  invitations: z.boolean(),
  internet: z.boolean(),
  platform: z.boolean(),
});
export type OpenTo = z.infer<typeof openToSchema>;
export const DEFAULT_OPEN_TO: OpenTo = {
  humans: true,
  locrits: true,
  invitations: true,
  internet: false,
  platform: false,
};

export const accessToSchema = z.object({
  logs: z.boolean(),
  quick_memory: z.boolean(),
  full_memory: z.boolean(),
  llm_info: z.boolean(),
});
export type AccessTo = z.infer<typeof accessToSchema>;
export const DEFAULT_ACCESS_TO: AccessTo = { logs: true, quick_memory: true, full_memory: true, llm_info: true };

export const publicPageSchema = z.object({
  title: z.string().max(200),
  description: z.string().max(LOCRIT_DESCRIPTION_MAX_LENGTH),
  welcome_message: z.string().max(LOCRIT_DESCRIPTION_MAX_LENGTH),
  avatar: z.string().max(2_000),
  theme: z.string().max(100),
});
export type PublicPage = z.infer<typeof publicPageSchema>;
export const DEFAULT_PUBLIC_PAGE: PublicPage = {
  title: "",
  description: "",
  welcome_message: "",
  avatar: "",
  theme: "default",
};

const baseUrlSchema = z.url({ protocol: /^https?$/, message: "base_url must be an http(s) URL" }).max(2_000);

/**
 * The key an OpenAI-compatible server asks for, sent as `Authorization: Bearer <key>`. Write-only:
 * stored, never answered (a Locrit says `api_key_set`). `""` or null clears it. Printable ASCII
 * without spaces: it goes into an HTTP header as it is.
 */
export const apiKeySchema = z
  .string()
  .trim()
  .max(1_000, "api_key must be at most 1000 characters")
  .regex(/^[\x21-\x7e]*$/, "api_key must be printable ASCII without spaces")
  .nullable();

/** A Locrit as the API answers it. */
export const locritSchema = z.object({
  name: z.string(),
  description: z.string(),
  personality: z.string(),
  provider: providerSchema,
  base_url: z.string(),
  model: z.string(),
  memory_service: memoryServiceSchema,
  active: z.boolean(),
  open_to: openToSchema,
  access_to: accessToSchema,
  public_page: publicPageSchema,
  /** Whether an `api_key` is stored; the key itself is never answered. */
  api_key_set: z.boolean(),
  /** The model that embeds this Locrit's memory for semantic recall (SPEC §7.1); "" = the server's EMBEDDING_MODEL. */
  embedding_model: z.string(),
  /** `auto` (default): after each owner turn the Locrit's model is asked what to remember; `off`: never. */
  memory_extraction: memoryExtractionSchema,
  /** The uploaded avatar's URL (`PUT /api/locrits/{name}/avatar`), versioned so a new image is a new URL; null when none. */
  avatar: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Locrit = z.infer<typeof locritSchema>;

/** Fields a client may set; every one is optional on update. */
const editableFields = {
  description: z.string().max(LOCRIT_DESCRIPTION_MAX_LENGTH),
  personality: z.string().max(LOCRIT_PERSONALITY_MAX_LENGTH),
  provider: providerSchema,
  base_url: baseUrlSchema,
  model: z.string().trim().max(200),
  memory_service: memoryServiceSchema,
  active: z.boolean(),
  open_to: openToSchema.partial(),
  access_to: accessToSchema.partial(),
  public_page: publicPageSchema.partial(),
  api_key: apiKeySchema,
  embedding_model: z.string().trim().max(200),
  memory_extraction: memoryExtractionSchema,
  /** A model server added on /settings (or `configured`): its provider, URL and key become the Locrit's (a given `api_key` wins). */
  model_server_id: z.string().trim().min(1).max(100),
};

export const createLocritBodySchema = z.strictObject({
  name: locritNameSchema,
  ...z.object(editableFields).partial().shape,
});
export type CreateLocritBody = z.infer<typeof createLocritBodySchema>;

export const updateLocritBodySchema = z.strictObject({
  name: locritNameSchema.optional(),
  ...z.object(editableFields).partial().shape,
});
export type UpdateLocritBody = z.infer<typeof updateLocritBodySchema>;

export const renameLocritBodySchema = z.object({ new_name: locritNameSchema });
export type RenameLocritBody = z.infer<typeof renameLocritBodySchema>;

export const locritNameParamsSchema = z.object({ name: z.string().min(1) });

export const locritResponseSchema = z.object({ success: z.literal(true), locrit: locritSchema });
export const locritListResponseSchema = z.object({
  success: z.literal(true),
  locrits: z.object({ instances: z.record(z.string(), locritSchema) }),
});
export const deleteLocritResponseSchema = z.object({
  success: z.literal(true),
  locrit: locritSchema,
  deleted: z.object({ sessions: z.number(), messages: z.number() }),
});
export const renameLocritResponseSchema = locritResponseSchema.extend({
  old_name: z.string(),
  new_name: z.string(),
  message: z.string(),
});

/**
 * How far a Locrit's memory is embedded for semantic recall (SPEC §7.1): `off` (no embedding model),
 * `indexing` (a backfill is under way), `ready`, or `unavailable` (the embedding server fails; recall is
 * lexical until it answers). `indexed` of `total` messages and memories have a vector of `model`.
 */
export const embeddingStatusSchema = z.object({
  model: z.string(),
  state: z.enum(["off", "indexing", "ready", "unavailable"]),
  indexed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type EmbeddingStatus = z.infer<typeof embeddingStatusSchema>;

export const embeddingStatusResponseSchema = z.object({ success: z.literal(true), embeddings: embeddingStatusSchema });
