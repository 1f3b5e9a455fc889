import type { ServerResponse } from "node:http";
import type { FastifyReply } from "fastify";

/**
 * Takes a reply over from Fastify to stream it (SSE, NDJSON): headers already set on the reply (CORS, a
 * session id) are kept, buffering proxies are told not to hold it back. Write frames to what it returns.
 */
export function openStreamResponse(reply: FastifyReply, contentType: string): ServerResponse {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = String(value);
  raw.writeHead(200, {
    ...headers,
    "content-type": contentType,
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  return raw;
}
