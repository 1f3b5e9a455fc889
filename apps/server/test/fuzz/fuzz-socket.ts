import WebSocket from "ws";

/** What came back over the wire, in order: socket.io events, acks, connect errors, and the close. */
export type Received =
  | { kind: "event"; name: unknown; args: unknown[] }
  | { kind: "ack"; id: string; args: unknown[] }
  | { kind: "connect_error"; payload: unknown }
  | { kind: "close"; code: number };

export type Namespace = "/" | "/chat";

export const namespacePrefix = (namespace: Namespace) => (namespace === "/" ? "" : "/chat,");

/**
 * A socket.io client by hand over a plain websocket, one per fuzz case: it does the engine.io
 * handshake and the namespace connect, answers pings, records everything it receives, and sends
 * any frame the caller gives it — the frames no library would send.
 */
export class FuzzSocket {
  readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      if (!isBinary) this.onText(data.toString());
      this.wake();
    });
    ws.on("close", (code) => {
      this.received.push({ kind: "close", code });
      this.wake();
    });
    // A server that drops the connection mid-frame is seen as a close; nothing to do here.
    ws.on("error", () => undefined);
  }

  static async open(baseUrl: string, namespace: Namespace, timeoutMs = 20_000): Promise<FuzzSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
    const socket = new FuzzSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_request, response) =>
        reject(new Error(`handshake refused: HTTP ${response.statusCode}`)),
      );
    });
    await socket.waitFor(() => socket.opened, "the engine.io open packet", timeoutMs);
    ws.send(`40${namespacePrefix(namespace)}`);
    await socket.waitFor(
      () => socket.received.some((entry) => entry.kind === "event" && entry.name === "connected"),
      "the connected event",
      timeoutMs,
    );
    socket.received.length = 0;
    return socket;
  }

  private opened = false;

  private onText(frame: string): void {
    if (frame.startsWith("0")) this.opened = true;
    if (frame === "2") return this.send("3");
    const match = /^4([0-6])(?:\/[^,]*,)?(\d*)(.*)$/s.exec(frame);
    if (!match) return;
    const [, type, id, body] = match;
    const parsed = body ? safeParse(body) : undefined;
    if (type === "2" && Array.isArray(parsed))
      this.received.push({ kind: "event", name: parsed[0], args: parsed.slice(1) });
    if (type === "3") this.received.push({ kind: "ack", id: id!, args: Array.isArray(parsed) ? parsed : [parsed] });
    if (type === "4") this.received.push({ kind: "connect_error", payload: parsed });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get closed(): boolean {
    return this.received.some((entry) => entry.kind === "close");
  }

  send(frame: string | Buffer): void {
    if (this.isOpen) this.ws.send(frame, { binary: Buffer.isBuffer(frame) });
  }

  /** Resolves true when `condition` holds, false when `timeoutMs` passed first. */
  until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (!(await this.until(condition, timeoutMs)))
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received).slice(0, 1_000)}`);
  }

  close(): void {
    this.ws.terminate();
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
