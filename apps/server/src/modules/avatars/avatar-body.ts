import type { FastifyInstance } from "fastify";
import { avatarTooLarge } from "../../errors/errors.js";

/**
 * Takes any request body of the plugin it is called in as raw bytes, up to `maxBytes` (413
 * `avatar_too_large` beyond, told by Content-Length before reading when it says so). What the bytes are
 * is decided from them, not from the Content-Type, so every type is read the same way.
 */
export function acceptRawImageBodies(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (request, payload, done) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      // The rest is not wanted: let it drain so the connection can carry the answer.
      payload.resume();
      done(avatarTooLarge(maxBytes), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    payload.on("data", (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (received > maxBytes) {
        failed = true;
        done(avatarTooLarge(maxBytes), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on("end", () => {
      if (!failed) done(null, Buffer.concat(chunks));
    });
    payload.on("error", (error) => {
      if (failed) return;
      failed = true;
      done(error, undefined);
    });
  });
}
