import { SESSION_ID_PATTERN } from "@locrit/protocol";
import { validationError } from "../../errors/errors.js";

/**
 * What a models-API request means for the Locrit (SPEC §10), for both protocols. A client sends the
 * whole conversation every time; the Locrit keeps its own, so only the last message (the user's) is a
 * new turn, and everything before it is already in the Locrit's memory and ignored here. Had it been
 * replayed, every earlier turn would reach the prompt twice and be stored again.
 */

/** The new turn's text: the last message, which must be the user's (`field` names its content for errors). */
export function newTurnText<Message extends { role: string }>(
  messages: Message[],
  textOf: (message: Message, field: string) => string,
): string {
  const index = messages.length - 1;
  const last = messages[index]!;
  if (last.role !== "user")
    throw validationError("The last message must be the user's: it is the new turn.", [
      { field: `messages.${index}.role`, message: "must be 'user'" },
    ]);
  return textOf(last, `messages.${index}.content`);
}

/** The session: `X-Session-Id`, else the request's `user` made into a session id, else the caller's default. */
export function sessionOf(header: string | undefined, user: string | null | undefined): string | undefined {
  if (header !== undefined) return header;
  if (!user) return undefined;
  const id = user.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 128);
  return SESSION_ID_PATTERN.test(id) ? id : undefined;
}

/** Some Ollama clients name a model `name:latest`; a Locrit so named wins, else the name without the tag. */
export const withoutLatestTag = (model: string): string | undefined =>
  model.toLowerCase().endsWith(":latest") ? model.slice(0, -":latest".length) : undefined;

/** An OpenAI message's text: a string, or its text parts; images and audio are refused, not dropped unseen. */
export function openAiText(content: unknown, field: string): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { type: string; text?: unknown }) => {
      if (part.type === "text" && typeof part.text === "string") return part.text;
      throw validationError(`A Locrit reads text only, not '${part.type}' parts.`, [
        { field, message: "only text parts are supported" },
      ]);
    })
    .join("\n");
}

/** An Ollama message's text; images are refused, not dropped unseen. */
export function ollamaText(message: { content?: string; images?: string[] | null }, field: string): string {
  if (message.images?.length)
    throw validationError("A Locrit reads text only, not images.", [
      { field: field.replace(/content$/, "images"), message: "images are not supported" },
    ]);
  return message.content ?? "";
}
