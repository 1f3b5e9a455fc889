import fc from "fast-check";
import { clientEventSchemas } from "@locrit/protocol";
import { namespacePrefix, type Namespace } from "./fuzz-socket.js";
import { wrongValue } from "./json-schema-arbitrary.js";
import { fixtureToken } from "./rest-runner.js";

export const KNOWN_EVENTS = Object.keys(clientEventSchemas) as (keyof typeof clientEventSchemas)[];

/**
 * One frame to throw at a connected socket. `kind` says what the server owes in return:
 * - `event`: a well-formed event frame (its payload may be anything); an invalid payload or unknown
 *   event is answered with `error {code}`, and the connection stays up.
 * - `socketio-garbage`: a socket.io packet the parser refuses; the server may close, but says why first.
 * - `too-large`: over the 1 MB limit; `error {code: "message_too_large"}` before the close.
 * - `engine`: engine.io-level junk or a deliberate disconnect; the server must only stay up.
 */
export interface SocketCase {
  namespace: Namespace;
  kind: "event" | "socketio-garbage" | "too-large" | "engine";
  /** Text frames hold fixture tokens, filled in when the case runs; a Buffer goes as a binary frame. */
  frames: (string | Buffer)[];
  /** For `event`: the name and arguments as sent (payload first), to check the answer. */
  event?: { name: unknown; args: unknown[]; ackId?: string };
  /** A disconnect the client asked for (`41`, engine.io `1`): no answer is owed on this connection. */
  disconnects?: boolean;
}

const locritName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(fixtureToken("locrit"), fixtureToken("locrit"), fixtureToken("downLocrit")) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", " ", "nobody", "FUZZ TARGET 1", "名".repeat(300), "x".repeat(201), "../../etc"),
  },
  { weight: 1, arbitrary: wrongValue },
);
const sessionId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(fixtureToken("session"), fixtureToken("longSession")) },
  { weight: 1, arbitrary: fc.constantFrom("", "a".repeat(129), "../x", "a b", "%zz", "ses\u0000sion") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/) },
  { weight: 1, arbitrary: wrongValue },
);
const message = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("", " ", "\u0000", "\ud800"), wrongValue);

/** A payload built from the event's fields, with any field possibly wrong, missing or extra. */
const shapedPayload = fc
  .record(
    {
      locrit_name: locritName,
      session_id: sessionId,
      conversation_id: sessionId,
      message,
      stream: fc.oneof(fc.boolean(), wrongValue),
    },
    { requiredKeys: [] },
  )
  .chain((payload) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(payload) },
      {
        weight: 1,
        arbitrary: fc
          .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
          .map((extra) => ({ ...extra, ...payload })),
      },
    ),
  );

const payload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: shapedPayload },
  { weight: 1, arbitrary: wrongValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const eventName: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...KNOWN_EVENTS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "error",
      "chat",
      "JOIN_CHAT",
      "join_chat ",
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "",
      "x".repeat(5_000),
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(0)) },
);

/** Arguments after the payload: in the ack position, something that is not a function. */
const extras = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(fc.constantFrom("x", 1, null, true, {}, [], "function () {}"), wrongValue), {
      minLength: 1,
      maxLength: 3,
    }),
  },
);

const ackId = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.oneof(fc.nat({ max: 1_000 }).map(String), fc.constantFrom("0", "007", "9".repeat(30))) },
);

function eventCase(namespace: Namespace): fc.Arbitrary<SocketCase> {
  return fc
    .tuple(eventName, fc.option(payload, { freq: 8, nil: undefined }), extras, ackId)
    .map(([name, body, rest, id]) => {
      const args = body === undefined && rest.length === 0 ? [] : [body ?? null, ...rest];
      const frame = `42${namespacePrefix(namespace)}${id ?? ""}${JSON.stringify([name, ...args])}`;
      return { namespace, kind: "event" as const, frames: [frame], event: { name, args, ackId: id } };
    });
}

function garbageCase(namespace: Namespace): fc.Arbitrary<SocketCase> {
  const ns = namespacePrefix(namespace);
  const socketio = fc.oneof(
    fc.constantFrom(
      "4",
      "42",
      `42${ns}[`,
      `42${ns}{}`,
      `42${ns}[]`,
      `42${ns}[null]`,
      `42${ns}"x"`,
      `42${ns}["connect"]`,
      `42${ns}["disconnect",{}]`,
      `42${ns}["disconnecting"]`,
      `42${ns}["newListener",{}]`,
      `42${ns}["removeListener"]`,
      "4x",
      "49",
      "48[]",
      `43${ns}[]`,
      `43${ns}7["x"]`,
      `44${ns}{}`,
      `45${ns}`,
      `46${ns}[]`,
      `47${ns}`,
      `42${ns}-1["join_chat",{}]`,
      `42${ns}1.5["join_chat",{}]`,
      `42${ns}${"1".repeat(400)}["join_chat",{}]`,
      `42/nope,["join_chat",{}]`,
      "40/nope,",
      `42${ns}["join_chat",${"[".repeat(10_000)}${"]".repeat(10_000)}]`,
    ),
    fc.string({ maxLength: 40 }).map((text) => `4${text}`),
    fc.string({ maxLength: 40 }).map((text) => `42${ns}${text}`),
  );
  const binary: fc.Arbitrary<(string | Buffer)[]> = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 200 }).map((bytes): (string | Buffer)[] => [Buffer.from(bytes)]),
    // A binary event announcing an attachment that never comes, or a real attachment where the payload should be.
    fc.constant<(string | Buffer)[]>([
      `451-${ns}["join_chat",{"_placeholder":true,"num":0}]`,
      `42${ns}["join_locrit",{}]`,
    ]),
    fc.constant<(string | Buffer)[]>([
      `451-${ns}["chat_message",{"_placeholder":true,"num":0}]`,
      Buffer.from("raw bytes"),
    ]),
    fc.constant<(string | Buffer)[]>([
      `452-${ns}["chat_message",{"_placeholder":true,"num":5}]`,
      Buffer.from("a"),
      Buffer.from("b"),
    ]),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: socketio.map((frame) => ({ namespace, kind: "socketio-garbage" as const, frames: [frame] })),
    },
    { weight: 2, arbitrary: binary.map((frames) => ({ namespace, kind: "socketio-garbage" as const, frames })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom("", "2", "3", "5", "6", "7", "9", "0", "0{}", "2probe", "x", "\u0000"),
          fc.string({ maxLength: 40 }).filter((text) => !text.startsWith("4") && !text.startsWith("1")),
        )
        .map((frame) => ({ namespace, kind: "engine" as const, frames: [frame] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(`41${ns}`, "1")
        .map((frame) => ({ namespace, kind: "engine" as const, frames: [frame], disconnects: true })),
    },
  );
}

/** Frames over the 1 MB limit (and under the transport's own cut-off): text and binary. */
function tooLargeCase(namespace: Namespace): fc.Arbitrary<SocketCase> {
  const ns = namespacePrefix(namespace);
  return fc
    .constantFrom(1_100_000, 2_000_000, 4_000_000)
    .chain((size) =>
      fc
        .constantFrom<(string | Buffer)[]>(
          [
            `42${ns}${JSON.stringify(["chat_message", { locrit_name: fixtureToken("locrit"), message: "a".repeat(size) }])}`,
          ],
          [`42${ns}["x${"y".repeat(size)}"]`],
          [`451-${ns}["chat_message",{"_placeholder":true,"num":0}]`, Buffer.alloc(size, 1)],
        )
        .map((frames) => ({ namespace, kind: "too-large" as const, frames })),
    );
}

export function socketCase(namespace: Namespace): fc.Arbitrary<SocketCase> {
  return fc.oneof(
    { weight: 12, arbitrary: eventCase(namespace) },
    { weight: 5, arbitrary: garbageCase(namespace) },
    { weight: 1, arbitrary: tooLargeCase(namespace) },
  );
}
