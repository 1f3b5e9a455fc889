import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  apiTokenCreateBodySchema,
  apiTokenCreatedResponseSchema,
  apiTokenIdParamsSchema,
  apiTokenListResponseSchema,
  apiTokenResponseSchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { ApiTokensService } from "./api-tokens.service.js";
import { presentApiToken } from "./api-tokens.presenter.js";

const tags = ["auth"];

/** `/api/tokens` (SPEC §8.1): the owner's API tokens; the owner-only rule is the request guard's. */
export const apiTokenRoutes =
  (tokens: ApiTokensService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/tokens",
      {
        schema: {
          tags,
          summary: "Create an API token (its value is in this answer only)",
          body: apiTokenCreateBodySchema,
          response: { 201: apiTokenCreatedResponseSchema, ...errorResponses({ body: true, storage: true }) },
        },
      },
      async (request, reply) => {
        const { token, row } = await tokens.create(request.body);
        return reply.status(201).send({ success: true as const, token, api_token: presentApiToken(row) });
      },
    );

    app.get(
      "/api/tokens",
      {
        schema: {
          tags,
          summary: "List API tokens (revoked ones too), newest first",
          response: { 200: apiTokenListResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async () => ({ success: true as const, tokens: (await tokens.list()).map(presentApiToken) }),
    );

    app.delete(
      "/api/tokens/:id",
      {
        schema: {
          tags,
          summary: "Revoke an API token",
          params: apiTokenIdParamsSchema,
          response: {
            200: apiTokenResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["token_not_found"] }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        api_token: presentApiToken(await tokens.revoke(request.params.id)),
      }),
    );
  };
