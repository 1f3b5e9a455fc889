import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { locritNameParamsSchema, locritResponseSchema } from "@locrit/protocol";
import { avatarUnsupportedType, locritClosed } from "../../errors/errors.js";
import { errorResponses } from "../docs/openapi-responses.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { presentLocrit } from "../locrits/locrits.presenter.js";
import { acceptRawImageBodies } from "./avatar-body.js";
import { AVATAR_TYPES } from "./avatar-image.js";
import type { AvatarsService } from "./avatars.service.js";

const tags = ["avatars"];
const imageTypes = Object.keys(AVATAR_TYPES);
const binary = z.string().meta({ format: "binary" });
const imageContent = Object.fromEntries(imageTypes.map((type) => [type, { schema: binary }]));
const avatarQuerySchema = z.object({ v: z.string().max(100).optional() });

const imageResponse = {
  description: "The image, with its type; `304` when `If-None-Match` names it",
  content: imageContent,
};

/**
 * `/api/locrits/{name}/avatar` (PUT a raw PNG, JPEG, WebP or GIF body; GET; DELETE) and its public twin
 * `/public/api/{name}/avatar`, served only while the Locrit is open to the internet (SPEC §8.4's page).
 */
export const avatarRoutes =
  ({ avatars, locrits }: { avatars: AvatarsService; locrits: LocritService }): FastifyPluginAsyncZod =>
  async (app) => {
    acceptRawImageBodies(app, avatars.maxBytes);

    /** Sends the image: kept for good when the URL names its current version, else checked each time. */
    const sendAvatar = async (
      locrit: LocritRow,
      request: { query: { v?: string }; headers: FastifyRequest["headers"] },
      reply: FastifyReply,
      scope: "private" | "public",
    ) => {
      const { image, type, fileName } = await avatars.getAvatar(locrit);
      const etag = `"${fileName}"`;
      const current = request.query.v !== undefined && fileName.includes(`-${request.query.v}.`);
      reply
        .header("etag", etag)
        .header("cache-control", current ? `${scope}, max-age=31536000, immutable` : `${scope}, no-cache`)
        .header("x-content-type-options", "nosniff");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.type(type).send(image);
    };

    app.put(
      "/api/locrits/:name/avatar",
      {
        schema: {
          tags,
          summary: `Upload a Locrit's avatar: the raw image as the body (PNG, JPEG, WebP or GIF, by its bytes; at most ${avatars.maxBytes} bytes)`,
          params: locritNameParamsSchema,
          response: {
            200: locritResponseSchema,
            ...errorResponses({
              body: true,
              notFound: true,
              storage: true,
              codes: ["avatar_too_large", "avatar_unsupported_type"],
            }),
          },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw avatarUnsupportedType();
        const locrit = await avatars.setAvatar({ name: request.params.name, image: request.body });
        return { success: true as const, locrit: presentLocrit(locrit) };
      },
    );

    app.get(
      "/api/locrits/:name/avatar",
      {
        schema: {
          tags,
          summary: "A Locrit's avatar image",
          params: locritNameParamsSchema,
          querystring: avatarQuerySchema,
          response: {
            200: imageResponse,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["avatar_not_found"] }),
          },
        },
      },
      async (request, reply) => sendAvatar(await locrits.getLocrit(request.params.name), request, reply, "private"),
    );

    app.delete(
      "/api/locrits/:name/avatar",
      {
        schema: {
          tags,
          summary: "Remove a Locrit's avatar",
          params: locritNameParamsSchema,
          response: {
            200: locritResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true, codes: ["avatar_not_found"] }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        locrit: presentLocrit(await avatars.removeAvatar(request.params.name)),
      }),
    );

    app.get(
      "/public/api/:name/avatar",
      {
        schema: {
          tags,
          summary: "A Locrit's avatar for its public page (403 locrit_closed unless it is open to the internet)",
          params: locritNameParamsSchema,
          querystring: avatarQuerySchema,
          response: {
            200: imageResponse,
            ...errorResponses({
              input: true,
              notFound: true,
              storage: true,
              codes: ["avatar_not_found", "locrit_closed"],
            }),
          },
        },
      },
      async (request, reply) => {
        const locrit = await locrits.getLocrit(request.params.name);
        if (!locrit.open_to.internet) throw locritClosed(locrit.name, "the internet");
        return sendAvatar(locrit, request, reply, "public");
      },
    );
  };
