import { MEMORY_CONTENT_MAX_LENGTH } from "@locrit/protocol";
import { z } from "zod";

/** At most this many operations are taken from one answer. */
export const MAX_OPERATIONS = 20;

/** One operation the model proposes on the Locrit's memories (SPEC §7.3). */
const operationSchema = z.object({
  op: z.enum(["add", "update", "delete"]),
  /** The memory an update or a delete is about (one of the memories shown); null for an add. */
  memory_id: z.string().max(200).nullish(),
  content: z.string().trim().max(MEMORY_CONTENT_MAX_LENGTH),
  importance: z.number().min(0).max(1),
  source_message_ids: z.array(z.string().max(200)).max(50),
});
export type MemoryOperation = z.infer<typeof operationSchema>;

/** What the model must answer; unknown keys are ignored (small models add some). */
export const extractionAnswerSchema = z.object({ operations: z.array(operationSchema).max(MAX_OPERATIONS) });

/**
 * The same as a JSON schema for the model server (Ollama `format`, OpenAI `json_schema`), written out so
 * it stays within what strict structured output accepts: every property required, no other properties.
 */
export const extractionJsonSchema: Record<string, unknown> = {
  type: "object",
  properties: {
    operations: {
      type: "array",
      maxItems: MAX_OPERATIONS,
      items: {
        type: "object",
        properties: {
          op: { type: "string", enum: ["add", "update", "delete"] },
          memory_id: { type: ["string", "null"] },
          content: { type: "string" },
          importance: { type: "number", minimum: 0, maximum: 1 },
          source_message_ids: { type: "array", items: { type: "string" } },
        },
        required: ["op", "memory_id", "content", "importance", "source_message_ids"],
        additionalProperties: false,
      },
    },
  },
  required: ["operations"],
  additionalProperties: false,
};

/** The model's text as operations, or why it is not an answer (shown to the model on the retry). */
export function parseExtractionAnswer(
  text: string,
): { ok: true; operations: MemoryOperation[] } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${error instanceof Error ? error.message : "parse error"})` };
  }
  const parsed = extractionAnswerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `wrong shape: ${z.prettifyError(parsed.error)}` };
  return { ok: true, operations: parsed.data.operations };
}
