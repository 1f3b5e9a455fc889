import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { locritNameParamsSchema } from "@locrit/protocol";
import { presentLocrit } from "../locrits/locrits.presenter.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { errorResponses } from "../docs/openapi-responses.js";
import {
  legacyCreateResponseSchema,
  legacyDeleteResponseSchema,
  legacySettingsResponseSchema,
  legacySettingsUpdateResponseSchema,
  legacyToggleResponseSchema,
} from "./legacy-responses.schema.js";
import { legacyConfigBodySchema, legacyCreateBodySchema } from "./legacy.schema.js";
import { presentLegacySettings } from "./legacy.presenter.js";

const tags = ["original-clients"];

/** The original's Locrit routes, as thin adapters over LocritService (same checks, same codes). */
export const legacyLocritRoutes =
  (locrits: LocritService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits/:name/config",
      {
        schema: {
          tags,
          params: locritNameParamsSchema,
          response: {
            200: legacySettingsResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const locrit = presentLocrit(await locrits.getLocrit(request.params.name));
        return { success: true as const, settings: presentLegacySettings(locrit) };
      },
    );

    app.put(
      "/api/locrits/:name/config",
      {
        schema: {
          tags,
          params: locritNameParamsSchema,
          body: legacyConfigBodySchema,
          response: {
            200: legacySettingsUpdateResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const body = request.body;
        const row = await locrits.updateLocrit({
          name: request.params.name,
          changes: {
            description: body.description,
            personality: body.personality,
            model: body.ollama_model,
            base_url: body.ollama_url,
            memory_service: body.memory_service,
            active: body.active,
            open_to: body.open_to,
            access_to: body.access_to,
            public_page: body.public_page,
          },
        });
        return {
          success: true as const,
          message: `Locrit '${row.name}' updated`,
          settings: presentLegacySettings(presentLocrit(row)),
        };
      },
    );

    app.post(
      "/api/create-locrit",
      {
        schema: {
          tags,
          body: legacyCreateBodySchema,
          response: {
            200: legacyCreateResponseSchema,
            ...errorResponses({ body: true, conflict: true, storage: true }),
          },
        },
      },
      async (request) => {
        const body = request.body;
        const row = await locrits.createLocrit({
          name: body.name,
          description: body.description,
          model: body.model,
          base_url: body.ollama_url,
          memory_service: body.memory_service,
          // The original creates Locrits stopped; its clients then toggle them on.
          active: false,
          open_to: {
            humans: body.humans,
            locrits: body.locrits,
            invitations: body.invitations,
            internet: body.internet,
            platform: body.platform,
          },
          access_to: {
            logs: body.logs,
            quick_memory: body.quick_memory,
            full_memory: body.full_memory,
            llm_info: body.llm_info,
          },
        });
        // 200, not 201: the original answered 200 and its scripts check for it.
        return {
          success: true as const,
          message: `Locrit '${row.name}' created`,
          locrit: { name: row.name, settings: presentLegacySettings(presentLocrit(row)) },
        };
      },
    );

    app.post(
      "/api/locrits/:name/toggle",
      {
        schema: {
          tags,
          params: locritNameParamsSchema,
          response: {
            200: legacyToggleResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const current = await locrits.getLocrit(request.params.name);
        const row = await locrits.setActive({ name: current.name, active: !current.active });
        const active = Boolean(row.active);
        return {
          success: true as const,
          active,
          message: `Locrit '${row.name}' ${active ? "activated" : "deactivated"}`,
        };
      },
    );

    app.post(
      "/api/locrits/:name/delete",
      {
        schema: {
          tags,
          params: locritNameParamsSchema,
          response: {
            200: legacyDeleteResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { locrit, sessions, messages } = await locrits.deleteLocrit(request.params.name);
        return { success: true as const, message: `Locrit '${locrit.name}' deleted`, deleted: { sessions, messages } };
      },
    );
  };
