import { afterEach, describe, expect, it } from "vitest";
import { startChatRig, type ChatRig } from "../../../test/helpers/chat-client.js";
import { openRawSocket, type RawEvent, type RawSocket } from "../../../test/helpers/raw-socket.js";

let rig: ChatRig | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await rig?.close();
  rig = undefined;
});

const open = async (namespace: "/" | "/chat" = "/") => {
  const socket = await openRawSocket(rig!.baseUrl, namespace);
  sockets.push(socket);
  return socket;
};
const isError = (code: string) => (event: RawEvent) =>
  event.name === "error" && (event.args[0] as { code?: string }).code === code;

/** The server is still there: HTTP answers and a fresh socket gets through a round trip. */
async function expectAlive(): Promise<void> {
  const health = await fetch(`${rig!.baseUrl}/health`);
  expect([200, 503]).toContain(health.status);
  const probe = await open();
  probe.emit("join_locrit", { locrit_name: rig!.locritName });
  await probe.waitFor((event) => event.name === "joined_locrit", "joined_locrit on a fresh socket");
}

describe("socket.io handlers distrust every frame (raw websocket frames against a real server)", () => {
  it.each(["/", "/chat"] as const)(
    "survives an extra argument that is not a function on every event (%s)",
    async (namespace) => {
      rig = await startChatRig();
      const socket = await open(namespace);
      const name = rig.locritName;
      socket.emit("join_locrit", {}, "x");
      await socket.waitFor(isError("validation_error"), "validation_error for join_locrit {}");
      socket.emit("join_locrit", { locrit_name: name }, "x");
      await socket.waitFor((event) => event.name === "joined_locrit", "joined_locrit");
      socket.emit("join_chat", { locrit_name: "Nobody", session_id: "s1" }, "x");
      await socket.waitFor(isError("locrit_not_found"), "locrit_not_found for join_chat");
      socket.emit("leave_chat", { locrit_name: name, session_id: "s1" }, "x");
      await socket.waitFor((event) => event.name === "left_chat", "left_chat");
      socket.emit("chat_stop", { locrit_name: name, session_id: "s1" }, 42);
      socket.emit("chat_message", { locrit_name: name, message: "" }, "x");
      await socket.waitFor(isError("message_empty"), "message_empty");
      await expectAlive();
    },
  );

  it("still answers a turn whose ack position holds a string: user message and reply stored", async () => {
    rig = await startChatRig();
    const socket = await open();
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "hi", session_id: "s" }, "x");
    const complete = await socket.waitFor((event) => event.name === "chat_complete", "chat_complete");
    expect(complete.args[0]).toMatchObject({ session_id: "s", status: "complete" });
    const page = (
      await rig.harness.app.inject({
        url: `/api/locrits/${encodeURIComponent(rig.locritName)}/memory/sessions/s/messages`,
      })
    ).json<{ messages: { role: string; status: string }[] }>();
    expect(page.messages.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
  });

  it("answers acks by id, success and failure alike", async () => {
    rig = await startChatRig();
    const socket = await open();
    socket.send(`421${JSON.stringify(["join_locrit", { locrit_name: rig.locritName }])}`);
    socket.send(`422${JSON.stringify(["join_locrit", { locrit_name: 7 }])}`);
    await socket.waitFor(
      (event) => event.name === "__ack" && (event.args[0] as { ok?: boolean }).ok === true,
      "a positive ack",
    );
    const failed = await socket.waitFor(
      (event) => event.name === "__ack" && (event.args[0] as { ok?: boolean }).ok === false,
      "a negative ack",
    );
    expect(failed.args[0]).toMatchObject({ ok: false, error: { code: "validation_error" } });
  });

  it("answers an unknown event with unknown_event", async () => {
    rig = await startChatRig();
    const socket = await open();
    socket.emit("delete_everything", { locrit_name: rig.locritName });
    socket.emit("error", { code: "spoofed" });
    const unknown = await socket.waitFor(isError("unknown_event"), "unknown_event");
    expect((unknown.args[0] as { message: string }).message).toContain("delete_everything");
    await expectAlive();
  });

  it("tells a client its frame is over the size limit before closing the connection", async () => {
    rig = await startChatRig();
    const socket = await open();
    socket.emit("chat_message", { locrit_name: rig.locritName, message: "x".repeat(1_100_000), session_id: "big" });
    await socket.waitFor(isError("message_too_large"), "message_too_large");
    await socket.closed;
    const sessions = (
      await rig.harness.app.inject({ url: `/api/locrits/${encodeURIComponent(rig.locritName)}/memory/sessions` })
    ).json<{ sessions: unknown[] }>();
    expect(sessions.sessions).toEqual([]);
    await expectAlive();
  });

  it.each(["42[", "42{}", "4", "49[]", '42["join_locrit"', "not socket.io"])(
    "closes the connection on a garbage frame %j and stays up",
    async (frame) => {
      rig = await startChatRig();
      const socket = await open();
      socket.send(frame);
      socket.send(Buffer.from([0xff, 0x00, 0x13]));
      await socket.closed;
      await expectAlive();
    },
  );
});
