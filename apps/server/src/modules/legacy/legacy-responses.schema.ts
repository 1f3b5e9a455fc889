import {
  accessToSchema,
  errorBodySchema,
  memoryServiceSchema,
  messageSchema,
  messageStatusSchema,
  openToSchema,
  providerSchema,
  publicPageSchema,
} from "@locrit/protocol";
import { z } from "zod";

/*
 * The answers of the original's routes, documented as they are (their clients read these keys).
 * Loose objects: the response serializer must never strip a key an original client may read.
 */

const ok = z.literal(true);

/** A Locrit under the original's `settings` key names. */
const legacySettingsSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  personality: z.string(),
  ollama_model: z.string(),
  ollama_url: z.string(),
  provider: providerSchema,
  memory_service: memoryServiceSchema,
  active: z.boolean(),
  public_address: z.null(),
  open_to: openToSchema,
  access_to: accessToSchema,
  public_page: publicPageSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

export const legacySettingsResponseSchema = z.looseObject({ success: ok, settings: legacySettingsSchema });
export const legacySettingsUpdateResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  settings: legacySettingsSchema,
});
export const legacyCreateResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  locrit: z.looseObject({ name: z.string(), settings: legacySettingsSchema }),
});
export const legacyToggleResponseSchema = z.looseObject({ success: ok, active: z.boolean(), message: z.string() });
export const legacyDeleteResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  deleted: z.looseObject({ sessions: z.number(), messages: z.number() }),
});

export const legacyConfigResponseSchema = z.looseObject({
  success: ok,
  config: z.looseObject({
    ollama: z.looseObject({ base_url: z.string(), default_model: z.string(), timeout: z.number() }),
    network: z.looseObject({ api_server: z.looseObject({ host: z.string(), port: z.number() }) }),
    memory: z.looseObject({ data_dir: z.string(), storage: z.enum(["sqlite", "postgres"]) }),
    ui: z.looseObject({ theme: z.string() }),
  }),
});
export const legacyPingResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  timestamp: z.string(),
  version: z.string(),
});

export const legacyOllamaModelsResponseSchema = z.looseObject({
  success: ok,
  models: z.array(z.looseObject({ name: z.string(), modified_at: z.string().nullable(), size: z.number().nullable() })),
  total_models: z.number(),
  ollama_url: z.string(),
});
/** A model-server failure keeps `models` (empty) beside the coded error: the original's clients read it. */
export const legacyOllamaModelsFailureSchema = errorBodySchema.extend({
  models: z.array(z.unknown()).max(0),
  total_models: z.literal(0),
  ollama_url: z.string(),
});
export const legacyOllamaStatusResponseSchema = z.looseObject({
  success: ok,
  status: z.enum(["connected", "disconnected"]),
  models_count: z.number(),
  url: z.string(),
  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
});
export const legacyTestOllamaResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  models: z.array(z.string()),
  total_models: z.number(),
  tested_url: z.string(),
});
export const legacyTestOllamaFailureSchema = errorBodySchema.extend({ tested_url: z.string() });

export const legacyDeleteSessionResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  deleted: z.looseObject({ messages: z.number() }),
});
export const legacyStoreConversationResponseSchema = z.looseObject({
  success: ok,
  message: z.string(),
  details: z.looseObject({ total_processed: z.number(), memories_stored: z.number(), decisions: z.array(z.unknown()) }),
});

const conversationListItemSchema = z.looseObject({
  conversation_id: z.string(),
  locrit_name: z.string(),
  user_id: z.string(),
  created_at: z.string(),
  last_activity: z.string(),
  message_count: z.number(),
  status: z.enum(["active", "deleted"]),
});
const conversationInfoSchema = conversationListItemSchema.extend({
  session_id: z.string(),
  metadata: z.record(z.string(), z.unknown()),
});

export const legacyConversationCreatedResponseSchema = z.looseObject({
  success: ok,
  conversation_id: z.string(),
  locrit_name: z.string(),
  user_id: z.string(),
  created_at: z.string(),
  session_id: z.string(),
});
export const legacyConversationReplyResponseSchema = z.looseObject({
  success: ok,
  response: z.string(),
  conversation_id: z.string(),
  session_id: z.string(),
  locrit_name: z.string(),
  model: z.string(),
  timestamp: z.string(),
  message_count: z.number(),
  user_message_id: z.string(),
  assistant_message_id: z.string(),
  status: messageStatusSchema,
});
export const legacyConversationInfoResponseSchema = conversationInfoSchema.extend({ success: ok });
export const legacyConversationHistoryResponseSchema = conversationInfoSchema.extend({
  success: ok,
  messages: z.array(messageSchema),
});
export const legacyConversationListResponseSchema = z.looseObject({
  success: ok,
  conversations: z.array(conversationListItemSchema),
  count: z.number(),
});
export const legacyConversationDeletedResponseSchema = z.looseObject({ success: ok, message: z.string() });
