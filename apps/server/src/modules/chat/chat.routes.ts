import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  chatStopBodySchema,
  chatStopResponseSchema,
  locritNameParamsSchema,
  restChatBodySchema,
  restChatResponseSchema,
  type RestChatBody,
} from "@locrit/protocol";
import { errorResponses, eventStreamResponse, jsonOrEventStreamResponse } from "../docs/openapi-responses.js";
import { chatErrors } from "./chat.responses.js";
import { sendTurnAsSse } from "./chat-sse.js";
import { ownerSender, sessionIdOf, stopSessionIdOf } from "./chat-input.js";
import { presentChatResult } from "./chat.presenter.js";
import { alternativeRequestOf } from "./turn-alternatives.js";
import type { ChatService } from "./chat.service.js";

const tags = ["chat"];

const wantsEventStream = (request: FastifyRequest, body: RestChatBody) =>
  body.stream === true || (body.stream !== false && (request.headers.accept ?? "").includes("text/event-stream"));

/** `POST /api/locrits/{name}/chat` (JSON or SSE), `/chat/stream` (SSE), `/chat/stop`. */
export const chatRoutes =
  (chat: ChatService): FastifyPluginAsyncZod =>
  async (app) => {
    const handle = async (
      name: string,
      body: RestChatBody,
      request: FastifyRequest,
      reply: FastifyReply,
      forceStream: boolean,
    ) => {
      const stream = forceStream || wantsEventStream(request, body);
      const turn = chat.sendMessage({
        locritName: name,
        sessionId: sessionIdOf(body),
        text: body.message ?? "",
        sender: ownerSender("web"),
        alternative: alternativeRequestOf(body),
        stream,
      });
      if (stream) return sendTurnAsSse(reply, turn);
      return presentChatResult(await turn.result);
    };

    app.post(
      "/api/locrits/:name/chat",
      {
        schema: {
          tags,
          summary: "Chat with a Locrit (JSON, or SSE with stream: true)",
          params: locritNameParamsSchema,
          body: restChatBodySchema,
          response: {
            200: jsonOrEventStreamResponse(
              "The whole reply as JSON, or Server-Sent Events with `stream: true` (or `Accept: text/event-stream`)",
              restChatResponseSchema,
            ),
            ...chatErrors,
          },
        },
      },
      (request, reply) => handle(request.params.name, request.body, request, reply, false),
    );
    app.post(
      "/api/locrits/:name/chat/stream",
      {
        schema: {
          tags,
          summary: "Chat with a Locrit as Server-Sent Events",
          params: locritNameParamsSchema,
          body: restChatBodySchema,
          response: {
            200: eventStreamResponse("The reply as Server-Sent Events; an error before it starts is JSON"),
            ...chatErrors,
          },
        },
      },
      (request, reply) => handle(request.params.name, request.body, request, reply, true),
    );
    app.post(
      "/api/locrits/:name/chat/stop",
      {
        schema: {
          tags,
          summary: "Stop the running reply of a session",
          params: locritNameParamsSchema,
          body: chatStopBodySchema,
          response: { 200: chatStopResponseSchema, ...errorResponses({ body: true }) },
        },
      },
      (request) => {
        const sessionId = stopSessionIdOf(request.body);
        return { success: true as const, stopped: chat.stop(request.params.name, sessionId), session_id: sessionId };
      },
    );
  };
