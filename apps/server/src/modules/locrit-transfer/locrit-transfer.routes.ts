import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  LOCRIT_IMPORT_MAX_BYTES,
  locritExportSchema,
  locritImportBodySchema,
  locritImportQuerySchema,
  locritImportResponseSchema,
  locritNameParamsSchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import { presentLocrit } from "../locrits/locrits.presenter.js";
import type { LocritExportService } from "./locrit-export.service.js";
import type { LocritImportService } from "./locrit-import.service.js";

/** A file name for any Locrit name: letters, digits, `-` and `_` only. */
const fileNameOf = (name: string) =>
  `${
    name
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9_-]+/g, "_")
      .slice(0, 60) || "locrit"
  }.locrit.json`;

/** Export and import of one Locrit as one JSON file (SPEC §7.4). */
export const locritTransferRoutes =
  ({ exports, imports }: { exports: LocritExportService; imports: LocritImportService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/locrits/:name/export",
      {
        schema: {
          tags: ["locrits"],
          summary: "One Locrit as one JSON file: settings (no secrets), sessions, messages, memories with history",
          params: locritNameParamsSchema,
          response: { 200: locritExportSchema, ...errorResponses({ input: true, notFound: true, storage: true }) },
        },
      },
      async (request, reply) => {
        const file = await exports.exportLocrit(request.params.name);
        return reply.header("content-disposition", `attachment; filename="${fileNameOf(file.locrit.name)}"`).send(file);
      },
    );

    app.post(
      "/api/locrits/import",
      {
        bodyLimit: LOCRIT_IMPORT_MAX_BYTES,
        schema: {
          tags: ["locrits"],
          summary: "Import a Locrit from its export file (a new name when the name is taken, unless replace=true)",
          querystring: locritImportQuerySchema,
          body: locritImportBodySchema,
          response: {
            201: locritImportResponseSchema,
            ...errorResponses({
              body: true,
              storage: true,
              codes: ["import_format_unsupported", "avatar_too_large", "avatar_unsupported_type"],
            }),
          },
        },
      },
      async (request, reply) => {
        const result = await imports.importLocrit({ file: request.body, replace: request.query.replace });
        return reply.status(201).send({
          success: true as const,
          locrit: presentLocrit(result.locrit),
          renamed_from: result.renamedFrom,
          imported: result.imported,
        });
      },
    );
  };
