import type { ErrorCode } from "@locrit/protocol";

const statusByCode: Record<ErrorCode, number> = {
  validation_error: 400,
  invalid_json: 400,
  message_empty: 400,
  message_too_large: 400,
  confirmation_required: 400,
  not_found: 404,
  locrit_not_found: 404,
  session_not_found: 404,
  message_not_found: 404,
  message_not_last: 409,
  message_inactive: 409,
  memory_not_found: 404,
  memory_version_not_found: 404,
  import_format_unsupported: 400,
  conversation_not_found: 404,
  dialogue_not_found: 404,
  dialogue_limit_reached: 409,
  dialogue_not_running: 409,
  locrit_closed: 403,
  forbidden_origin: 403,
  forbidden_host: 403,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  password_already_set: 409,
  token_not_found: 404,
  model_server_not_found: 404,
  model_server_fixed: 409,
  avatar_not_found: 404,
  avatar_too_large: 413,
  avatar_unsupported_type: 415,
  unknown_event: 400,
  locrit_name_taken: 409,
  locrit_inactive: 409,
  memory_disabled: 409,
  payload_too_large: 413,
  llm_unavailable: 503,
  model_not_found: 404,
  llm_timeout: 504,
  llm_error: 502,
  storage_error: 503,
  internal_error: 500,
};

/** Errors that come from another process (model server, database) and may succeed when tried again. */
const retryableCodes = new Set<ErrorCode>(["llm_unavailable", "llm_timeout", "storage_error"]);

/**
 * An error with a stable code, an HTTP status and a message that is safe to show a client. Made by
 * the named factories in `errors.ts`, so each error reads the same wherever it is raised.
 */
export class AppError extends Error {
  readonly status: number;
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** What went wrong underneath (a driver error, a socket error): logged, never sent to a client. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = statusByCode[code];
    this.retryable = retryableCodes.has(code);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
