import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { itemParamsSchema, messageResponseSchema } from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import { presentMessage } from "../memory/memory.presenter.js";
import type { MessageAlternatives } from "./message-alternatives.service.js";

/** `POST /api/locrits/{name}/memory/messages/{id}/activate`: show another alternative of a message. */
export const messageAlternativeRoutes =
  (alternatives: MessageAlternatives): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/locrits/:name/memory/messages/:id/activate",
      {
        schema: {
          tags: ["memory"],
          summary: "Make this alternative of a message the one the conversation uses (with the turns that followed it)",
          description:
            "A regenerated reply or an edited user message keeps its earlier versions as alternatives (`alternative_of`, `active: false`). Activating one puts it and its branch back into the conversation; the alternative shown until then leaves it with its later turns, kept. An active message is left as it is. 409 `message_inactive`: the message is inside a branch that is not shown.",
          params: itemParamsSchema,
          response: {
            200: messageResponseSchema,
            ...errorResponses({ input: true, notFound: true, conflict: true, storage: true }),
          },
        },
      },
      async (request) => ({
        success: true as const,
        message: presentMessage(await alternatives.activate(request.params)),
      }),
    );
  };
