import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { isAppError } from "../../errors/app-error.js";
import type { ModelProvider, ModelTimeouts, StructuredRequest } from "./model-provider.js";
import { OllamaProvider } from "./ollama.provider.js";
import { OpenAiCompatibleProvider } from "./openai-compatible.provider.js";

let model: FakeModelServer;
beforeEach(async () => {
  model = await startFakeModelServer();
});
afterEach(() => model.close());

const timeouts: ModelTimeouts = { connectMs: 2_000, firstTokenMs: 1_000, idleMs: 1_000, maxReplyMs: 30_000 };
const schema = { type: "object", properties: { operations: { type: "array" } }, required: ["operations"] };
const request = (overrides: Partial<StructuredRequest> = {}): StructuredRequest => ({
  model: "fake-model",
  messages: [
    { role: "system", content: "Say what to remember." },
    { role: "user", content: JSON.stringify({ turns: [{ id: "m1", role: "user", content: "My cat is Miso." }] }) },
  ],
  schema,
  schemaName: "memory_operations",
  ...overrides,
});

async function failureCode(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return isAppError(error) ? error.code : `not a coded error: ${String(error)}`;
}

const providers: { name: string; make: (url: string) => ModelProvider; asks: (body: unknown) => void }[] = [
  {
    name: "Ollama (format)",
    make: (url) => new OllamaProvider({ baseUrl: url, timeouts }),
    asks: (body) => expect(body).toMatchObject({ stream: false, format: schema }),
  },
  {
    name: "OpenAI-compatible (response_format)",
    make: (url) => new OpenAiCompatibleProvider({ baseUrl: url, timeouts }),
    asks: (body) =>
      expect(body).toMatchObject({
        stream: false,
        response_format: { type: "json_schema", json_schema: { name: "memory_operations", schema, strict: true } },
      }),
  },
];

describe.each(providers)("structured output through $name (unit, fake model server)", ({ make, asks }) => {
  it("sends the schema and answers the model's JSON text, derived from what was sent", async () => {
    const text = await make(model.url).generateStructured!(request());
    asks(model.structuredRequests()[0]!.body);
    expect(model.chatRequests()).toHaveLength(0);
    expect(JSON.parse(text)).toEqual({
      operations: [
        { op: "add", memory_id: null, content: "My cat is Miso.", importance: 0.8, source_message_ids: ["m1"] },
      ],
    });
  });

  it("passes invalid JSON through as text (the caller validates it)", async () => {
    model.setBehaviour({ structured: { fault: "invalid-json" } });
    const text = await make(model.url).generateStructured!(request());
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it("fails with a coded error: unknown model, a server error, a stall", async () => {
    const provider = make(model.url);
    expect(await failureCode(provider.generateStructured!(request({ model: "nope" })))).toBe("model_not_found");
    model.setBehaviour({ httpStatus: 500 });
    expect(await failureCode(provider.generateStructured!(request()))).toBe("llm_error");
    model.setBehaviour({ httpStatus: undefined, structured: { fault: "stall" } });
    expect(await failureCode(provider.generateStructured!(request()))).toBe("llm_timeout");
  });
});
