import { errorResponses } from "../docs/openapi-responses.js";

/**
 * The documented errors of every chat route (REST and v1): what a turn can fail with before its
 * stream starts. Once an SSE stream has started, an error is its final frame instead.
 */
export const chatErrors = errorResponses({
  body: true,
  notFound: true,
  conflict: true,
  storage: true,
  model: true,
  codes: ["message_empty", "message_too_large", "locrit_closed"],
});
