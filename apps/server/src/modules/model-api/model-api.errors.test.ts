import { describe, expect, it } from "vitest";
import { closeAfterEach, startChatRig, type ChatRig } from "../../../test/helpers/chat-client.js";

/** Each protocol's unhappy paths, in its own error shape, through the whole stack (`inject`). */

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  rig!.harness.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json", ...headers },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });

const hello = [{ role: "user", content: "hello" }];

describe("models API errors (integration)", () => {
  it("answers bad input with 400 in OpenAI's shape, naming the field, and stores nothing", async () => {
    rig = await startChatRig();
    const malformed = await post("/v1/chat/completions", "{not json");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      error: { message: expect.any(String), type: "invalid_request_error", code: "invalid_json", param: null },
    });

    const badSession = await post(
      "/v1/chat/completions",
      { model: rig.locritName, messages: hello },
      {
        "x-session-id": "not a session id",
      },
    );
    expect(badSession.statusCode).toBe(400);
    expect(badSession.json().error).toMatchObject({ code: "validation_error", param: "headers.x-session-id" });

    const image = await post("/v1/chat/completions", {
      model: rig.locritName,
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }],
    });
    expect(image.statusCode).toBe(400);
    expect(image.json().error).toMatchObject({ code: "validation_error", param: "messages.0.content" });

    const empty = await post("/v1/chat/completions", {
      model: rig.locritName,
      messages: [{ role: "user", content: " " }],
    });
    expect(empty.json().error).toMatchObject({ code: "message_empty" });
    expect(empty.statusCode).toBe(400);
    expect((await rig.summary()).statistics.total_messages).toBe(0);
  });

  it("answers a model server that is down with 503 (OpenAI) and a Locrit's missing model with 502 (Ollama)", async () => {
    rig = await startChatRig();
    await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: { name: "Unplugged", model: "fake-model", base_url: "http://127.0.0.1:9" },
    });
    const down = await post("/v1/chat/completions", { model: "Unplugged", messages: hello });
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ type: "server_error", code: "llm_unavailable" });

    await rig.harness.app.inject({
      method: "POST",
      url: "/api/locrits",
      payload: { name: "Lost Model", model: "no-such-model" },
    });
    const missing = await post("/api/chat", { model: "Lost Model", messages: hello, stream: false });
    expect(missing.statusCode).toBe(502);
    expect(missing.json()).toEqual({ error: expect.any(String), code: "model_not_found" });
  });

  it("answers Ollama clients' bad input and unknown names with `{error}`", async () => {
    rig = await startChatRig();
    const noModel = await post("/api/chat", { messages: hello });
    expect(noModel.statusCode).toBe(400);
    expect(noModel.json()).toMatchObject({ error: expect.stringContaining("model"), code: "validation_error" });
    const shown = await post("/api/show", { name: "Nobody" });
    expect(shown.statusCode).toBe(404);
    expect(shown.json()).toEqual({ error: "No Locrit is named 'Nobody'.", code: "locrit_not_found" });
    const images = await post("/api/chat", {
      model: rig.locritName,
      messages: [{ role: "user", content: "look", images: ["aGk="] }],
    });
    expect(images.statusCode).toBe(400);
    expect(images.json().error).toBe("A Locrit reads text only, not images.");
  });

  it("keeps a failure after the first words in the stream: OpenAI's `data: {error}`, Ollama's `{error}` line", async () => {
    rig = await startChatRig({ model: { disconnectAfterTokens: 2 } });
    const openai = await post("/v1/chat/completions", { model: rig.locritName, messages: hello, stream: true });
    expect(openai.statusCode).toBe(200);
    const events = openai.body.trim().split("\n\n");
    expect(events.at(-1)).toMatch(/^data: \{"error":\{"message":".+","type":"server_error","code":"llm_error"/);
    expect(openai.body).not.toContain("[DONE]");

    const ollama = await post("/api/chat", { model: rig.locritName, messages: hello });
    const lines = ollama.body.trim().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ code: "llm_error", error: expect.any(String) });
  });
});
