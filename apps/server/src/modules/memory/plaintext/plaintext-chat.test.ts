import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type ChatRig, closeAfterEach, startChatRig } from "../../../../test/helpers/chat-client.js";
import { postSse } from "../../../../test/helpers/sse-client.js";
import { readLocritFiles } from "./plaintext-memory.reader.js";

let rig: ChatRig | undefined;
closeAfterEach(() => rig);

describe("plaintext_file memory with the real chat (integration)", () => {
  it("writes each turn once: the user message, then the final reply (not its streaming flushes)", async () => {
    rig = await startChatRig({ locrit: { memory_service: "plaintext_file" } });
    const url = `${rig.baseUrl}/api/locrits/Bob%20Technique/chat`;
    for (const message of ["First words", "Second words"]) {
      const answer = await postSse(url, { message, session_id: "file-chat", stream: true });
      expect(answer.frames.at(-1)).toMatchObject({ done: true });
    }
    await rig.harness.app.memoryFiles.whenIdle();

    const id = (
      await rig.harness.storage.db
        .selectFrom("locrits")
        .select("id")
        .where("name", "=", "Bob Technique")
        .executeTakeFirstOrThrow()
    ).id;
    const [session] = await readLocritFiles(rig.harness.app.memoryFiles.folders, id);
    const history = (
      await rig.harness.app.inject({
        method: "GET",
        url: "/api/locrits/Bob%20Technique/memory/sessions/file-chat/messages",
      })
    ).json();
    expect(session!.messages.map((message) => [message.id, message.role, message.content, message.status])).toEqual(
      history.messages.map((message: { id: string; role: string; content: string; status: string }) => [
        message.id,
        message.role,
        message.content,
        message.status,
      ]),
    );
    expect(session!.messages.map((message) => message.content)).toEqual([
      "First words",
      "Echo: First words",
      "Second words",
      "Echo: Second words",
    ]);
    const folder = (await rig.harness.app.memoryFiles.folders.find(id))!;
    const text = await readFile(rig.harness.app.memoryFiles.folders.sessionFile(folder, "file-chat"), "utf8");
    expect(text.split("\n").filter((line) => /^\d{4}-/.test(line))).toHaveLength(4);
  });
});
