import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createModelServerBodySchema,
  modelServerListResponseSchema,
  modelServerParamsSchema,
  modelServerResponseSchema,
  setDefaultModelServerBodySchema,
  testModelServerResponseSchema,
  updateModelServerBodySchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import { testModelServer } from "../models/connection-test.js";
import type { ProviderFactory } from "../models/provider-factory.js";
import { presentModelServer } from "./model-servers.presenter.js";
import type { ModelServerEntry, ModelServersService } from "./model-servers.service.js";

const tags = ["model servers"];
const missing = { notFound: true, codes: ["model_server_not_found" as const] };
/** Changes only a server added here: the configured one answers 409 `model_server_fixed`. */
const storedOnly = errorResponses({
  body: true,
  storage: true,
  notFound: true,
  conflict: true,
  codes: ["model_server_not_found", "model_server_fixed"],
});

/**
 * `/api/model-servers`: the model servers of /settings (owner only, as every /api route but v1): list,
 * add, change, remove, test, and choose the default. The configured one (OLLAMA_URL) is listed, never changed.
 */
export const modelServerRoutes =
  ({
    modelServers,
    providers,
  }: {
    modelServers: ModelServersService;
    providers: ProviderFactory;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const present = async (server: ModelServerEntry) => {
      const { defaultId } = await modelServers.list();
      return presentModelServer(server, { defaultId, configured: modelServers.configured });
    };

    app.get(
      "/api/model-servers",
      {
        schema: {
          tags,
          summary: "List model servers (the configured one first) and the default",
          response: { 200: modelServerListResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async () => {
        const { servers, defaultId } = await modelServers.list();
        const context = { defaultId, configured: modelServers.configured };
        return {
          success: true as const,
          servers: servers.map((server) => presentModelServer(server, context)),
          default_id: defaultId,
        };
      },
    );

    app.post(
      "/api/model-servers",
      {
        schema: {
          tags,
          summary: "Add a model server (its api_key is stored, never answered)",
          body: createModelServerBodySchema,
          response: { 201: modelServerResponseSchema, ...errorResponses({ body: true, storage: true }) },
        },
      },
      async (request, reply) => {
        const server = await modelServers.create(request.body);
        return reply.status(201).send({ success: true as const, server: await present(server) });
      },
    );

    app.put(
      "/api/model-servers/default",
      {
        schema: {
          tags,
          summary: "Choose the default model server (new Locrits start with it)",
          body: setDefaultModelServerBodySchema,
          response: { 200: modelServerResponseSchema, ...errorResponses({ body: true, storage: true, ...missing }) },
        },
      },
      async (request) => {
        await modelServers.setDefault(request.body.id);
        return { success: true as const, server: await present(await modelServers.get(request.body.id)) };
      },
    );

    app.patch(
      "/api/model-servers/:id",
      {
        schema: {
          tags,
          summary: "Change a model server added here (409 model_server_fixed for the configured one)",
          params: modelServerParamsSchema,
          body: updateModelServerBodySchema,
          response: {
            200: modelServerResponseSchema,
            ...storedOnly,
          },
        },
      },
      async (request) => ({
        success: true as const,
        server: await present(await modelServers.update({ id: request.params.id, changes: request.body })),
      }),
    );

    app.delete(
      "/api/model-servers/:id",
      {
        schema: {
          tags,
          summary: "Remove a model server added here (Locrits using it keep their URL and key)",
          params: modelServerParamsSchema,
          response: {
            200: modelServerResponseSchema,
            ...storedOnly,
          },
        },
      },
      async (request) => {
        const removed = await modelServers.remove(request.params.id);
        return { success: true as const, server: await present(removed) };
      },
    );

    app.post(
      "/api/model-servers/:id/test",
      {
        schema: {
          tags,
          summary: "Test a model server's connection with its stored settings and key",
          params: modelServerParamsSchema,
          response: {
            200: testModelServerResponseSchema,
            ...errorResponses({ body: true, storage: true, ...missing }),
          },
        },
      },
      async (request) => {
        const server = await modelServers.get(request.params.id);
        return testModelServer({
          providers,
          provider: server.provider,
          baseUrl: server.base_url,
          apiKey: server.api_key,
        });
      },
    );
  };
