import { z } from "zod";
import { errorCodeSchema } from "./errors.js";
import { providerSchema } from "./locrit.js";

const baseUrlSchema = z.url({ protocol: /^https?$/, message: "base_url must be an http(s) URL" }).max(2_000);

/** `GET /api/models?provider=&base_url=`: a model server's models (defaults: ollama at OLLAMA_URL). */
export const listModelsQuerySchema = z.object({
  provider: providerSchema.default("ollama"),
  base_url: baseUrlSchema.optional(),
  /** A model server added on /settings: its provider, URL and stored `api_key` (the other fields are ignored). */
  server_id: z.string().trim().min(1).max(100).optional(),
  /** A Locrit's server: its stored `api_key` goes with the request when `provider` and `base_url` are its own. */
  locrit: z.string().trim().min(1).max(200).optional(),
});

export const modelInfoSchema = z.object({
  name: z.string(),
  size: z.number().optional(),
  modified_at: z.string().optional(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const listModelsResponseSchema = z.object({
  success: z.literal(true),
  provider: providerSchema,
  base_url: z.string(),
  models: z.array(modelInfoSchema),
  count: z.number(),
});

/** `POST /api/models/test`: can we reach this server (and does it have this model)? */
export const testModelServerBodySchema = z.object({
  provider: providerSchema.default("ollama"),
  base_url: baseUrlSchema.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  /** As in `GET /api/models`: a stored server's settings and key, or a Locrit's key for its own server. */
  server_id: z.string().trim().min(1).max(100).optional(),
  locrit: z.string().trim().min(1).max(200).optional(),
});

/** A failed connection is a successful test: `ok: false` with the coded reason. */
export const testModelServerResponseSchema = z.object({
  success: z.literal(true),
  ok: z.boolean(),
  provider: providerSchema,
  base_url: z.string(),
  latency_ms: z.number(),
  models_count: z.number().optional(),
  model_available: z.boolean().optional(),
  error: z.object({ code: errorCodeSchema, message: z.string() }).optional(),
});
export type TestModelServerResponse = z.infer<typeof testModelServerResponseSchema>;
