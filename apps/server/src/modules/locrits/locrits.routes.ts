import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createLocritBodySchema,
  deleteLocritResponseSchema,
  locritListResponseSchema,
  locritNameParamsSchema,
  locritResponseSchema,
  renameLocritBodySchema,
  renameLocritResponseSchema,
  updateLocritBodySchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import type { LocritService } from "./locrits.service.js";
import { presentLocrit } from "./locrits.presenter.js";

const tags = ["locrits"];

/** Locrit management: `/api/locrits[/{name}[/rename|/activate|/deactivate]]`. */
export const locritRoutes =
  (locrits: LocritService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits",
      {
        schema: {
          tags,
          summary: "List Locrits",
          response: { 200: locritListResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async () => {
        const rows = await locrits.listLocrits();
        return {
          success: true as const,
          locrits: { instances: Object.fromEntries(rows.map((row) => [row.name, presentLocrit(row)])) },
        };
      },
    );

    app.post(
      "/api/locrits",
      {
        schema: {
          tags,
          summary: "Create a Locrit",
          body: createLocritBodySchema,
          response: { 201: locritResponseSchema, ...errorResponses({ body: true, conflict: true, storage: true }) },
        },
      },
      async (request, reply) => {
        const row = await locrits.createLocrit(request.body);
        return reply.status(201).send({ success: true as const, locrit: presentLocrit(row) });
      },
    );

    app.get(
      "/api/locrits/:name",
      {
        schema: {
          tags,
          summary: "Get a Locrit",
          params: locritNameParamsSchema,
          response: { 200: locritResponseSchema, ...errorResponses({ input: true, notFound: true, storage: true }) },
        },
      },
      async (request) => ({
        success: true as const,
        locrit: presentLocrit(await locrits.getLocrit(request.params.name)),
      }),
    );

    app.patch(
      "/api/locrits/:name",
      {
        schema: {
          tags,
          summary: "Update a Locrit (every given field)",
          params: locritNameParamsSchema,
          body: updateLocritBodySchema,
          response: {
            200: locritResponseSchema,
            ...errorResponses({ body: true, notFound: true, conflict: true, storage: true }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        locrit: presentLocrit(await locrits.updateLocrit({ name: request.params.name, changes: request.body })),
      }),
    );

    app.delete(
      "/api/locrits/:name",
      {
        schema: {
          tags,
          summary: "Delete a Locrit with its sessions and messages",
          params: locritNameParamsSchema,
          response: {
            200: deleteLocritResponseSchema,
            ...errorResponses({ body: true, notFound: true, storage: true }),
          },
        },
      },
      async (request) => {
        const { locrit, sessions, messages } = await locrits.deleteLocrit(request.params.name);
        return { success: true as const, locrit: presentLocrit(locrit), deleted: { sessions, messages } };
      },
    );

    app.post(
      "/api/locrits/:name/rename",
      {
        schema: {
          tags,
          summary: "Rename a Locrit (its memory follows)",
          params: locritNameParamsSchema,
          body: renameLocritBodySchema,
          response: {
            200: renameLocritResponseSchema,
            ...errorResponses({ body: true, notFound: true, conflict: true, storage: true }),
          },
        },
      },
      async (request) => {
        const before = await locrits.getLocrit(request.params.name);
        const locrit = presentLocrit(
          await locrits.renameLocrit({ name: request.params.name, newName: request.body.new_name }),
        );
        // old_name/new_name/message: the original's answer, kept for its clients.
        return {
          success: true as const,
          locrit,
          old_name: before.name,
          new_name: locrit.name,
          message: `Locrit '${before.name}' renamed to '${locrit.name}'`,
        };
      },
    );

    for (const [action, active] of [
      ["activate", true],
      ["deactivate", false],
    ] as const) {
      app.post(
        `/api/locrits/:name/${action}`,
        {
          schema: {
            tags,
            summary: `${action === "activate" ? "Activate" : "Deactivate"} a Locrit`,
            params: locritNameParamsSchema,
            response: { 200: locritResponseSchema, ...errorResponses({ body: true, notFound: true, storage: true }) },
          },
        },
        async (request) => ({
          success: true as const,
          locrit: presentLocrit(await locrits.setActive({ name: request.params.name, active })),
        }),
      );
    }
  };
