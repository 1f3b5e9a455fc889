import { AppError } from "./app-error.js";

/**
 * Every error the server raises, by name: the one place where codes meet their messages. Messages are
 * safe to show a client; what went wrong underneath travels as `cause` (logged, never sent).
 */

export interface FieldProblem {
  field: string;
  message: string;
}

type Cause = { cause?: unknown };

// Bad input
export const validationError = (message: string, fields?: FieldProblem[]) =>
  new AppError("validation_error", message, fields ? { fields } : undefined);
export const invalidJson = () => new AppError("invalid_json", "The request body is not valid JSON.");
export const payloadTooLarge = (message = "The request body is too large.") =>
  new AppError("payload_too_large", message);
export const messageEmpty = () =>
  new AppError("message_empty", "message: the message is empty.", {
    fields: [{ field: "message", message: "must not be empty" }],
  });
export const messageTooLarge = (what: string, bytes: number, limit: number) =>
  new AppError("message_too_large", `${what}: the message is ${bytes} bytes; the limit is ${limit}.`, {
    fields: [{ field: what, message: `at most ${limit} bytes` }],
  });
export const contentTooLarge = (field: string, limit: number) =>
  new AppError("message_too_large", `${field} is larger than ${limit} bytes.`, {
    fields: [{ field, message: "too large" }],
  });
export const confirmationRequired = (message: string, fields?: FieldProblem[]) =>
  new AppError("confirmation_required", message, fields ? { fields } : undefined);
export const unknownEvent = (name: string) => new AppError("unknown_event", `Unknown event '${name}'.`);

// Not found
export const routeNotFound = (method: string, path: string) =>
  new AppError("not_found", `No route for ${method} ${path}.`);
export const notFound = (message: string) => new AppError("not_found", message);
export const locritNotFound = (name: string) => new AppError("locrit_not_found", `No Locrit is named '${name}'.`);
export const sessionNotFound = (sessionId: string) =>
  new AppError("session_not_found", `No session '${sessionId}' for this Locrit.`);
export const messageNotFound = (id: string) => new AppError("message_not_found", `No message '${id}' for this Locrit.`);
/** Regenerating (or retrying) answers only the session's last turn. */
export const messageNotLast = (id: string) =>
  new AppError(
    "message_not_last",
    `Message '${id}' is not the last reply of its session; only the last one can be regenerated.`,
  );
/** Editing or activating a message that is not part of the conversation shown now. */
export const messageInactive = (id: string) =>
  new AppError(
    "message_inactive",
    `Message '${id}' is not part of the conversation now; activate the message its branch follows first.`,
  );
export const memoryNotFound = (id: string) => new AppError("memory_not_found", `No memory '${id}' for this Locrit.`);
export const memoryVersionNotFound = (id: string, version: number) =>
  new AppError("memory_version_not_found", `Memory '${id}' has no version ${version}.`);
export const importFormatUnsupported = (found: unknown, supported: number) =>
  new AppError(
    "import_format_unsupported",
    `This file has format version ${String(found)}; this server reads format version ${supported} and older. Update the server to import it.`,
    { format_version: found, supported_format_version: supported },
  );
export const conversationNotFound = (id: string) =>
  new AppError("conversation_not_found", `No conversation has the id '${id}'.`);
export const dialogueNotFound = (id: string) => new AppError("dialogue_not_found", `No dialogue has the id '${id}'.`);

// State
export const locritNameTaken = (name: string) =>
  new AppError("locrit_name_taken", `A Locrit named '${name}' already exists (names are case-insensitive).`);
export const locritInactive = (name: string) =>
  new AppError("locrit_inactive", `The Locrit '${name}' is not active; activate it to chat.`);
export const memoryDisabled = (message: string) => new AppError("memory_disabled", message);
export const dialogueLimitReached = (limit: number) =>
  new AppError(
    "dialogue_limit_reached",
    `${limit} dialogues are running already (MAX_RUNNING_DIALOGUES); stop or pause one, then try again.`,
    { max_running_dialogues: limit },
  );
export const dialogueNotRunning = (id: string, status: string, action: string) =>
  new AppError("dialogue_not_running", `The dialogue '${id}' is ${status}; it cannot be ${action}.`, { status });

// Who may call
export const locritClosed = (name: string, audience: string) =>
  new AppError("locrit_closed", `The Locrit '${name}' is not open to ${audience}.`);
export const forbiddenOrigin = (origin: string) =>
  new AppError("forbidden_origin", "Requests from this origin are not allowed; add it to CORS_ORIGINS to allow it.", {
    origin,
  });
export const forbiddenHost = (host: string | undefined) =>
  new AppError(
    "forbidden_host",
    "This server answers only to loopback addresses and the hosts listed in ALLOWED_HOSTS.",
    { host },
  );
export const unauthenticated = (message = "Log in or present an API token (Authorization: Bearer).") =>
  new AppError("unauthenticated", message);
export const wrongPassword = () => unauthenticated("The password is not right.");
export const setupTokenInvalid = () =>
  unauthenticated(
    "The setup token is not valid (it dies when used; a restart prints a new one while no password is set).",
  );
export const passwordAlreadySet = () =>
  new AppError(
    "password_already_set",
    "The owner password is already set; log in, or change it with `npm run locrit -- set-password`.",
  );
export const callerForbidden = (message: string) => new AppError("forbidden", message);
export const tokenNotFound = (id: string) => new AppError("token_not_found", `No API token has the id '${id}'.`);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError("rate_limited", `Too many failed attempts; try again in ${retryAfterSeconds} s.`, {
    retry_after_seconds: retryAfterSeconds,
  });
export const visitorRateLimited = (retryAfterSeconds: number) =>
  new AppError("rate_limited", `Too many messages; try again in ${retryAfterSeconds} s.`, {
    retry_after_seconds: retryAfterSeconds,
  });

// Model servers
export const llmUnavailable = (message: string, options?: Cause) =>
  new AppError("llm_unavailable", message, undefined, options);
export const modelServerUnreachable = (url: URL, why: string, options?: Cause) =>
  llmUnavailable(`The model server at ${url.origin} is not reachable (${why}).`, options);
export const modelNotFound = (model: string, detail: string) =>
  new AppError("model_not_found", `The model '${model}' is not available on the model server: ${detail}`);
export const llmTimeout = (message: string) => new AppError("llm_timeout", message);
export const llmError = (message: string, options?: Cause) => new AppError("llm_error", message, undefined, options);
// In-process models (SPEC §11)
export const embeddedModelMissing = (model: string) =>
  modelNotFound(model, "no such model file here (a model URI is downloaded from the dashboard first).");
export const embeddedModelUnreadable = (model: string, why: string, options?: Cause) =>
  llmError(`The model file '${model}' could not be loaded: ${why}`, options);
export const modelDownloadFailed = (message: string, options?: Cause) => llmError(message, options);

// Settings: model servers added in the UI, avatars
export const modelServerNotFound = (id: string) =>
  new AppError("model_server_not_found", `No model server has the id '${id}'.`);
export const modelServerFixed = (variable: string) =>
  new AppError(
    "model_server_fixed",
    `This model server is set by ${variable} when the server starts; change it there, not in the settings.`,
    { variable },
  );
export const avatarNotFound = (name: string) => new AppError("avatar_not_found", `The Locrit '${name}' has no avatar.`);
export const avatarTooLarge = (limit: number) =>
  new AppError("avatar_too_large", `The image is larger than ${limit} bytes, the avatar limit.`, {
    limit_bytes: limit,
  });
export const avatarUnsupportedType = () =>
  new AppError("avatar_unsupported_type", "An avatar must be a PNG, JPEG, WebP or GIF image.", {
    accepted: ["image/png", "image/jpeg", "image/webp", "image/gif"],
  });

// The server itself
export const storageError = (message = "Storage is not available; nothing was changed.", options?: Cause) =>
  new AppError("storage_error", message, undefined, options);
export const internalError = (options?: Cause) =>
  new AppError("internal_error", "Something went wrong on the server.", undefined, options);
