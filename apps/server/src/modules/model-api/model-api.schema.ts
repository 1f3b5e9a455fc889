import { z } from "zod";
import { sessionIdSchema } from "@locrit/protocol";

/**
 * The wire shapes of the models API (SPEC §10): the parts of OpenAI's and Ollama's chat protocols a
 * client sends and reads. Requests are validated here; unknown fields (temperature, tools, options…)
 * are accepted and ignored, as a Locrit answers with its own model and settings.
 */

/** `model` is a Locrit's name, matched case-insensitively. */
const modelNameSchema = z.string().trim().min(1, "model must name a Locrit");

/** A session named by the client: `X-Session-Id` wins over the body's `user`. */
export const modelApiHeadersSchema = z.looseObject({ "x-session-id": sessionIdSchema.optional() });

// --- OpenAI ---

const openAiTextPartSchema = z.object({ type: z.literal("text"), text: z.string() });
const openAiOtherPartSchema = z.looseObject({ type: z.string() });
export const openAiContentSchema = z
  .union([z.string(), z.array(z.union([openAiTextPartSchema, openAiOtherPartSchema])), z.null()])
  .optional();

export const openAiChatBodySchema = z.looseObject({
  model: modelNameSchema,
  messages: z
    .array(z.looseObject({ role: z.string().min(1), content: openAiContentSchema }))
    .min(1, "messages must hold at least the user's message"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  /** OpenAI's end-user id: the session when no `X-Session-Id` names one. */
  user: z.string().max(512).nullish(),
});
export type OpenAiChatBody = z.infer<typeof openAiChatBodySchema>;

const openAiUsageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});
export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;

export const openAiModelSchema = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.number(),
  owned_by: z.string(),
});
export const openAiModelListSchema = z.object({ object: z.literal("list"), data: z.array(openAiModelSchema) });

export const openAiCompletionSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null() }),
      logprobs: z.null(),
      finish_reason: z.enum(["stop", "length"]),
    }),
  ),
  usage: openAiUsageSchema,
});
export type OpenAiCompletion = z.infer<typeof openAiCompletionSchema>;

export interface OpenAiChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: "assistant"; content?: string };
    finish_reason: "stop" | "length" | null;
  }[];
  usage?: OpenAiUsage | null;
}

/** OpenAI's error shape; `code` is the product's stable code (SPEC §6). */
export const openAiErrorBodySchema = z.object({
  error: z.object({ message: z.string(), type: z.string(), code: z.string(), param: z.string().nullable() }),
});
export type OpenAiErrorBody = z.infer<typeof openAiErrorBodySchema>;

// --- Ollama ---

export const ollamaChatBodySchema = z.looseObject({
  model: modelNameSchema,
  messages: z
    .array(
      z.looseObject({
        role: z.string().min(1),
        content: z.string().optional(),
        images: z.array(z.string()).nullish(),
      }),
    )
    .min(1, "messages must hold at least the user's message"),
  /** Ollama streams unless told not to. */
  stream: z.boolean().nullish(),
});
export type OllamaChatBody = z.infer<typeof ollamaChatBodySchema>;

/** `model`, or `name` as older clients send it. */
export const ollamaShowBodySchema = z
  .looseObject({ model: modelNameSchema.optional(), name: modelNameSchema.optional() })
  .refine((body) => body.model !== undefined || body.name !== undefined, {
    message: "model must name a Locrit",
    path: ["model"],
  });

const ollamaDetailsSchema = z.object({
  parent_model: z.string(),
  format: z.string(),
  family: z.string(),
  families: z.array(z.string()),
  parameter_size: z.string(),
  quantization_level: z.string(),
});

export const ollamaTagsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      model: z.string(),
      modified_at: z.string(),
      size: z.number(),
      digest: z.string(),
      details: ollamaDetailsSchema,
    }),
  ),
});

export const ollamaShowSchema = z.object({
  license: z.string(),
  modelfile: z.string(),
  parameters: z.string(),
  template: z.string(),
  system: z.string(),
  details: ollamaDetailsSchema,
  model_info: z.record(z.string(), z.unknown()),
  capabilities: z.array(z.string()),
  modified_at: z.string(),
});

export const ollamaChatResponseSchema = z.object({
  model: z.string(),
  created_at: z.string(),
  message: z.object({ role: z.literal("assistant"), content: z.string() }),
  done: z.boolean(),
  done_reason: z.string().optional(),
  total_duration: z.number().optional(),
  load_duration: z.number().optional(),
  prompt_eval_count: z.number().optional(),
  prompt_eval_duration: z.number().optional(),
  eval_count: z.number().optional(),
  eval_duration: z.number().optional(),
});
export type OllamaChatResponse = z.infer<typeof ollamaChatResponseSchema>;

export const ollamaVersionSchema = z.object({ version: z.string() });

/** Ollama's error shape (`error` is a string, which its clients show as is), with the product's code beside it. */
export const ollamaErrorBodySchema = z.object({ error: z.string(), code: z.string() });
export type OllamaErrorBody = z.infer<typeof ollamaErrorBodySchema>;
