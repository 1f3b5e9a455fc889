import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, startChatRig } from "../../../test/helpers/chat-client.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

describe("SSE frames on the wire (integration, byte-exact)", () => {
  it("writes `data: <json>` frames and a blank line, chunks then the final frame, nothing else", async () => {
    rig = await startChatRig({ model: { tokens: ["Hello, world"] } });
    const response = await fetch(`${rig.baseUrl}/api/locrits/Bob%20Technique/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hi", session_id: "sse-bytes" }),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const body = await response.text();
    const final = JSON.parse(body.trimEnd().split("\n\n").at(-1)!.slice("data: ".length)) as {
      user_message_id: string;
      assistant_message_id: string;
    };
    expect(body).toBe(
      'data: {"chunk":"Hello, world","seq":1,"done":false}\n\n' +
        `data: {"done":true,"response":"Hello, world","session_id":"sse-bytes","user_message_id":"${final.user_message_id}","assistant_message_id":"${final.assistant_message_id}","status":"complete","recalled":[]}\n\n`,
    );
  });

  it("ends a failed reply with one error frame", async () => {
    rig = await startChatRig({ model: { tokens: ["one "], disconnectAfterTokens: 1 } });
    const response = await fetch(`${rig.baseUrl}/api/locrits/Bob%20Technique/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hi", session_id: "sse-failed" }),
    });
    const body = await response.text();
    expect(body).toMatch(
      /^data: \{"chunk":"one ","seq":1,"done":false\}\n\ndata: \{"done":true,"error":\{"code":"llm_error","message":"[^"]+"\}\}\n\n$/,
    );
  });
});
