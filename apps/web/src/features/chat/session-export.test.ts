import type { Message, SessionListItem } from "@locrit/protocol";
import { describe, expect, it } from "vitest";
import { exportFileName, sessionToJson, sessionToMarkdown, type SessionExport } from "./session-export";

const session: SessionListItem = {
  id: "session_1",
  locrit_name: "Bob Technique",
  title: "Trip to Rome",
  user_id: null,
  metadata: {},
  created_at: "2026-01-01T10:00:00.000Z",
  updated_at: "2026-01-01T10:01:00.000Z",
  message_count: 2,
  first_message: null,
  last_message: null,
};
const message = (id: string, role: Message["role"], content: string, extra: Partial<Message> = {}): Message => ({
  id,
  session_id: "session_1",
  role,
  content,
  timestamp: `2026-01-01T10:0${id}:00.000Z`,
  status: "complete",
  metadata: {},
  edited_at: null,
  alternative_of: null,
  active: true,
  ...extra,
});

const data: SessionExport = {
  session,
  messages: [
    message("1", "user", "Where should we eat?"),
    message("2", "assistant", "An old answer", { active: false }),
    message("3", "assistant", "Try **Trastevere**.\n\n| a | b |\n| - | - |"),
    message("4", "assistant", "Half a", { status: "stopped" }),
  ],
};

describe("session export (unit)", () => {
  it("writes the conversation as it reads: who, when, the text as written, replaced replies left out", () => {
    expect(sessionToMarkdown("Bob Technique", data)).toBe(
      [
        "# Trip to Rome",
        "",
        "Conversation with Bob Technique · 3 messages · started 2026-01-01T10:00:00.000Z · session `session_1`",
        "",
        "## You · 2026-01-01T10:01:00.000Z",
        "",
        "Where should we eat?",
        "",
        "## Bob Technique · 2026-01-01T10:03:00.000Z",
        "",
        "Try **Trastevere**.\n\n| a | b |\n| - | - |",
        "",
        "## Bob Technique · 2026-01-01T10:04:00.000Z (stopped)",
        "",
        "Half a",
        "",
      ].join("\n"),
    );
  });

  it("keeps the API's shapes in JSON, alternatives included", () => {
    expect(JSON.parse(sessionToJson(data))).toEqual(data);
  });

  it("names the file after the Locrit and the title, without characters file systems refuse", () => {
    expect(exportFileName("Bob Technique", session, "md")).toBe("Bob Technique - Trip to Rome.md");
    expect(exportFileName("Bob", { ...session, title: 'a/b:c*?"<>|\u0007d' }, "json")).toBe("Bob - a b c d.json");
    expect(exportFileName("Bob", { ...session, title: "" }, "json")).toBe("Bob - session_1.json");
  });
});
