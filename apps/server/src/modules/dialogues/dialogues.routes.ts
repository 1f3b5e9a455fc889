import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createDialogueBodySchema,
  dialogueDeletedResponseSchema,
  dialogueIdParamsSchema,
  dialogueListResponseSchema,
  dialogueResponseSchema,
  dialogueWithMessagesResponseSchema,
  pageQuerySchema,
} from "@locrit/protocol";
import { errorResponses } from "../docs/openapi-responses.js";
import { presentDialogue, presentLine } from "./dialogues.presenter.js";
import type { DialoguesService } from "./dialogues.service.js";

const tags = ["dialogues"];
const stateChange = errorResponses({
  body: true,
  input: true,
  notFound: true,
  conflict: true,
  storage: true,
  codes: ["dialogue_not_found", "dialogue_not_running", "dialogue_limit_reached"],
});

/** `/api/dialogues` (SPEC §9): start, list, read with the transcript, pause, resume, stop, delete. */
export const dialogueRoutes =
  (dialogues: DialoguesService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/dialogues",
      {
        schema: {
          tags,
          summary: "Start a dialogue between two or more Locrits (local names, or remote {url, name, token})",
          body: createDialogueBodySchema,
          response: {
            201: dialogueResponseSchema,
            ...errorResponses({
              body: true,
              notFound: true,
              conflict: true,
              storage: true,
              codes: ["dialogue_limit_reached"],
            }),
          },
        },
      },
      async (request, reply) => {
        const dialogue = await dialogues.create(request.body);
        return reply.code(201).send({ success: true as const, dialogue: presentDialogue(dialogue) });
      },
    );

    app.get(
      "/api/dialogues",
      {
        schema: {
          tags,
          summary: "Dialogues, newest first (paged)",
          querystring: pageQuerySchema,
          response: { 200: dialogueListResponseSchema, ...errorResponses({ input: true, storage: true }) },
        },
      },
      async (request) => {
        const page = await dialogues.list(request.query);
        return { success: true as const, dialogues: page.items.map(presentDialogue), next_cursor: page.nextCursor };
      },
    );

    app.get(
      "/api/dialogues/:id",
      {
        schema: {
          tags,
          summary: "A dialogue with its transcript (the line being said last, `streaming`)",
          params: dialogueIdParamsSchema,
          response: {
            200: dialogueWithMessagesResponseSchema,
            ...errorResponses({ input: true, notFound: true, storage: true, codes: ["dialogue_not_found"] }),
          },
        },
      },
      async (request) => {
        const dialogue = await dialogues.get(request.params.id);
        const lines = await dialogues.lines(dialogue.id);
        return { success: true as const, dialogue: presentDialogue(dialogue), messages: lines.map(presentLine) };
      },
    );

    for (const action of ["pause", "resume", "stop"] as const)
      app.post(
        `/api/dialogues/:id/${action}`,
        {
          schema: {
            tags,
            summary: {
              pause: "Pause after the line being said",
              resume: "Resume a paused dialogue",
              stop: "Stop now (the line being said is stored `stopped`)",
            }[action],
            params: dialogueIdParamsSchema,
            response: { 200: dialogueResponseSchema, ...stateChange },
          },
        },
        async (request) => {
          const dialogue = await dialogues[action](request.params.id);
          return { success: true as const, dialogue: presentDialogue(dialogue) };
        },
      );

    app.delete(
      "/api/dialogues/:id",
      {
        schema: {
          tags,
          summary: "Delete a dialogue and its transcript (stopped first); each Locrit keeps its session",
          params: dialogueIdParamsSchema,
          response: {
            200: dialogueDeletedResponseSchema,
            ...errorResponses({
              body: true,
              input: true,
              notFound: true,
              storage: true,
              codes: ["dialogue_not_found"],
            }),
          },
        },
      },
      async (request) => {
        await dialogues.delete(request.params.id);
        return { success: true as const, deleted: true as const };
      },
    );
  };
