import type { z } from "zod";

/** The statuses the models API may answer besides 200, and what each means there. */
const meanings: Record<number, string> = {
  400: "Invalid request: malformed JSON, a wrong field, an empty or oversized message, a last message not the user's",
  403: "Refused: a request from a foreign web page or with a foreign Host header, or a Locrit closed to this caller",
  404: "No Locrit has this name (`locrit_not_found`)",
  409: "The Locrit is inactive (`locrit_inactive`)",
  413: "The request body is too large",
  500: "Something unexpected failed on the server (logged)",
  502: "The Locrit's model server failed, or lacks the Locrit's model (`llm_error`, `model_not_found`)",
  503: "The Locrit's model server or the storage is not available (`llm_unavailable`, `storage_error`)",
  504: "The Locrit's model server did not answer in time (`llm_timeout`)",
};

/** Error responses in one protocol's error shape, for the OpenAPI document. */
export function protocolErrorResponses(schema: z.ZodType, statuses: number[]) {
  return Object.fromEntries(
    [...new Set([403, 500, ...statuses])]
      .sort((left, right) => left - right)
      .map((status) => [status, { description: meanings[status]!, content: { "application/json": { schema } } }]),
  );
}

/** What a chat route may answer besides 200. */
export const CHAT_ERROR_STATUSES = [400, 404, 409, 413, 502, 503, 504];
/** What a route reading the Locrits list may answer besides 200. */
export const LIST_ERROR_STATUSES = [400, 503];

/** A 200 that is JSON, or a stream in the protocol's framing when the client asks for one. */
export function jsonOrStreamResponse(
  description: string,
  json: z.ZodType,
  streamType: string,
  streamSchema: z.ZodType,
) {
  return { description, content: { "application/json": { schema: json }, [streamType]: { schema: streamSchema } } };
}
