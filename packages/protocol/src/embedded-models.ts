import { z } from "zod";

/** SPEC §11: a model URI downloaded into DATA_DIR/models. */
export const HF_MODEL_URI_PATTERN = /^hf:[\w.-]+\/[\w.-]+\/(?:[\w.-]+\/)*[\w.-]+\.gguf$/i;

export const modelDownloadBodySchema = z.object({
  model: z
    .string()
    .trim()
    .max(500)
    .regex(HF_MODEL_URI_PATTERN, "A model URI looks like hf:<user>/<repo>/<file>.gguf")
    .refine((uri) => !uri.includes(".."), "A model URI cannot climb folders"),
});

export const modelDownloadSchema = z.object({
  model: z.string(),
  state: z.enum(["downloading", "done", "failed"]),
  received_bytes: z.number().int().nonnegative(),
  /** Unknown until the source says. */
  total_bytes: z.number().int().nonnegative().nullable(),
  /** Whether the file was checked against the checksum its source gave. */
  verified: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const recommendedModelSchema = z.object({
  model: z.string(),
  name: z.string(),
  size_bytes: z.number().int().positive(),
  licence: z.string(),
  description: z.string(),
});

export const embeddedMemorySchema = z.object({
  /** False once node-llama-cpp's binaries failed to load here; `error` says why. */
  available: z.boolean(),
  error: z.string().optional(),
  rss_bytes: z.number().int().nonnegative(),
  loaded_models: z.array(
    z.object({
      file: z.string(),
      size_bytes: z.number().int().nonnegative(),
      running_turns: z.number().int().nonnegative(),
      queued_turns: z.number().int().nonnegative(),
    }),
  ),
  /** Models being loaded now: `progress` from 0 to 1. */
  loading_models: z.array(z.object({ file: z.string(), progress: z.number().min(0).max(1) })),
});

export const embeddedStatusResponseSchema = embeddedMemorySchema.extend({
  success: z.literal(true),
  downloads: z.array(modelDownloadSchema),
  recommended: recommendedModelSchema,
});

export const modelDownloadResponseSchema = z.object({ success: z.literal(true), download: modelDownloadSchema });

export type ModelDownloadBody = z.infer<typeof modelDownloadBodySchema>;
export type ModelDownload = z.infer<typeof modelDownloadSchema>;
export type RecommendedModel = z.infer<typeof recommendedModelSchema>;
export type EmbeddedMemory = z.infer<typeof embeddedMemorySchema>;
export type EmbeddedStatusResponse = z.infer<typeof embeddedStatusResponseSchema>;
