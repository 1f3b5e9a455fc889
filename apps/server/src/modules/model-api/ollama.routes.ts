import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isAppError } from "../../errors/app-error.js";
import type { LocritService } from "../locrits/locrits.service.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import { callerSession, locritsListedFor, revealedTo, senderOf } from "./model-api-caller.js";
import { assertOpenTo } from "../security/access-policy.js";
import { answerErrorsAs, toOllamaError } from "./model-api-errors.js";
import { newTurnText, ollamaText, sessionOf, withoutLatestTag } from "./model-api-input.js";
import {
  CHAT_ERROR_STATUSES,
  jsonOrStreamResponse,
  LIST_ERROR_STATUSES,
  protocolErrorResponses,
} from "./model-api.responses.js";
import {
  modelApiHeadersSchema,
  ollamaChatBodySchema,
  ollamaChatResponseSchema,
  ollamaErrorBodySchema,
  ollamaShowBodySchema,
  ollamaShowSchema,
  ollamaTagsSchema,
  ollamaVersionSchema,
} from "./model-api.schema.js";
import { ollamaFrames, presentOllamaChat, presentOllamaShow, presentOllamaTag } from "./ollama.presenter.js";
import type { ModelApiDependencies } from "./openai.routes.js";
import { answerTurn } from "./turn-stream.js";

const tags = ["ollama-compatible"];
const errors = (statuses: number[]) => protocolErrorResponses(ollamaErrorBodySchema, statuses);
const ndjson = z.string().meta({
  description: "One JSON message per line, `done: false` for each piece of the reply, then one with `done: true`.",
});
/** The Ollama API these routes follow; clients check it to tell an Ollama server is there. */
const OLLAMA_API_VERSION = "0.5.0";

/** The Locrit a model name means; `name:latest` also finds the Locrit `name` (see withoutLatestTag). */
async function locritNamed(locrits: LocritService, model: string): Promise<LocritRow> {
  try {
    return await locrits.getLocrit(model);
  } catch (error) {
    const untagged = withoutLatestTag(model);
    if (untagged === undefined || !isAppError(error) || error.code !== "locrit_not_found") throw error;
    return locrits.getLocrit(untagged);
  }
}

/** Locrits as Ollama models (SPEC §10): `GET /api/tags`, `POST /api/chat`, `POST /api/show`, `GET /api/version`. */
export const ollamaRoutes =
  ({ chat, locrits, bodyLimit }: ModelApiDependencies): FastifyPluginAsyncZod =>
  async (app) => {
    answerErrorsAs(app, toOllamaError);

    app.get(
      "/api/tags",
      {
        schema: {
          tags,
          summary: "Active Locrits, as Ollama models",
          response: { 200: ollamaTagsSchema, ...errors(LIST_ERROR_STATUSES) },
        },
      },
      async (request) => ({
        models: (await locritsListedFor(request, locrits)).map(presentOllamaTag),
      }),
    );

    app.get(
      "/api/version",
      {
        schema: {
          tags,
          summary: "The Ollama API version these routes follow",
          response: { 200: ollamaVersionSchema, ...errors([400]) },
        },
      },
      async () => ({ version: OLLAMA_API_VERSION }),
    );

    app.post(
      "/api/show",
      {
        schema: {
          tags,
          summary:
            "A Locrit, as an Ollama model's details (its model with `access_to.llm_info`, its personality to the owner)",
          body: ollamaShowBodySchema,
          response: { 200: ollamaShowSchema, ...errors([400, 404, 413, 503]) },
        },
      },
      async (request) => {
        const locrit = await locritNamed(locrits, (request.body.model ?? request.body.name)!);
        assertOpenTo(request.caller, locrit);
        return presentOllamaShow(locrit, revealedTo(request, locrit));
      },
    );

    app.post(
      "/api/chat",
      {
        bodyLimit,
        schema: {
          tags,
          summary: "Chat with a Locrit as an Ollama model (NDJSON, or one JSON with `stream: false`)",
          description:
            "`model` is the Locrit's name. Only the last message, the user's, is a new turn: the Locrit keeps the conversation itself. The session is `X-Session-Id`, else the caller's default; the answer names it in `X-Session-Id`.",
          headers: modelApiHeadersSchema,
          body: ollamaChatBodySchema,
          response: {
            200: jsonOrStreamResponse(
              "The reply as NDJSON messages, or as one message with `stream: false`",
              ollamaChatResponseSchema,
              "application/x-ndjson",
              ndjson,
            ),
            ...errors(CHAT_ERROR_STATUSES),
          },
        },
      },
      async (request, reply) => {
        const startedAt = performance.now();
        const body = request.body;
        const text = newTurnText(body.messages, ollamaText);
        const locrit = await locritNamed(locrits, body.model);
        const stream = body.stream !== false;
        const turn = chat.sendMessage({
          locritName: locrit.name,
          sessionId: callerSession(request, sessionOf(request.headers["x-session-id"], undefined)),
          text,
          sender: senderOf(request),
          stream,
        });
        return answerTurn(reply, turn, {
          stream,
          frames: () => ollamaFrames(startedAt),
          present: (result) => presentOllamaChat(result, startedAt),
        });
      },
    );
  };
