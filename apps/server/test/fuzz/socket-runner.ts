import { clientEventSchemas, errorCodeSchema } from "@locrit/protocol";
import { Decoder, PacketType, type Packet } from "socket.io-parser";
import { diffSnapshots, settledSnapshot, type DbWatcher } from "./db-snapshot.js";
import type { FixtureKeeper } from "./fuzz-fixtures.js";
import type { FuzzReport } from "./fuzz-report.js";
import { FuzzSocket, namespacePrefix, type Received } from "./fuzz-socket.js";
import { fillTokens } from "./rest-runner.js";
import type { SocketCase } from "./socket-cases.js";

export interface SocketContext {
  baseUrl: string;
  watcher: DbWatcher;
  fixtures: FixtureKeeper;
  report: FuzzReport;
}

/** The ack id of the probe sent after every fuzz frame: its answer shows the frame was handled and the connection is up. */
const PROBE_ID = "77777";
const ANSWER_CEILING_MS = 20_000;

const isTurnEvent = (entry: Received) =>
  (entry.kind === "event" &&
    ["chat_chunk", "chat_complete", "chat_response", "chat_resume"].includes(String(entry.name))) ||
  (entry.kind === "event" &&
    entry.name === "error" &&
    /^llm_|^model_not_found$/.test(String((entry.args[0] as { code?: unknown } | undefined)?.code)));

const errorEvents = (received: Received[]) =>
  received.filter(
    (entry): entry is Extract<Received, { kind: "event" }> => entry.kind === "event" && entry.name === "error",
  );
const codeOf = (entry: { args: unknown[] }) => (entry.args[0] as { code?: unknown } | undefined)?.code;

/** `{code, message}` with a code from the protocol's list: the socket's error shape. */
function isErrorShape(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return errorCodeSchema.safeParse(code).success && typeof message === "string";
}

function describeFrames(frames: (string | Buffer)[]): string {
  return frames
    .map((frame) =>
      Buffer.isBuffer(frame)
        ? `<binary ${frame.length} bytes: ${frame.subarray(0, 24).toString("hex")}>`
        : frame.length > 300
          ? `${frame.slice(0, 300)}… (${frame.length} chars)`
          : frame,
    )
    .join("  then  ");
}

/**
 * A well-formed packet that the connection's state does not allow: addressed to a namespace it never
 * joined (`42` sent on `/chat` is an event for `/`), a second CONNECT, or a CONNECT_ERROR, which only
 * servers send. socket.io itself closes the connection for these ("invalid state") before any handler
 * of ours sees them; they are checked for the process staying up, not for an error event.
 */
function outOfState(frame: string | Buffer, namespace: string): boolean {
  // `4` is engine.io's "message"; what follows is the socket.io packet.
  if (typeof frame !== "string" || !frame.startsWith("4")) return false;
  const decoder = new Decoder();
  let packet: Packet | undefined;
  decoder.on("decoded", (decoded: Packet) => (packet = decoded));
  try {
    decoder.add(frame.slice(1));
  } catch {
    return false;
  } finally {
    decoder.destroy();
  }
  if (packet === undefined) return false;
  return packet.nsp !== namespace || packet.type === PacketType.CONNECT || packet.type === PacketType.CONNECT_ERROR;
}

const parseArgs = (frame: string): unknown[] | undefined => {
  const match = /^42(?:\/[^,]*,)?\d*(\[.*)$/s.exec(frame);
  try {
    return match ? (JSON.parse(match[1]!) as unknown[]).slice(1) : undefined;
  } catch {
    return undefined;
  }
};

/** Opens a connection, sends the case's frames and a probe, and checks what came back against what the server owes. */
export async function runSocketCase(context: SocketContext, testCase: SocketCase): Promise<void> {
  const { report, watcher } = context;
  const fixtures = await context.fixtures.ensure();
  const frames = testCase.frames.map((frame) => (typeof frame === "string" ? fillTokens(frame, fixtures) : frame));
  const target = `socket ${testCase.namespace} ${testCase.kind}${testCase.event ? ` ${String(testCase.event.name).slice(0, 40)}` : ""}`;
  const input = `${testCase.namespace}: ${describeFrames(frames)}`;
  const violation = (invariant: string, observed: string) => report.record({ invariant, target, input, observed });
  report.current = { target, input };

  let socket: FuzzSocket;
  try {
    socket = await FuzzSocket.open(context.baseUrl, testCase.namespace);
  } catch (error) {
    violation("a socket.io connection before the case", String(error));
    return;
  }
  try {
    const before = watcher.snapshot();
    for (const frame of frames) {
      socket.send(frame);
      report.frames += 1;
    }
    const probeAnswered = () => socket.received.some((entry) => entry.kind === "ack" && entry.id === PROBE_ID);
    if (testCase.disconnects) {
      await socket.until(() => socket.closed, 200);
    } else {
      socket.send(
        `42${namespacePrefix(testCase.namespace)}${PROBE_ID}${JSON.stringify(["join_locrit", { locrit_name: fixtures.locrit }])}`,
      );
      if (!(await socket.until(() => probeAnswered() || socket.closed, ANSWER_CEILING_MS)))
        violation("an answer (the probe after the frame got none)", JSON.stringify(socket.received).slice(0, 600));
    }
    if (testCase.event?.name === "chat_message") {
      // A valid message starts a turn (or is refused): wait for its end so that its last writes are not
      // counted against the next case; the sender always hears the end.
      const args = parseArgs(frames[0] as string) ?? testCase.event.args;
      if (clientEventSchemas.chat_message.safeParse(args[0]).success && !socket.closed) {
        const ended = () =>
          socket.received.some(
            (entry) =>
              entry.kind === "event" && ["chat_complete", "chat_response", "error"].includes(String(entry.name)),
          );
        if (!(await socket.until(ended, ANSWER_CEILING_MS)))
          violation(
            "chat_complete, chat_response or error after a valid chat_message",
            JSON.stringify(socket.received).slice(0, 600),
          );
      }
      await settledSnapshot(watcher);
    }
    const received = [...socket.received];
    const observed = JSON.stringify(received).slice(0, 600);
    const closeAt = received.findIndex((entry) => entry.kind === "close");
    const errorsBeforeClose = errorEvents(closeAt < 0 ? received : received.slice(0, closeAt));

    for (const entry of errorEvents(received))
      if (!isErrorShape(entry.args[0])) violation("error event {code, message}", JSON.stringify(entry));
    // An ack id past 2^53 cannot come back as sent (socket.io answers `431e+30[…]`): only acks to ids it can echo are checked.
    const ackId = testCase.event?.ackId === undefined ? undefined : String(Number(testCase.event.ackId));
    for (const entry of received) {
      if (entry.kind !== "ack" || entry.id === PROBE_ID || entry.id !== ackId) continue;
      const result = entry.args[0] as { ok?: unknown; error?: unknown } | undefined;
      if (
        typeof result !== "object" ||
        result === null ||
        typeof result.ok !== "boolean" ||
        (result.ok === false && !isErrorShape(result.error))
      )
        violation("ack {ok: true, …} or {ok: false, error: {code, message}}", JSON.stringify(entry));
    }

    if (testCase.kind === "event" && testCase.event) {
      const name = testCase.event.name;
      const args = parseArgs(frames[0] as string) ?? testCase.event.args;
      const known = typeof name === "string" && Object.hasOwn(clientEventSchemas, name);
      const expected = !known
        ? "unknown_event"
        : clientEventSchemas[name as keyof typeof clientEventSchemas].safeParse(args[0]).success
          ? undefined
          : "validation_error";
      if (expected && !errorEvents(received).some((entry) => codeOf(entry) === expected))
        violation(`error {code: "${expected}"}`, observed);
      if (closeAt >= 0) violation("the connection stays up after a well-formed event", observed);
    }
    const invalidState = frames.some((frame) => outOfState(frame, testCase.namespace));
    if (testCase.kind === "socketio-garbage" && !invalidState && closeAt >= 0 && errorsBeforeClose.length === 0)
      violation("an error event before the server closes", observed);
    if (testCase.kind === "too-large" && !errorsBeforeClose.some((entry) => codeOf(entry) === "message_too_large"))
      violation('error {code: "message_too_large"} before the close', observed);

    // Rejected (an error came back, or the frame was garbage) and no turn ran: nothing may have been stored.
    const rejected = testCase.kind !== "event" || errorEvents(received).length > 0;
    if (rejected && !received.some(isTurnEvent)) {
      const changed = diffSnapshots(before, await settledSnapshot(watcher, 500));
      const rows = Object.values(changed).reduce((sum, count) => sum + count, 0);
      if (rows > 0) {
        report.rowsChangedByRejectedWrites += rows;
        violation(
          "nothing stored by a rejected frame",
          `rows changed: ${JSON.stringify(changed)}; received ${observed}`,
        );
      }
    }
  } finally {
    socket.close();
  }
}

/** The process is up: `/health` answers, and a fresh socket.io connection gets an ack. */
export async function checkAlive(context: SocketContext, when: string): Promise<void> {
  const fixtures = await context.fixtures.ensure();
  const health = await fetch(`${context.baseUrl}/health`, { signal: AbortSignal.timeout(20_000) });
  if (!(health.headers.get("content-type") ?? "").includes("application/json"))
    throw new Error(`${when}: /health answered ${health.status} without JSON`);
  for (const namespace of ["/", "/chat"] as const) {
    const socket = await FuzzSocket.open(context.baseUrl, namespace);
    try {
      socket.send(
        `42${namespacePrefix(namespace)}${PROBE_ID}${JSON.stringify(["join_locrit", { locrit_name: fixtures.locrit }])}`,
      );
      await socket.waitFor(
        () =>
          socket.received.some(
            (entry) => entry.kind === "ack" && entry.id === PROBE_ID && (entry.args[0] as { ok?: unknown }).ok === true,
          ),
        `${when}: a socket.io round trip on ${namespace}`,
        20_000,
      );
    } finally {
      socket.close();
    }
  }
}
