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
import { assertOpenTo, doorOf, isOpenTo, mayRead, sessionFor, tokenSender } from "../security/access-policy.js";
import type { Caller } from "../security/caller.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";

/** A token caller sees the Locrits whose door it comes through; the owner's v1 keeps the `locrits` door. */
const isVisibleTo = (caller: Caller, row: LocritRow) =>
  doorOf(caller) === undefined ? isOpenToLocrits(row) : isOpenTo(caller, row);

/** The model is shown to a non-owner only with `access_to.llm_info` (SPEC §8.2). */
const presentFor = (caller: Caller, row: LocritRow) => {
  const locrit = presentV1Locrit(row);
  return mayRead(caller, row, "llm_info") ? locrit : { ...locrit, model: "", ollama_model: "" };
};

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
      async (request) => {
        const open = (await locrits.listLocrits())
          .filter((row) => row.active && isVisibleTo(request.caller, row))
          .map((row) => presentFor(request.caller, row));
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
        if (doorOf(request.caller) !== undefined) assertOpenTo(request.caller, row);
        else if (!isOpenToLocrits(row)) throw locritClosed(row.name, "other Locrits");
        return { success: true as const, locrit: presentFor(request.caller, row) };
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
          // A token caller talks as its token, in sessions of its own (SPEC §8.3).
          sessionId: sessionFor(request.caller, sessionIdOf(body)),
          text: body.message,
          sender: tokenSender(request.caller, body.context) ?? v1Sender(body),
          stream: body.stream === true,
        });
        if (body.stream === true) return sendTurnAsSse(reply, turn);
        const result = presentChatResult(await turn.result);
        return { ...result, sender_acknowledged: true as const };
      },
    );
  };
