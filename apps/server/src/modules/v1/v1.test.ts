import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, startChatRig } from "../../../test/helpers/chat-client.js";
import { postSse } from "../../../test/helpers/sse-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

const inject = (method: "GET" | "POST", url: string, payload?: object) =>
  rig!.harness.app.inject({ method, url, payload });

describe("API v1 for other Locrits and programs (integration)", () => {
  it("lists only active Locrits open to Locrits, with count", async () => {
    rig = await startChatRig();
    await inject("POST", "/api/locrits", { name: "Sleeper", active: false });
    await inject("POST", "/api/locrits", { name: "Hermit", open_to: { locrits: false } });
    const listed = (await inject("GET", "/api/v1/locrits")).json();
    expect(listed).toMatchObject({
      success: true,
      count: 1,
      locrits: [{ name: "Bob Technique", model: "fake-model", active: true, capabilities: { chat: true } }],
    });
    expect(listed.locrits[0]).not.toHaveProperty("personality");
  });

  it("gives a Locrit's info, 404 for an unknown one, 403 locrit_closed for a closed one", async () => {
    rig = await startChatRig();
    expect((await inject("GET", "/api/v1/locrits/bob%20technique/info")).json()).toMatchObject({
      success: true,
      locrit: { name: "Bob Technique", open_to: { locrits: true } },
    });
    expect((await inject("GET", "/api/v1/locrits/Nobody/info")).statusCode).toBe(404);
    await inject("POST", "/api/locrits", { name: "Hermit", open_to: { locrits: false } });
    const closed = await inject("GET", "/api/v1/locrits/Hermit/info");
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe("locrit_closed");
  });

  it("chats as another Locrit: sender kept in metadata, default session from:<sender>, context kept across calls", async () => {
    rig = await startChatRig();
    const first = await inject("POST", "/api/v1/locrits/Bob%20Technique/chat", {
      message: "Hi, I am Pixie.",
      sender_name: "Pixie l'Organisateur",
      context: "planning a party",
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      success: true,
      session_id: "from:Pixie_l_Organisateur",
      conversation_id: "from:Pixie_l_Organisateur",
      sender_acknowledged: true,
      response: "Echo: Hi, I am Pixie.",
    });
    await inject("POST", "/api/v1/locrits/Bob%20Technique/chat", {
      message: "Remember me?",
      sender_name: "Pixie l'Organisateur",
    });
    const prompt = rig.model.chatRequests().at(-1)!.body!.messages!;
    expect(prompt[0]!.content).toContain("Pixie l'Organisateur, another Locrit");
    expect(prompt.slice(1).map((message) => message.content)).toEqual([
      "Hi, I am Pixie.",
      "Echo: Hi, I am Pixie.",
      "Remember me?",
    ]);
    const messages = (await inject("GET", "/api/locrits/Bob%20Technique/memory/summary")).json().recent_messages;
    expect(messages.find((message: { role: string }) => message.role === "user").metadata).toMatchObject({
      sender_type: "locrit",
      sender_name: "Pixie l'Organisateur",
    });
  });

  it("streams as SSE with stream: true", async () => {
    rig = await startChatRig();
    const answer = await postSse(`${rig.baseUrl}/api/v1/locrits/Bob%20Technique/chat`, {
      message: "stream it",
      sender_name: "Nova",
      stream: true,
    });
    expect(answer.frames.at(-1)).toMatchObject({ done: true, response: "Echo: stream it", session_id: "from:Nova" });
  });

  it("refuses a Locrit sender when the Locrit is closed to Locrits (403), and validates the body (400)", async () => {
    rig = await startChatRig({ locrit: { open_to: { locrits: false } } });
    const closed = await inject("POST", "/api/v1/locrits/Bob%20Technique/chat", { message: "hi", sender_name: "Nova" });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe("locrit_closed");
    const human = await inject("POST", "/api/v1/locrits/Bob%20Technique/chat", {
      message: "hi",
      sender_name: "Ann",
      sender_type: "human",
    });
    expect(human.statusCode).toBe(200);
    const invalid = await inject("POST", "/api/v1/locrits/Bob%20Technique/chat", {
      message: "hi",
      sender_type: "alien",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.fields[0].field).toBe("sender_type");
  });
});
