import { z } from "zod";

/** Every machine-readable error code the API can answer with (REST `error.code`, socket.io `error.code`). */
export const errorCodes = [
  "validation_error",
  "invalid_json",
  "not_found",
  "locrit_not_found",
  "locrit_name_taken",
  "locrit_inactive",
  "locrit_closed",
  "session_not_found",
  "message_not_found",
  "message_not_last",
  "message_inactive",
  "memory_not_found",
  "memory_version_not_found",
  "conversation_not_found",
  "dialogue_not_found",
  "dialogue_limit_reached",
  "dialogue_not_running",
  "memory_disabled",
  "confirmation_required",
  "import_format_unsupported",
  "message_empty",
  "message_too_large",
  "llm_unavailable",
  "model_not_found",
  "llm_timeout",
  "llm_error",
  "storage_error",
  "payload_too_large",
  "forbidden_origin",
  "forbidden_host",
  "forbidden",
  "unauthenticated",
  "rate_limited",
  "password_already_set",
  "token_not_found",
  "model_server_not_found",
  "model_server_fixed",
  "avatar_not_found",
  "avatar_too_large",
  "avatar_unsupported_type",
  "unknown_event",
  "internal_error",
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
