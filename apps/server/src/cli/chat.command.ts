import { createInterface, type Interface } from "node:readline";
import { createParser } from "eventsource-parser";
import { SESSION_ID_PATTERN } from "@locrit/protocol";
import { z } from "zod";

export const CHAT_USAGE = `chat <name> [--session <id>] [--url <server>] [--token <owner token>]
                           talk to a Locrit in the terminal through the running server (streamed;
                           Ctrl-C stops a reply, a second Ctrl-C quits); the conversation's last
                           messages are shown first; beyond single-user mode an owner API token
                           (--token or LOCRIT_TOKEN)`;

const HISTORY_SHOWN = 20;
const PAGE_LIMIT = 100;

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  err: (line: string) => void;
  /** Subscribes to the process's Ctrl-C (when stdin is not the terminal, it arrives as SIGINT). */
  onInterrupt: (listener: () => void) => void;
}

interface ChatOptions {
  name: string;
  sessionId: string;
  baseUrl: string;
  /** An owner API token, for a server beyond single-user mode. */
  token?: string;
}

/** `chat <name> [--session id] [--url server] [--token token]`, or what is wrong with the arguments. */
export function parseChatArguments(args: string[], defaultUrl: string, envToken?: string): ChatOptions | string {
  const [name, ...rest] = args;
  if (!name || name.startsWith("--")) return "Name the Locrit: chat <name> [--session <id>] [--url <server>]";
  let sessionId = "default";
  let baseUrl = defaultUrl;
  let token = envToken || undefined;
  for (let index = 0; index < rest.length; index += 2) {
    const [flag, value] = [rest[index], rest[index + 1]];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === "--session") sessionId = value;
    else if (flag === "--url") baseUrl = value.replace(/\/+$/, "");
    else if (flag === "--token") token = value;
    else return `Unknown option ${flag}`;
  }
  if (!SESSION_ID_PATTERN.test(sessionId)) return "--session: 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'";
  return { name, sessionId, baseUrl, token };
}

/** What the terminal reads of the chat's SSE frames (SPEC §4). */
const sseFrameSchema = z.union([
  z.object({ done: z.literal(false), chunk: z.string() }),
  z.object({ done: z.literal(true), error: z.object({ code: z.string(), message: z.string() }) }),
  z.object({ done: z.literal(true), status: z.string().optional() }),
]);

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const messagesPage = z.object({
  messages: z.array(z.object({ role: z.string(), content: z.string(), status: z.string().optional() })),
  next_cursor: z.string().nullish(),
});

/** A server's coded error as one line, or the HTTP status when the body says nothing. */
async function failureOf(response: Response): Promise<string> {
  const parsed = errorBody.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? `${parsed.data.error.message} (${parsed.data.error.code})` : `HTTP ${response.status}`;
}

/** The terminal chat: one conversation of one Locrit, over the server's REST chat (SSE) and stop routes. */
export class TerminalChat {
  private replying: AbortController | undefined;
  private stopAsked = false;
  private readonly locritPath: string;

  constructor(
    private readonly options: ChatOptions,
    private readonly io: ChatIo,
  ) {
    this.locritPath = `${options.baseUrl}/api/locrits/${encodeURIComponent(options.name)}`;
  }

  /** Exit code: 0 when the user leaves, 1 when the Locrit or the server cannot be reached. */
  async run(): Promise<number> {
    const locrit = await this.call("").catch(() => undefined);
    if (!locrit?.ok) {
      this.io.err(
        locrit ? await failureOf(locrit) : `No Locrit server answers at ${this.options.baseUrl}: is it running?`,
      );
      return 1;
    }
    const name = z.object({ locrit: z.object({ name: z.string() }) }).parse(await locrit.json()).locrit.name;
    await this.showHistory(name);
    this.write(
      `Talking to ${name} in session '${this.options.sessionId}'. Ctrl-C stops a reply; Ctrl-C again quits.\n`,
    );

    const lines = createInterface({ input: this.io.input, output: this.io.output, terminal: false });
    return new Promise<number>((resolve) => {
      const quit = () => {
        lines.close();
        resolve(0);
      };
      const interrupt = () => {
        if (this.replying && !this.stopAsked) return void this.stop();
        quit();
      };
      this.io.onInterrupt(interrupt);
      lines.on("SIGINT", interrupt);
      void this.converse(lines, name).then(quit);
    });
  }

  /** A request to the server, with the token when there is one. */
  private call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.token) headers.set("authorization", `Bearer ${this.options.token}`);
    return fetch(`${this.locritPath}${path}`, { ...init, headers });
  }

  private write(text: string): void {
    this.io.output.write(text);
  }

  /** The conversation's last messages, so the user knows where it stands. */
  private async showHistory(name: string): Promise<void> {
    const messages: z.infer<typeof messagesPage>["messages"] = [];
    let cursor: string | undefined;
    do {
      const query = `limit=${PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await this.call(
        `/memory/sessions/${encodeURIComponent(this.options.sessionId)}/messages?${query}`,
      );
      if (response.status === 404) return; // a new conversation
      if (!response.ok) return this.io.err(`The history could not be read: ${await failureOf(response)}`);
      const page = messagesPage.parse(await response.json());
      messages.push(...page.messages);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const shown = messages.slice(-HISTORY_SHOWN);
    if (shown.length < messages.length) this.write(`… ${messages.length - shown.length} earlier message(s)\n`);
    for (const message of shown) {
      const speaker = message.role === "user" ? "you" : name;
      const mark = message.status && message.status !== "complete" ? ` [${message.status}]` : "";
      this.write(`${speaker}> ${message.content}${mark}\n`);
    }
  }

  private async converse(lines: Interface, name: string): Promise<void> {
    this.write("you> ");
    for await (const line of lines) {
      if (line.trim()) await this.reply(line, name);
      this.write("you> ");
    }
  }

  /** Sends one message and prints the reply as it streams. */
  private async reply(message: string, name: string): Promise<void> {
    this.replying = new AbortController();
    this.stopAsked = false;
    try {
      const response = await this.call("/chat/stream", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, session_id: this.options.sessionId }),
        signal: this.replying.signal,
      });
      if (!response.ok || !response.body) return this.io.err(await failureOf(response));
      this.write(`${name}> `);
      let ending = "\n";
      const parser = createParser({
        onEvent: (event) => {
          const frame = sseFrameSchema.safeParse(JSON.parse(event.data));
          if (!frame.success) return;
          const data = frame.data;
          if (!data.done) this.write(data.chunk);
          else if ("error" in data) ending = `\n[${data.error.message} (${data.error.code})]\n`;
          else if (data.status === "stopped") ending = " [stopped]\n";
        },
      });
      const decoder = new TextDecoder();
      for await (const bytes of response.body) parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
      this.write(ending);
    } catch (error) {
      if (!this.replying.signal.aborted) this.io.err(`The reply broke off: ${(error as Error).message}`);
    } finally {
      this.replying = undefined;
    }
  }

  /** Ctrl-C during a reply: the server stops it and stores it `stopped`; the stream then ends by itself. */
  private async stop(): Promise<void> {
    this.stopAsked = true;
    const response = await this.call("/chat/stop", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ session_id: this.options.sessionId }),
    }).catch(() => undefined);
    if (!response?.ok) this.replying?.abort();
  }
}

/** `npm run locrit -- chat …`: exit code. */
export async function runChat(args: string[], defaultUrl: string, io: ChatIo): Promise<number> {
  const options = parseChatArguments(args, defaultUrl, process.env.LOCRIT_TOKEN);
  if (typeof options === "string") {
    io.err(options);
    io.err(`Usage: npm run locrit -- ${CHAT_USAGE}`);
    return 2;
  }
  return new TerminalChat(options, io).run();
}

/** The server this machine runs, as the config names it (an unspecified HOST is reached on loopback). */
export function localServerUrl({ host, port }: { host: string; port: number }): string {
  const reachable = host === "0.0.0.0" || host === "" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/** The process's terminal: stdin and stdout, Ctrl-C as SIGINT. */
export const processChatIo: ChatIo = {
  input: process.stdin,
  output: process.stdout,
  err: (line) => console.error(line),
  onInterrupt: (listener) => void process.on("SIGINT", listener),
};
