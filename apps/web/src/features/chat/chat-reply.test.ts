import type { ChatChunkEvent, Message } from "@locrit/protocol";
import { describe, expect, it } from "vitest";
import { applyChunk, applyComplete, applyResume, mergeEntries, type LiveReply } from "./chat-reply";

const base = { locrit_name: "Bob Technique", session_id: "s1" };
const chunk = (seq: number, content: string): ChatChunkEvent => ({
  ...base,
  seq,
  content,
  timestamp: "2026-01-01T00:00:00.000Z",
});
const noIds = () => new Set<string>();
const message = (
  id: string,
  role: Message["role"],
  content: string,
  status: Message["status"] = "complete",
): Message => ({
  id,
  session_id: "s1",
  role,
  content,
  status,
  timestamp: "2026-01-01T00:00:00.000Z",
  metadata: {},
  edited_at: null,
  alternative_of: null,
  active: true,
});
const play = (start: LiveReply | null, chunks: ChatChunkEvent[]) =>
  chunks.reduce<LiveReply | null>((reply, event) => applyChunk(reply, event, noIds), start);

describe("chat reply (unit): applying socket events", () => {
  it("appends chunks in seq order and drops a chunk it already has", () => {
    const reply = play(null, [chunk(1, "Hel"), chunk(2, "lo"), chunk(2, "lo"), chunk(3, "!")]);
    expect(reply).toMatchObject({ content: "Hello!", seq: 3, status: "streaming" });
  });

  it("joins mid-reply from chat_resume, then takes only the later chunks: no gap, no duplicate", () => {
    const resumed = applyResume(null, { ...base, assistant_message_id: "a1", content: "w1 w2 w3 ", seq: 3 }, noIds);
    const reply = play(resumed, [chunk(3, "w3 "), chunk(4, "w4 ")]);
    expect(reply).toMatchObject({ assistantId: "a1", content: "w1 w2 w3 w4 ", seq: 4 });
  });

  it("keeps the chunks it has when a resume reports less, and learns the reply's id from it", () => {
    const reply = applyResume(
      play(null, [chunk(1, "a"), chunk(2, "b")]),
      { ...base, assistant_message_id: "a1", content: "a", seq: 1 },
      noIds,
    );
    expect(reply).toMatchObject({ assistantId: "a1", content: "ab", seq: 2 });
  });

  it("takes the stored content and status on completion, and starts a new reply at the next seq 1", () => {
    const done = applyComplete(
      play(null, [chunk(1, "partial")]),
      {
        ...base,
        timestamp: "t",
        user_message_id: "u1",
        assistant_message_id: "a1",
        content: "partial",
        status: "stopped",
        recalled: [],
      },
      noIds,
    );
    expect(done).toMatchObject({ assistantId: "a1", status: "stopped" });
    const next = applyChunk(done, chunk(1, "next"), noIds);
    expect(next).toMatchObject({ content: "next", seq: 1, status: "streaming" });
    expect(next.assistantId).toBeUndefined();
  });
});

describe("chat reply (unit): merging history with what is live", () => {
  const earlier = [message("u0", "user", "Hi"), message("a0", "assistant", "Hello")];
  const known = new Set(["u0", "a0"]);

  it("shows the message just sent and the streaming reply, hiding the stored partial copy", () => {
    const history = [...earlier, message("u1", "user", "Again"), message("a1", "assistant", "Par", "streaming")];
    const entries = mergeEntries(
      history,
      { content: "Again", knownIds: known },
      { content: "Partial", seq: 2, status: "streaming", knownIds: known },
    );
    expect(entries.map((entry) => [entry.id, entry.content])).toEqual([
      ["u0", "Hi"],
      ["a0", "Hello"],
      ["u1", "Again"],
      ["live-reply", "Partial"],
    ]);
  });

  it("keeps a finished reply on screen until history holds it, then shows the stored copy once", () => {
    const reply: LiveReply = { assistantId: "a1", content: "Done", seq: 3, status: "complete", knownIds: known };
    const pending = { content: "Again", knownIds: known };
    expect(mergeEntries(earlier, pending, reply).map((entry) => entry.id)).toEqual(["u0", "a0", "pending-user", "a1"]);
    const stored = [...earlier, message("u1", "user", "Again"), message("a1", "assistant", "Done")];
    expect(mergeEntries(stored, pending, reply).map((entry) => [entry.id, entry.live ?? false])).toEqual([
      ["u0", false],
      ["a0", false],
      ["u1", false],
      ["a1", false],
    ]);
  });

  // The history is first fetched once the turn is under way: it may hold the reply as it was while being written.
  it("shows the finished reply over a copy of it fetched while it was still streaming, until history has the end", () => {
    const reply: LiveReply = { assistantId: "a1", content: "Done now", seq: 3, status: "complete", knownIds: known };
    const fetchedMidway = [...earlier, message("u1", "user", "Again"), message("a1", "assistant", "Do", "streaming")];
    expect(
      mergeEntries(fetchedMidway, null, reply).map((entry) => [entry.id, entry.content, entry.live ?? false]),
    ).toEqual([
      ["u0", "Hi", false],
      ["a0", "Hello", false],
      ["u1", "Again", false],
      ["a1", "Done now", true],
    ]);
    const fetchedAfter = [...earlier, message("u1", "user", "Again"), message("a1", "assistant", "Done now")];
    expect(mergeEntries(fetchedAfter, null, reply).map((entry) => [entry.id, entry.live ?? false])).toEqual([
      ["u0", false],
      ["a0", false],
      ["u1", false],
      ["a1", false],
    ]);
  });

  it("recognises a reply without an id (chunks only, then an error) by the new assistant message in history", () => {
    const reply: LiveReply = { content: "Half", seq: 1, status: "incomplete", knownIds: known };
    const stored = [...earlier, message("u1", "user", "Again"), message("a9", "assistant", "Half", "incomplete")];
    expect(mergeEntries(stored, null, reply).map((entry) => entry.id)).toEqual(["u0", "a0", "u1", "a9"]);
  });

  it("marks a sent message whose turn failed, while it is not in history", () => {
    const entries = mergeEntries(earlier, { content: "Are you there?", knownIds: known, failed: true }, null);
    expect(entries.at(-1)).toMatchObject({ role: "user", content: "Are you there?", status: "error", live: true });
  });
});

describe("chat reply (unit): turns that got no answer", () => {
  it("marks a stored user message the server says was not answered, with the error's code", () => {
    const unanswered = { ...message("u1", "user", "Hello?"), metadata: { reply_error_code: "llm_unavailable" } };
    const entries = mergeEntries([message("u0", "user", "Hi"), unanswered], null, null);
    expect(entries.map((entry) => [entry.id, entry.status, entry.errorCode])).toEqual([
      ["u0", "complete", undefined],
      ["u1", "error", "llm_unavailable"],
    ]);
  });

  it("marks the message just sent with the failure's code until history holds it", () => {
    const entries = mergeEntries(
      [],
      { content: "Hello?", knownIds: new Set(), failed: true, errorCode: "llm_timeout" },
      null,
    );
    expect(entries).toEqual([
      expect.objectContaining({ id: "pending-user", status: "error", errorCode: "llm_timeout" }),
    ]);
  });
});

describe("chat reply (unit): alternatives", () => {
  const version = (
    id: string,
    role: Message["role"],
    content: string,
    alternativeOf: string | null,
    active: boolean,
  ) => ({
    ...message(id, role, content),
    alternative_of: alternativeOf,
    active,
  });
  const history = [
    version("u0", "user", "Hi", null, true),
    version("a0", "assistant", "First", null, false),
    version("a1", "assistant", "Second", "a0", false),
    version("a2", "assistant", "Third", "a1", true),
  ];

  it("shows active messages only, each with its versions in order and its place among them", () => {
    const entries = mergeEntries(history, null, null);
    expect(entries.map((entry) => [entry.id, entry.alternatives])).toEqual([
      ["u0", undefined],
      ["a2", { ids: ["a0", "a1", "a2"], index: 2 }],
    ]);
  });

  it("hides a message being replaced and what follows it, and a retried message's failure, until history says so", () => {
    expect(mergeEntries(history, null, null, undefined, { cutFrom: "a2" }).map((entry) => entry.id)).toEqual(["u0"]);
    const failed = { ...message("u1", "user", "Again?"), metadata: { reply_error_code: "llm_unavailable" } };
    const retried = mergeEntries([failed], null, null, undefined, { retrying: "u1" });
    expect(retried[0]).toMatchObject({ id: "u1", status: "complete" });
    expect(retried[0]!.errorCode).toBeUndefined();
  });
});
