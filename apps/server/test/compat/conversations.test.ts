import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testAppBackends } from "../postgres/postgres-test-app.js";
import { createActiveLocrit, startOriginalClientRig, type OriginalClientRig } from "./original-client.js";

let rig: OriginalClientRig;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function createConversation(userId = "user123"): Promise<string> {
  const created = await rig.call("POST", "/api/conversations/create", {
    locrit_name: "Bob Technique",
    user_id: userId,
    metadata: { source: "test_conversation_api.py" },
  });
  expect(created.status).toBe(200);
  return created.body.conversation_id as string;
}

describe.each(testAppBackends)(
  "compat: the conversation API as test_conversation_api.py uses it, on $name (integration, real HTTP)",
  (backend) => {
    beforeEach(async () => {
      rig = await startOriginalClientRig({}, backend.start);
      await createActiveLocrit(rig, "Bob Technique");
    });
    afterEach(async () => {
      await rig.close();
    });

    it("create → two messages → history → chat with conversation_id → list → v1 with conversation_id → info → delete", async () => {
      const created = await rig.call("POST", "/api/conversations/create", {
        locrit_name: "Bob Technique",
        user_id: "user123",
        metadata: { source: "script" },
      });
      expect(created.body).toEqual({
        success: true,
        conversation_id: expect.stringMatching(UUID),
        locrit_name: "Bob Technique",
        user_id: "user123",
        created_at: expect.any(String),
        session_id: created.body.conversation_id,
      });
      const id = created.body.conversation_id as string;

      const first = await rig.call("POST", `/api/conversations/${id}/message`, { message: "Je m'appelle Alice" });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        success: true,
        response: "Echo: Je m'appelle Alice",
        conversation_id: id,
        locrit_name: "Bob Technique",
        model: "fake-model",
        timestamp: expect.any(String),
        message_count: 2,
      });
      const second = await rig.call("POST", `/api/conversations/${id}/message`, { message: "Comment je m'appelle ?" });
      expect(second.body).toMatchObject({ success: true, conversation_id: id, message_count: 4 });
      // The context is the real conversation as role messages, the current message once (the original flattened and duplicated it).
      expect(rig.model.chatRequests().at(-1)!.body!.messages!.slice(1)).toEqual([
        { role: "user", content: "Je m'appelle Alice" },
        { role: "assistant", content: "Echo: Je m'appelle Alice" },
        { role: "user", content: "Comment je m'appelle ?" },
      ]);

      const history = await rig.call("GET", `/api/conversations/${id}?limit=50`);
      expect(history.body).toMatchObject({
        success: true,
        conversation_id: id,
        locrit_name: "Bob Technique",
        user_id: "user123",
        created_at: expect.any(String),
        last_activity: expect.any(String),
        message_count: 4,
      });
      expect(
        (history.body.messages as { role: string; content: string; session_id: string }[]).map((message) => [
          message.role,
          message.content,
          message.session_id,
        ]),
      ).toEqual([
        ["user", "Je m'appelle Alice", id],
        ["assistant", "Echo: Je m'appelle Alice", id],
        ["user", "Comment je m'appelle ?", id],
        ["assistant", "Echo: Comment je m'appelle ?", id],
      ]);
      const latestTwo = await rig.call("GET", `/api/conversations/${id}?limit=2`);
      expect((latestTwo.body.messages as { content: string }[]).map((message) => message.content)).toEqual([
        "Comment je m'appelle ?",
        "Echo: Comment je m'appelle ?",
      ]);

      const viaLocritChat = await rig.call("POST", "/api/locrits/Bob%20Technique/chat", {
        message: "Troisième",
        conversation_id: id,
      });
      expect(viaLocritChat.body).toMatchObject({ success: true, session_id: id });
      const viaV1 = await rig.call("POST", "/api/v1/locrits/Bob%20Technique/chat", {
        message: "Quatrième",
        conversation_id: id,
        sender_name: "Pixie",
      });
      expect(viaV1.body).toMatchObject({ success: true, conversation_id: id, session_id: id });

      const listed = await rig.call("GET", "/api/conversations?user_id=user123");
      expect(listed.body).toEqual({
        success: true,
        conversations: [
          {
            conversation_id: id,
            locrit_name: "Bob Technique",
            user_id: "user123",
            created_at: expect.any(String),
            last_activity: expect.any(String),
            message_count: 8,
            status: "active",
          },
        ],
        count: 1,
      });

      const info = await rig.call("GET", `/api/conversations/${id}/info`);
      expect(info.body).toMatchObject({
        success: true,
        conversation_id: id,
        user_id: "user123",
        message_count: 8,
        metadata: { source: "script" },
      });
      expect(info.body.messages).toBeUndefined();

      const deleted = await rig.call("DELETE", `/api/conversations/${id}`);
      expect(deleted.body).toEqual({ success: true, message: expect.any(String) });
      for (const [method, path, body] of [
        ["GET", `/api/conversations/${id}`],
        ["GET", `/api/conversations/${id}/info`],
        ["POST", `/api/conversations/${id}/message`, { message: "Encore là ?" }],
        ["DELETE", `/api/conversations/${id}`],
      ] as const) {
        const answer = await rig.call(method, path, body);
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ success: false, error: { code: "conversation_not_found" } });
      }
      expect((await rig.call("GET", "/api/conversations?user_id=user123")).body).toMatchObject({
        conversations: [],
        count: 0,
      });

      // As in the original (a soft delete), what was said stays in the Locrit's memory.
      const messages = await rig.call("GET", `/api/locrits/Bob%20Technique/memory/sessions/${id}/messages?limit=500`);
      expect(messages.body).toMatchObject({ success: true, total: 8 });
    });

    it("lists by user and by Locrit, newest activity first, and never shows other users' conversations", async () => {
      await createActiveLocrit(rig, "Pixie");
      const older = await createConversation("alice");
      const other = await createConversation("bob");
      const created = await rig.call("POST", "/api/conversations/create", { locrit_name: "Pixie", user_id: "alice" });
      const newer = created.body.conversation_id as string;
      await rig.call("POST", `/api/conversations/${older}/message`, { message: "Je reviens" });

      const all = await rig.call("GET", "/api/conversations?user_id=alice");
      expect((all.body.conversations as { conversation_id: string }[]).map((item) => item.conversation_id)).toEqual([
        older,
        newer,
      ]);
      expect(all.body.count).toBe(2);
      const onlyPixie = await rig.call("GET", "/api/conversations?user_id=alice&locrit_name=Pixie");
      expect(
        (onlyPixie.body.conversations as { conversation_id: string }[]).map((item) => item.conversation_id),
      ).toEqual([newer]);
      const bobs = await rig.call("GET", "/api/conversations?user_id=bob");
      expect((bobs.body.conversations as { conversation_id: string }[]).map((item) => item.conversation_id)).toEqual([
        other,
      ]);

      // Ordinary chat sessions are not conversations.
      await rig.call("POST", "/api/locrits/Bob%20Technique/chat", { message: "Hors conversation" });
      expect((await rig.call("GET", "/api/conversations?user_id=web_user")).body.count).toBe(0);
    });

    it("reaches a conversation from socket.io chat_message with conversation_id", async () => {
      const id = await createConversation();
      const socket = io(rig.baseUrl, { forceNew: true, reconnection: false });
      try {
        await new Promise<void>((resolve) => socket.once("connected", () => resolve()));
        const complete = new Promise<{ session_id: string; content: string }>((resolve) =>
          socket.once("chat_complete", resolve),
        );
        socket.emit("chat_message", { locrit_name: "Bob Technique", conversation_id: id, message: "Par le socket" });
        expect(await complete).toMatchObject({ session_id: id, content: "Echo: Par le socket" });
      } finally {
        socket.disconnect();
      }
      expect((await rig.call("GET", `/api/conversations/${id}/info`)).body).toMatchObject({ message_count: 2 });
    });

    it("keeps conversations across a server restart: an existing one still answers and keeps its history", async () => {
      const id = await createConversation();
      await rig.call("POST", `/api/conversations/${id}/message`, { message: "My name is TestUser" });
      const deletedId = await createConversation();
      await rig.call("DELETE", `/api/conversations/${deletedId}`);

      await rig.restart();

      const info = await rig.call("GET", `/api/conversations/${id}/info`);
      expect(info.body).toMatchObject({ success: true, conversation_id: id, message_count: 2 });
      const answer = await rig.call("POST", `/api/conversations/${id}/message`, { message: "What is my name?" });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ success: true, response: "Echo: What is my name?", message_count: 4 });
      // The history follows the system messages (the prompt, and what recall found, such as a memory the
      // Locrit wrote of the name in the background).
      const sent = rig.model.chatRequests().at(-1)!.body!.messages!;
      expect(sent.filter((message) => message.role !== "system").slice(0, 2)).toEqual([
        { role: "user", content: "My name is TestUser" },
        { role: "assistant", content: "Echo: My name is TestUser" },
      ]);
      const history = await rig.call("GET", `/api/conversations/${id}`);
      expect(history.body.messages).toHaveLength(4);

      // A deleted conversation stays deleted after a restart, /info included (the original resurrected it).
      for (const path of [`/api/conversations/${deletedId}/info`, `/api/conversations/${deletedId}`]) {
        expect((await rig.call("GET", path)).status).toBe(404);
      }
      expect((await rig.call("POST", `/api/conversations/${deletedId}/message`, { message: "Hello" })).status).toBe(
        404,
      );
    });

    it("makes the same checks as the native chat: coded 4xx and nothing stored", async () => {
      const id = await createConversation();
      const empty = await rig.call("POST", `/api/conversations/${id}/message`, { message: "  " });
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ success: false, error: { code: "message_empty" } });
      const tooLarge = await rig.call("POST", `/api/conversations/${id}/message`, {
        message: "x".repeat(rig.harness.config.maxMessageBytes + 1),
      });
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body).toMatchObject({ success: false, error: { code: "message_too_large" } });
      const missing = await rig.call("POST", `/api/conversations/${id}/message`, {});
      expect(missing.status).toBe(400);
      expect((missing.body.error as { message: string }).message).toContain("message");

      await rig.call("POST", "/api/locrits/Bob%20Technique/toggle");
      const inactive = await rig.call("POST", `/api/conversations/${id}/message`, { message: "Hello" });
      expect(inactive.status).toBe(409);
      expect(inactive.body).toMatchObject({ success: false, error: { code: "locrit_inactive" } });
      expect((await rig.call("GET", `/api/conversations/${id}/info`)).body.message_count).toBe(0);
      expect(rig.model.chatRequests()).toHaveLength(0);

      const unknownLocrit = await rig.call("POST", "/api/conversations/create", { locrit_name: "Nobody" });
      expect(unknownLocrit.status).toBe(404);
      expect(unknownLocrit.body).toMatchObject({ success: false, error: { code: "locrit_not_found" } });
      const noLocrit = await rig.call("POST", "/api/conversations/create", { user_id: "x" });
      expect(noLocrit.status).toBe(400);
      expect((noLocrit.body.error as { message: string }).message).toContain("locrit_name");
      const noUser = await rig.call("GET", "/api/conversations");
      expect(noUser.status).toBe(400);
      expect((noUser.body.error as { message: string }).message).toContain("user_id");
      const unknownLocritList = await rig.call("GET", "/api/conversations?user_id=user123&locrit_name=Nobody");
      expect(unknownLocritList.status).toBe(404);
      const malformedId = await rig.call("GET", "/api/conversations/not%20an%20id");
      expect(malformedId.status).toBe(400);
      const unknownId = await rig.call("GET", "/api/conversations/3f2b8c1e-0000-4000-8000-000000000000");
      expect(unknownId.body).toMatchObject({ success: false, error: { code: "conversation_not_found" } });
      expect((await rig.call("GET", "/api/conversations?user_id=anonymous")).body.count).toBe(0);
    });

    it("refuses a conversation with a Locrit whose memory is disabled (it could not keep the context)", async () => {
      await rig.call("PUT", "/api/locrits/Bob%20Technique/config", { memory_service: "disabled" });
      const created = await rig.call("POST", "/api/conversations/create", { locrit_name: "Bob Technique" });
      expect(created.status).toBe(409);
      expect(created.body).toMatchObject({ success: false, error: { code: "memory_disabled" } });
    });
  },
);
