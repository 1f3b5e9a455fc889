import {
  accessToSchema,
  locritNameSchema,
  memoryServiceSchema,
  openToSchema,
  publicPageSchema,
} from "@locrit/protocol";
import { z } from "zod";

/** The original's memory types; the ones this system does not have map to the database service. */
export const legacyMemoryServiceSchema = z
  .enum(["database", "plaintext_file", "disabled", "kuzu_graph", "lancedb_langchain", "lancedb_mcp", "basic_memory"])
  .transform((value) =>
    memoryServiceSchema.safeParse(value).success ? (value as z.infer<typeof memoryServiceSchema>) : "database",
  );

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

/**
 * `PUT /api/locrits/{name}/config`: the original UI sends the whole settings object back, so unknown keys
 * (created_at, …) are ignored; the keys it knows are validated like the native PATCH.
 */
export const legacyConfigBodySchema = z.looseObject({
  description: z.string().max(4_000).optional(),
  personality: z.string().max(32_000).optional(),
  ollama_model: z.string().trim().max(200).optional(),
  ollama_url: httpUrl.optional(),
  memory_service: legacyMemoryServiceSchema.optional(),
  active: z.boolean().optional(),
  open_to: openToSchema.partial().optional(),
  access_to: accessToSchema.partial().optional(),
  public_page: publicPageSchema.partial().optional(),
});
export type LegacyConfigBody = z.infer<typeof legacyConfigBodySchema>;

/** `POST /api/create-locrit`: flat booleans as the original form sends them. */
export const legacyCreateBodySchema = z.looseObject({
  name: locritNameSchema,
  description: z.string().trim().min(1, "description is required").max(4_000),
  model: z.string().trim().min(1, "model is required").max(200),
  ollama_url: httpUrl.optional(),
  public_address: z.string().nullish(),
  memory_service: legacyMemoryServiceSchema.optional(),
  humans: z.boolean().default(true),
  locrits: z.boolean().default(true),
  invitations: z.boolean().default(true),
  internet: z.boolean().default(false),
  platform: z.boolean().default(false),
  logs: z.boolean().default(true),
  quick_memory: z.boolean().default(true),
  full_memory: z.boolean().default(false),
  llm_info: z.boolean().default(true),
});
