import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ChatService } from "../chat/chat.service.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { callerSession, locritsListedFor, senderOf } from "./model-api-caller.js";
import { answerErrorsAs, toOpenAiError } from "./model-api-errors.js";
import { newTurnText, openAiText, sessionOf } from "./model-api-input.js";
import {
  CHAT_ERROR_STATUSES,
  jsonOrStreamResponse,
  LIST_ERROR_STATUSES,
  protocolErrorResponses,
} from "./model-api.responses.js";
import {
  modelApiHeadersSchema,
  openAiChatBodySchema,
  openAiCompletionSchema,
  openAiErrorBodySchema,
  openAiModelListSchema,
} from "./model-api.schema.js";
import { openAiFrames, presentOpenAiCompletion, presentOpenAiModel } from "./openai.presenter.js";
import { answerTurn } from "./turn-stream.js";

const tags = ["openai-compatible"];
const errors = (statuses: number[]) => protocolErrorResponses(openAiErrorBodySchema, statuses);
const eventStream = z.string().meta({
  description:
    "OpenAI chunks, one `data: <chat.completion.chunk JSON>` event each, the usage in a last chunk with `stream_options.include_usage`, then `data: [DONE]`.",
});

export interface ModelApiDependencies {
  chat: ChatService;
  locrits: LocritService;
  /** The largest request body: a client resends its whole conversation every time. */
  bodyLimit: number;
}

/** Locrits as OpenAI models (SPEC §10): `GET /v1/models`, `POST /v1/chat/completions`. */
export const openAiRoutes =
  ({ chat, locrits, bodyLimit }: ModelApiDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    answerErrorsAs(app, toOpenAiError);

    app.get(
      "/v1/models",
      {
        schema: {
          tags,
          summary: "Active Locrits, as OpenAI models",
          response: { 200: openAiModelListSchema, ...errors(LIST_ERROR_STATUSES) },
        },
      },
      async (request) => ({
        object: "list" as const,
        data: (await locritsListedFor(request, locrits)).map(presentOpenAiModel),
      }),
    );

    app.post(
      "/v1/chat/completions",
      {
        bodyLimit,
        schema: {
          tags,
          summary: "Chat with a Locrit as an OpenAI model (JSON, or events with `stream: true`)",
          description:
            "`model` is the Locrit's name. Only the last message, the user's, is a new turn: the Locrit keeps the conversation itself. The session is `X-Session-Id`, else `user`, else the caller's default; the answer names it in `X-Session-Id`.",
          headers: modelApiHeadersSchema,
          body: openAiChatBodySchema,
          response: {
            200: jsonOrStreamResponse(
              "The reply as a chat.completion, or as chunks with `stream: true`",
              openAiCompletionSchema,
              "text/event-stream",
              eventStream,
            ),
            ...errors(CHAT_ERROR_STATUSES),
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const turn = chat.sendMessage({
          locritName: body.model,
          sessionId: callerSession(request, sessionOf(request.headers["x-session-id"], body.user)),
          text: newTurnText(body.messages, (message, field) => openAiText(message.content, field)),
          sender: senderOf(request),
          stream: body.stream === true,
        });
        return answerTurn(reply, turn, {
          stream: body.stream === true,
          frames: () => openAiFrames({ includeUsage: body.stream_options?.include_usage === true }),
          present: presentOpenAiCompletion,
        });
      },
    );
  };
