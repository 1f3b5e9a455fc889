import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  locritNameParamsSchema,
  v1ChatBodySchema,
  v1ChatResponseSchema,
  v1LocritInfoResponseSchema,
  v1LocritListResponseSchema,
} from "@locrit/protocol";
import { locritClosed } from "../../errors/errors.js";
import { sendTurnAsSse } from "../chat/chat-sse.js";
import { chatErrors } from "../chat/chat.responses.js";
import { sessionIdOf, v1Sender } from "../chat/chat-input.js";
import { presentChatResult } from "../chat/chat.presenter.js";
import type { ChatService } from "../chat/chat.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { errorResponses, jsonOrEventStreamResponse } from "../docs/openapi-responses.js";
import { isOpenToLocrits, presentV1Locrit } from "./v1.presenter.js";

const tags = ["v1"];

/** The API for other Locrits and programs: discover open Locrits and talk to them. */
export const v1Routes =
  ({ chat, locrits }: { chat: ChatService; locrits: LocritService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/v1/locrits",
      {
        schema: {
          tags,
          summary: "Active Locrits open to other Locrits",
          response: { 200: v1LocritListResponseSchema, ...errorResponses({ storage: true }) },
        },
      },
      async () => {
        const open = (await locrits.listLocrits())
          .filter((row) => row.active && isOpenToLocrits(row))
          .map(presentV1Locrit);
        return { success: true as const, locrits: open, count: open.length };
      },
    );

    app.get(
      "/api/v1/locrits/:name/info",
      {
        schema: {
          tags,
          summary: "What another Locrit may know of this one",
          params: locritNameParamsSchema,
          response: {
            200: v1LocritInfoResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["locrit_closed"] }),
          },
        },
      },
      async (request) => {
        const row = await locrits.getLocrit(request.params.name);
        if (!isOpenToLocrits(row)) throw locritClosed(row.name, "other Locrits");
        return { success: true as const, locrit: presentV1Locrit(row) };
      },
    );

    app.post(
      "/api/v1/locrits/:name/chat",
      {
        schema: {
          tags,
          summary: "Talk to a Locrit as another Locrit or a program",
          params: locritNameParamsSchema,
          body: v1ChatBodySchema,
          response: {
            200: jsonOrEventStreamResponse(
              "The whole reply as JSON, or Server-Sent Events with `stream: true`",
              v1ChatResponseSchema,
            ),
            ...chatErrors,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const turn = chat.sendMessage({
          locritName: request.params.name,
          sessionId: sessionIdOf(body),
          text: body.message,
          sender: v1Sender(body),
          stream: body.stream === true,
        });
        if (body.stream === true) return sendTurnAsSse(reply, turn);
        const result = presentChatResult(await turn.result);
        return { ...result, sender_acknowledged: true as const };
      },
    );
  };
