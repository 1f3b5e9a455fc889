import { z } from "zod";
import { DEFAULT_MAX_MESSAGE_BYTES } from "@locrit/protocol";

const port = z.coerce.number().int().min(0).max(65_535);
const milliseconds = z.coerce.number().int().min(1);
const url = z.url({ protocol: /^https?$/ });
const commaList = z.union([
  z.array(z.string()),
  z.string().transform((list) =>
    list
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  ),
]);

const flag = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0", "yes", "no"]).transform((value) => ["true", "1", "yes"].includes(value)),
]);

/** Every setting of the server, with its default. Environment names are listed in config.loader.ts. */
export const configSchema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: port.default(5000),
  dataDir: z.string().min(1).default("./data"),
  /** Empty: the embedded SQLite file `<dataDir>/locrit.db`. `postgres://…`: PostgreSQL. */
  databaseUrl: z.string().default(""),
  ollamaUrl: url.default("http://localhost:11434"),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  corsOrigins: commaList.default(["http://localhost:5173", "http://127.0.0.1:5173"]),
  /** Host names (besides loopback addresses) a single-user server answers to; guards against DNS rebinding. */
  allowedHosts: commaList.default([]),
  /** Behind a reverse proxy: read the client's address and scheme (https → Secure cookies) from X-Forwarded-*. */
  trustProxy: flag.default(false),
  /** How long a login lasts. */
  sessionTtlHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 366)
    .default(24 * 30),
  /** Failed logins or setups per address allowed in LOGIN_FAILURE_WINDOW_MS before 429 `rate_limited`. */
  loginMaxFailures: z.coerce.number().int().min(1).default(10),
  loginFailureWindowMs: milliseconds.default(15 * 60_000),
  /** Visitor chat messages per address allowed in VISITOR_RATE_WINDOW_MS on the public pages before 429 `rate_limited`. */
  visitorRateLimit: z.coerce.number().int().min(1).default(30),
  visitorRateWindowMs: milliseconds.default(60_000),
  /** How often open socket.io connections are checked again: a logout, a revoked token or a new password closes them. */
  socketAuthRecheckMs: milliseconds.default(30_000),
  llmConnectTimeoutMs: milliseconds.default(5_000),
  llmFirstTokenTimeoutMs: milliseconds.default(120_000),
  llmIdleTimeoutMs: milliseconds.default(60_000),
  /** Longest a whole reply may stream, however steadily tokens arrive. */
  llmMaxReplyMs: milliseconds.default(600_000),
  maxMessageBytes: z.coerce.number().int().min(1).default(DEFAULT_MAX_MESSAGE_BYTES),
  /** A reply is cut (stored `complete` with `metadata.truncated`) beyond this many characters. */
  maxReplyChars: z.coerce.number().int().min(1).default(200_000),
  /** Approximate token budget for this session's history in the prompt. */
  historyTokenBudget: z.coerce.number().int().min(0).default(4_000),
  /** Approximate token budget for what is recalled (memories, other sessions) into the prompt; 0 disables recall. */
  recallTokenBudget: z.coerce.number().int().min(0).default(800),
  /** Embedding model on each Locrit's model server for semantic recall; a Locrit's own `embedding_model` wins. "": lexical only. */
  embeddingModel: z.string().trim().max(200).default(""),
  /** How often a streaming reply is flushed to storage. */
  replyFlushIntervalMs: milliseconds.default(500),
  /** Locrit-to-Locrit dialogues running at once; one more is refused (409 `dialogue_limit_reached`). */
  maxRunningDialogues: z.coerce.number().int().min(1).max(1_000).default(4),
  /** In-process models (SPEC §11): a loaded model is unloaded after this many seconds without a turn. */
  embeddedIdleUnloadS: z.coerce.number().int().min(1).default(600),
  /** Where `hf:<user>/<repo>/<file>.gguf` model URIs are downloaded from (tests point it at a local server). */
  embeddedDownloadBaseUrl: url.default("https://huggingface.co"),
  /** Tokens of context per turn of an in-process model. */
  embeddedContextSize: z.coerce.number().int().min(256).max(131_072).default(4_096),
  /** Turns one in-process model answers at once (one context sequence each); later ones wait their turn. */
  embeddedParallelTurns: z.coerce.number().int().min(1).max(16).default(2),
  /** Turns that may wait for an in-process model; one more is refused (`llm_unavailable`). */
  embeddedQueueMax: z.coerce.number().int().min(0).max(1_000).default(8),
  /** CPU threads per in-process model; 0: half the cores (spinning threads on a busy machine are slower than one). */
  embeddedThreads: z.coerce.number().int().min(0).max(256).default(0),
  /** Longest reply of an in-process model, in tokens. */
  embeddedMaxReplyTokens: z.coerce.number().int().min(1).max(131_072).default(1_024),
  /** Largest avatar image accepted (`PUT /api/locrits/{name}/avatar`); larger ones get 413 `avatar_too_large`. */
  avatarMaxBytes: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 * 1024),
  /**
   * The environment variables that set a value (filled by the loader, not read from a file): the UI shows
   * such values as fixed, and settings never shadow them (e.g. OLLAMA_URL, the configured model server).
   */
  setByEnvironment: z.array(z.string()).default([]),
  /** Where the built web UI is; empty: apps/web/dist beside the server. */
  webDistDir: z.string().default(""),
});

export type AppConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
