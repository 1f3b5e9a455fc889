import { z } from "zod";
import { apiKeySchema } from "./locrit.js";

/** A model server the owner can add on /settings: Ollama or an OpenAI-compatible one (embedded runs in-process). */
export const modelServerProviderSchema = z.enum(["ollama", "openai-compatible"]);
export type ModelServerProvider = z.infer<typeof modelServerProviderSchema>;

/** The id of the model server the configuration names (OLLAMA_URL): not a stored row, never editable here. */
export const CONFIGURED_MODEL_SERVER_ID = "configured";

const baseUrlSchema = z.url({ protocol: /^https?$/, message: "base_url must be an http(s) URL" }).max(2_000);
const serverNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(100, "name must be at most 100 characters");
export const modelServerIdSchema = z.string().trim().min(1).max(100);

/**
 * A model server as the API answers it. `api_key` is write-only: answers say `api_key_set`.
 * `source`: `settings` (added in the UI), `environment` (set by the variable `fixed_by` when the server
 * starts) or `configuration` (the config file or the built-in default); only `settings` servers change here.
 */
export const modelServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: modelServerProviderSchema,
  base_url: z.string(),
  api_key_set: z.boolean(),
  is_default: z.boolean(),
  source: z.enum(["settings", "environment", "configuration"]),
  fixed_by: z.string().nullable(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type ModelServer = z.infer<typeof modelServerSchema>;

export const createModelServerBodySchema = z.strictObject({
  name: serverNameSchema,
  provider: modelServerProviderSchema,
  base_url: baseUrlSchema,
  api_key: apiKeySchema.optional(),
});
export type CreateModelServerBody = z.infer<typeof createModelServerBodySchema>;

/** Every field optional; `api_key` "" or null clears the stored key, absent keeps it. */
export const updateModelServerBodySchema = createModelServerBodySchema.partial();
export type UpdateModelServerBody = z.infer<typeof updateModelServerBodySchema>;

export const modelServerParamsSchema = z.object({ id: modelServerIdSchema });
export const setDefaultModelServerBodySchema = z.strictObject({ id: modelServerIdSchema });

export const modelServerResponseSchema = z.object({ success: z.literal(true), server: modelServerSchema });
export const modelServerListResponseSchema = z.object({
  success: z.literal(true),
  servers: z.array(modelServerSchema),
  default_id: z.string(),
});
