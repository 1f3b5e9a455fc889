import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fakeEmbedding, FAKE_EMBEDDING_MODELS } from "./fake-embeddings.js";
import {
  isStructured,
  structuredContent,
  structuredResponse,
  type StructuredBehaviour,
} from "./fake-structured-output.js";

/**
 * A real HTTP server that speaks Ollama (`POST /api/chat` NDJSON, `GET /api/tags`) and the
 * OpenAI-compatible API (`POST /v1/chat/completions` SSE, `GET /v1/models`), embeddings for both
 * (`POST /api/embed`, `POST /v1/embeddings`: see fake-embeddings.ts), with switches for the
 * faults the chat pipeline must survive. The one fake of the test suite: everything else is real.
 *
 *   const model = await startFakeModelServer({ tokenDelayMs: 20 });
 *   // point a Locrit's base_url (or OLLAMA_URL) at model.url
 *   model.setBehaviour({ disconnectAfterTokens: 3 });
 *   expect(model.requests.at(-1)?.body.messages).toEqual(...);
 *   await model.close();
 */
export interface FakeModelBehaviour {
  /** Models the server knows; any other gets a 404 like Ollama's "model not found". */
  models: string[];
  /** Fixed reply tokens; by default the reply echoes the last user message (see `echoTokens`). */
  tokens?: string[];
  /** Reply with this many tokens `w1 `, `w2 `, … instead of the echo. */
  tokenCount?: number;
  /** Delay before each token. */
  tokenDelayMs: number;
  /** Close the connection abruptly after sending this many tokens (no final `done`). */
  disconnectAfterTokens?: number;
  /** Answer every chat with this HTTP status (e.g. 500) and an error body. */
  httpStatus?: number;
  /** Send this many tokens, then keep the connection open and say nothing more. */
  stallAfterTokens?: number;
  /** `before-headers`: accept the request and say nothing; `after-headers`: send headers, then nothing. */
  stall?: "before-headers" | "after-headers";
  /** Write each stream line in two pieces, a few ms apart, to exercise re-assembly across TCP chunks. */
  splitWrites: boolean;
  /**
   * After `afterTokens` tokens (default 0), send `piece` again and again, `intervalMs` apart (0: as fast as
   * the client reads), and never finish: a dribble of bytes (`" "` every 100 ms) or a line without end.
   */
  junk?: { piece: string; intervalMs: number; afterTokens?: number };
  /**
   * After `afterTokens` tokens, send these frames verbatim (e.g. a chunk of the wrong shape, written in the
   * stream's framing by the test), then go on with the reply, or end the response there if `end`.
   */
  rawFrames?: { afterTokens: number; frames: string[]; end?: boolean };
  /** With `httpStatus`: an error body of about this many bytes, sent in pieces as the client reads. */
  errorBodyBytes?: number;
  /** Embedding requests only: `http-500` answers an error, `disconnect` drops the connection (a server down). */
  embeddingFault?: "http-500" | "disconnect";
  /** Structured-output requests (memory extraction): see fake-structured-output.ts. */
  structured?: StructuredBehaviour;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The request's headers as received (lower-case names), e.g. `authorization`. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined for GET). */
  body:
    | { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; [key: string]: unknown }
    | undefined;
  at: number;
  /** Bytes of the answer's body handed to the socket so far (how much a client read before it hung up). */
  bytesSent: number;
}

export interface FakeModelServer {
  /** Base URL, e.g. `http://127.0.0.1:43210`: Ollama routes at `/api/*`, OpenAI routes at `/v1/*`. */
  url: string;
  /** Every request received, in order, with its parsed body. */
  requests: RecordedRequest[];
  /** Chat turns only (structured-output requests are not: see `structuredRequests`). */
  chatRequests(): RecordedRequest[];
  /** Structured-output requests only (memory extraction). */
  structuredRequests(): RecordedRequest[];
  /** Resolves when the server has received `count` structured-output requests in total. */
  waitForStructuredRequests(count: number): Promise<void>;
  /** Embedding requests only (`body.input` is the list of texts). */
  embeddingRequests(): RecordedRequest[];
  setBehaviour(changes: Partial<FakeModelBehaviour>): void;
  /** Resolves when the server has received `count` chat requests in total. */
  waitForChatRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_MODELS = ["fake-model", "fake-model:latest", "llama3.2"];

/** The default deterministic reply: `Echo: <last user message>` split into word tokens. */
export function echoTokens(lastUserMessage: string): string[] {
  const words = `Echo: ${lastUserMessage}`.split(/(?<=\s)/);
  return words.length >= 2 ? words : [...words, " ."];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Starts the server on `listen.port` (default: a free port) of 127.0.0.1. */
export async function startFakeModelServer(
  options: Partial<FakeModelBehaviour> = {},
  listen: { port?: number; host?: string } = {},
): Promise<FakeModelServer> {
  let behaviour: FakeModelBehaviour = { models: DEFAULT_FAKE_MODELS, tokenDelayMs: 0, splitWrites: false, ...options };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const structuredWaiters: { count: number; resolve: () => void }[] = [];
  const isChat = (path: string) => path === "/api/chat" || path === "/v1/chat/completions";
  const isChatTurn = (request: RecordedRequest) => isChat(request.path) && !isStructured(request.body);
  const isStructuredRequest = (request: RecordedRequest) => isChat(request.path) && isStructured(request.body);
  const isEmbedding = (path: string) => path === "/api/embed" || path === "/v1/embeddings";
  const notifyWaiters = () => {
    for (const [list, counted] of [
      [waiters, isChatTurn],
      [structuredWaiters, isStructuredRequest],
    ] as const) {
      const count = requests.filter(counted).length;
      for (const waiter of list.filter((entry) => count >= entry.count)) {
        list.splice(list.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const tokensFor = (body: RecordedRequest["body"]): string[] => {
    if (behaviour.tokens) return behaviour.tokens;
    if (behaviour.tokenCount !== undefined)
      return Array.from({ length: behaviour.tokenCount }, (_, index) => `w${index + 1} `);
    const lastUser = [...(body?.messages ?? [])].reverse().find((message) => message.role === "user");
    return echoTokens(lastUser?.content ?? "");
  };

  const sentTo = new WeakMap<ServerResponse, RecordedRequest>();
  /** Answers whose connection has closed (the client hung up, or the server is closing). */
  const closed = new WeakSet<ServerResponse>();
  /** Resolves once the text is handed to the socket, so a later disconnect cannot swallow it. */
  const writeNow = (response: ServerResponse, text: string) =>
    new Promise<void>((resolve) => {
      if (response.destroyed || closed.has(response)) return resolve();
      const record = sentTo.get(response);
      if (record) record.bytesSent += Buffer.byteLength(text);
      response.once("close", resolve);
      response.write(text, () => {
        response.off("close", resolve);
        resolve();
      });
    });
  /** Sends `piece` until the client hangs up or the server closes. */
  const sendForever = async (response: ServerResponse, piece: string, intervalMs: number) => {
    while (!closed.has(response)) {
      await writeNow(response, piece);
      if (intervalMs > 0) await sleep(intervalMs);
    }
  };
  const write = async (response: ServerResponse, text: string) => {
    if (!behaviour.splitWrites || text.length < 2) return writeNow(response, text);
    const middle = Math.floor(text.length / 2);
    await writeNow(response, text.slice(0, middle));
    await sleep(5);
    await writeNow(response, text.slice(middle));
  };

  const streamChat = async (
    response: ServerResponse,
    body: NonNullable<RecordedRequest["body"]>,
    format: "ollama" | "openai",
  ) => {
    const model = String(body.model ?? "");
    const tokens = tokensFor(body);
    const created = Math.floor(Date.now() / 1000);
    const frame = (payload: unknown) =>
      format === "ollama" ? `${JSON.stringify(payload)}\n` : `data: ${JSON.stringify(payload)}\n\n`;
    const tokenFrame = (content: string) =>
      format === "ollama"
        ? frame({ model, created_at: new Date().toISOString(), message: { role: "assistant", content }, done: false })
        : frame({
            id: "chatcmpl-fake",
            object: "chat.completion.chunk",
            created,
            model,
            choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: null }],
          });

    if (body.stream === false) {
      const content = tokens.join("");
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify(
          format === "ollama"
            ? {
                model,
                created_at: new Date().toISOString(),
                message: { role: "assistant", content },
                done: true,
                done_reason: "stop",
                eval_count: tokens.length,
              }
            : {
                id: "chatcmpl-fake",
                object: "chat.completion",
                created,
                model,
                choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
              },
        ),
      );
      return;
    }

    response.writeHead(200, { "content-type": format === "ollama" ? "application/x-ndjson" : "text/event-stream" });
    response.flushHeaders();
    if (behaviour.stall === "after-headers") return;
    const { junk, rawFrames } = behaviour;
    for (const [index, token] of [...tokens.entries(), [tokens.length, undefined] as const]) {
      if (rawFrames && index === rawFrames.afterTokens) {
        for (const raw of rawFrames.frames) await write(response, raw);
        if (rawFrames.end) return void response.end();
      }
      if (junk && index === (junk.afterTokens ?? 0)) return sendForever(response, junk.piece, junk.intervalMs);
      if (token === undefined) break;
      if (behaviour.disconnectAfterTokens !== undefined && index >= behaviour.disconnectAfterTokens) {
        response.socket?.destroy();
        return;
      }
      if (behaviour.stallAfterTokens !== undefined && index >= behaviour.stallAfterTokens) return;
      if (behaviour.tokenDelayMs > 0) await sleep(behaviour.tokenDelayMs);
      if (response.destroyed) return;
      await write(response, tokenFrame(token));
    }
    if (behaviour.disconnectAfterTokens !== undefined && tokens.length >= behaviour.disconnectAfterTokens) {
      response.socket?.destroy();
      return;
    }
    if (format === "ollama") {
      await write(
        response,
        frame({
          model,
          created_at: new Date().toISOString(),
          message: { role: "assistant", content: "" },
          done: true,
          done_reason: "stop",
          prompt_eval_count: 10,
          eval_count: tokens.length,
        }),
      );
    } else {
      await write(
        response,
        frame({
          id: "chatcmpl-fake",
          object: "chat.completion.chunk",
          created,
          model,
          choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
        }),
      );
      // As OpenAI sends it with `stream_options.include_usage`: a last chunk with no choices.
      await write(
        response,
        frame({
          id: "chatcmpl-fake",
          object: "chat.completion.chunk",
          created,
          model,
          choices: [],
          usage: { prompt_tokens: 10, completion_tokens: tokens.length, total_tokens: 10 + tokens.length },
        }),
      );
      await write(response, "data: [DONE]\n\n");
    }
    response.end();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const text = request.method === "POST" ? await readBody(request) : "";
    let body: RecordedRequest["body"];
    try {
      body = text ? (JSON.parse(text) as RecordedRequest["body"]) : undefined;
    } catch {
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid JSON" }));
      return;
    }
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path,
      headers: request.headers,
      body,
      at: Date.now(),
      bytesSent: 0,
    };
    sentTo.set(response, record);
    response.once("close", () => closed.add(response));
    requests.push(record);
    notifyWaiters();
    const json = (status: number, payload: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));

    if (request.method === "GET" && path === "/api/tags") {
      return json(200, {
        models: behaviour.models.map((name) => ({
          name,
          model: name,
          modified_at: "2026-01-01T00:00:00Z",
          size: 1_000_000,
          details: { family: "fake" },
        })),
      });
    }
    if (request.method === "GET" && path === "/v1/models") {
      return json(200, {
        object: "list",
        data: behaviour.models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
    }
    if (request.method === "POST" && isEmbedding(path)) {
      if (behaviour.embeddingFault === "disconnect") return void response.socket?.destroy();
      if (behaviour.embeddingFault === "http-500") return json(500, { error: "fake embedding failure" });
      const model = String(body?.model ?? "");
      const input = body?.input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
      if (!behaviour.models.includes(model) && !FAKE_EMBEDDING_MODELS.includes(model)) {
        return path === "/api/embed"
          ? json(404, { error: `model "${model}" not found, try pulling it first` })
          : json(404, { error: { message: `The model \`${model}\` does not exist`, code: "model_not_found" } });
      }
      const vectors = texts.map((text) => fakeEmbedding(text, model));
      return path === "/api/embed"
        ? json(200, { model, embeddings: vectors })
        : json(200, {
            object: "list",
            model,
            data: vectors.map((embedding, index) => ({ object: "embedding", embedding, index })),
          });
    }
    if (request.method === "POST" && isChat(path)) {
      const format = path === "/api/chat" ? "ollama" : "openai";
      if (behaviour.stall === "before-headers") return;
      if (behaviour.httpStatus && behaviour.errorBodyBytes) {
        response.writeHead(behaviour.httpStatus, { "content-type": "application/json" });
        const piece = "x".repeat(64 * 1024);
        await writeNow(response, '{"error":"');
        for (let sent = 0; sent < behaviour.errorBodyBytes && !closed.has(response); sent += piece.length)
          await writeNow(response, piece);
        await writeNow(response, '"}');
        return void response.end();
      }
      if (behaviour.httpStatus) {
        return json(
          behaviour.httpStatus,
          format === "ollama"
            ? { error: "fake model server failure" }
            : { error: { message: "fake model server failure", type: "server_error" } },
        );
      }
      const model = String(body?.model ?? "");
      if (!behaviour.models.includes(model)) {
        return format === "ollama"
          ? json(404, { error: `model "${model}" not found, try pulling it first` })
          : json(404, {
              error: {
                message: `The model \`${model}\` does not exist`,
                type: "invalid_request_error",
                code: "model_not_found",
              },
            });
      }
      if (isStructured(body)) {
        const content = structuredContent(body ?? {}, behaviour.structured);
        return content === undefined ? undefined : json(200, structuredResponse(format, model, content));
      }
      return streamChat(response, body ?? {}, format);
    }
    return json(404, { error: "not found" });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(listen.port ?? 0, listen.host ?? "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    chatRequests: () => requests.filter(isChatTurn),
    structuredRequests: () => requests.filter(isStructuredRequest),
    waitForStructuredRequests: (count) =>
      new Promise<void>((resolve) => {
        structuredWaiters.push({ count, resolve });
        notifyWaiters();
      }),
    embeddingRequests: () => requests.filter((request) => isEmbedding(request.path)),
    setBehaviour: (changes) => {
      behaviour = { ...behaviour, ...changes };
    },
    waitForChatRequests: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        notifyWaiters();
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
