import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  listModelsQuerySchema,
  listModelsResponseSchema,
  testModelServerBodySchema,
  testModelServerResponseSchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { LocritService } from "../locrits/locrits.service.js";
import type { ModelServersService } from "../model-servers/model-servers.service.js";
import { testModelServer } from "./connection-test.js";
import { resolveModelServerTarget } from "./model-server-target.js";
import type { ProviderFactory } from "./provider-factory.js";

const tags = ["models"];

export interface ModelRoutesDependencies {
  providers: ProviderFactory;
  defaultBaseUrl: string;
  modelServers: ModelServersService;
  locrits: LocritService;
}

/** `GET /api/models` lists a model server's models; `POST /api/models/test` checks a connection. */
export const modelRoutes =
  ({ providers, ...dependencies }: ModelRoutesDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/models",
      {
        schema: {
          tags,
          summary: "A model server's models",
          querystring: listModelsQuerySchema,
          response: {
            200: listModelsResponseSchema,
            ...errorResponses({
              input: true,
              model: true,
              notFound: true,
              codes: ["model_server_not_found"],
            }),
          },
        },
      },
      async (request) => {
        const { provider, baseUrl, apiKey } = await resolveModelServerTarget(request.query, dependencies);
        const models = await providers({ provider, baseUrl, apiKey }).listModels();
        return { success: true as const, provider, base_url: baseUrl, models, count: models.length };
      },
    );

    app.post(
      "/api/models/test",
      {
        schema: {
          tags,
          summary: "Test a model server connection",
          body: testModelServerBodySchema,
          response: {
            200: testModelServerResponseSchema,
            ...errorResponses({ body: true, notFound: true, codes: ["model_server_not_found"] }),
          },
        },
      },
      async (request) => {
        const target = await resolveModelServerTarget(request.body, dependencies);
        return testModelServer({ providers, ...target, model: request.body.model });
      },
    );
  };
