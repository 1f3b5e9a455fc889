import type { FastifyError, FastifyInstance } from "fastify";
import type { AppError } from "../../errors/app-error.js";
import { isUnexpected, toAppError } from "../../errors/to-app-error.js";
import type { OllamaErrorBody, OpenAiErrorBody } from "./model-api.schema.js";

/**
 * The product's coded errors (SPEC §6) in the shapes OpenAI and Ollama clients understand, from one
 * mapper. The status is the product's, but for `model_not_found`: here the model a client names is a
 * Locrit, which exists; the Locrit's own model missing on its model server is a gateway failure (502),
 * not a 404 that would tell the client the Locrit does not exist.
 */
export function modelApiStatus(error: AppError): number {
  return error.code === "model_not_found" ? 502 : error.status;
}

/** OpenAI's `error.type` for a status, as its API names them. */
function openAiType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** The first field a validation error names, as OpenAI's `param`. */
function paramOf(error: AppError): string | null {
  const fields = (error.details as { fields?: { field: string }[] } | undefined)?.fields;
  return fields?.[0]?.field ?? null;
}

export function toOpenAiError(error: AppError): OpenAiErrorBody {
  const type = openAiType(modelApiStatus(error));
  return { error: { message: error.message, type, code: error.code, param: paramOf(error) } };
}

export function toOllamaError(error: AppError): OllamaErrorBody {
  return { error: error.message, code: error.code };
}

/**
 * Answers every error of the routes registered in `app` (an encapsulated plugin) in one protocol's
 * shape: refusals of the request guard, malformed JSON, validation, and the chat's own failures.
 */
export function answerErrorsAs(app: FastifyInstance, present: (error: AppError) => object): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const error = toAppError(thrown);
    if (isUnexpected(error)) request.log.error({ err: thrown }, "unhandled error");
    else if (error.status >= 500) request.log.warn({ code: error.code, err: thrown }, error.message);
    return reply.status(modelApiStatus(error)).send(present(error));
  });
}
