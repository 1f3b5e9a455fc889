import WebSocket from "ws";

/** One socket.io event as it came over the wire: `42["name", payload]` → `{name, args}`. */
export interface RawEvent {
  name: string;
  args: unknown[];
}

export interface RawSocket {
  /** Sends a frame exactly as given (engine.io + socket.io framing is the caller's job). */
  send(frame: string | Buffer): void;
  /** Sends `42["event", ...args]` on the namespace as raw JSON, whatever the args are. */
  emit(event: string, ...args: unknown[]): void;
  /** Resolves with the first event (already received or still to come) that matches. */
  waitFor(predicate: (event: RawEvent) => boolean, what: string, timeoutMs?: number): Promise<RawEvent>;
  events: RawEvent[];
  /** Resolves with the close code once the server closed the connection. */
  closed: Promise<number>;
  close(): void;
}

/**
 * A socket.io client written by hand over a plain websocket, for tests where the protocol matters:
 * frames no library client would send (extra arguments in the ack position, garbage, huge frames).
 * It answers engine.io pings and connects to one namespace.
 */
export async function openRawSocket(
  baseUrl: string,
  namespace: "/" | "/chat" = "/",
  headers: Record<string, string> = {},
): Promise<RawSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { headers });
  const prefix = namespace === "/" ? "" : `${namespace},`;
  const events: RawEvent[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    const frame = data.toString();
    if (frame === "2") return ws.send("3");
    if (frame.startsWith("0")) return ws.send(`40${prefix}`);
    const match = /^4([0-6])(?:\/[^,]*,)?(\d*)(.*)$/s.exec(frame);
    if (!match) return;
    const [, type, , body] = match;
    if (type === "0") events.push({ name: "__connect", args: [] });
    if (type === "2" || type === "3") {
      const parsed = JSON.parse(body!) as unknown[];
      events.push(type === "2" ? { name: String(parsed[0]), args: parsed.slice(1) } : { name: "__ack", args: parsed });
    }
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.once("unexpected-response", (_request, response) =>
      reject(new Error(`handshake refused: HTTP ${response.statusCode}`)),
    );
    ws.once("open", () => resolve());
  });
  const socket: RawSocket = {
    events,
    closed,
    send: (frame) => ws.send(frame),
    emit: (event, ...args) => ws.send(`42${prefix}${JSON.stringify([event, ...args])}`),
    close: () => ws.close(),
    waitFor: (predicate, what, timeoutMs = 20_000) =>
      new Promise<RawEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(events).slice(0, 2_000)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
  };
  await socket.waitFor((event) => event.name === "connected", "the connected event");
  return socket;
}
