import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { configSchema, type AppConfig } from "./config.schema.js";

/** Environment variable → config key. Precedence: defaults < config file < environment. */
const environmentNames: Record<string, keyof AppConfig> = {
  HOST: "host",
  PORT: "port",
  DATA_DIR: "dataDir",
  DATABASE_URL: "databaseUrl",
  OLLAMA_URL: "ollamaUrl",
  LOG_LEVEL: "logLevel",
  CORS_ORIGINS: "corsOrigins",
  ALLOWED_HOSTS: "allowedHosts",
  TRUST_PROXY: "trustProxy",
  SESSION_TTL_HOURS: "sessionTtlHours",
  LOGIN_MAX_FAILURES: "loginMaxFailures",
  LOGIN_FAILURE_WINDOW_MS: "loginFailureWindowMs",
  VISITOR_RATE_LIMIT: "visitorRateLimit",
  VISITOR_RATE_WINDOW_MS: "visitorRateWindowMs",
  SOCKET_AUTH_RECHECK_MS: "socketAuthRecheckMs",
  LLM_CONNECT_TIMEOUT_MS: "llmConnectTimeoutMs",
  LLM_FIRST_TOKEN_TIMEOUT_MS: "llmFirstTokenTimeoutMs",
  LLM_IDLE_TIMEOUT_MS: "llmIdleTimeoutMs",
  LLM_MAX_REPLY_MS: "llmMaxReplyMs",
  MAX_MESSAGE_BYTES: "maxMessageBytes",
  MAX_REPLY_CHARS: "maxReplyChars",
  REPLY_FLUSH_INTERVAL_MS: "replyFlushIntervalMs",
  HISTORY_TOKEN_BUDGET: "historyTokenBudget",
  RECALL_TOKEN_BUDGET: "recallTokenBudget",
  EMBEDDING_MODEL: "embeddingModel",
  MAX_RUNNING_DIALOGUES: "maxRunningDialogues",
  AVATAR_MAX_BYTES: "avatarMaxBytes",
  EMBEDDED_IDLE_UNLOAD_S: "embeddedIdleUnloadS",
  EMBEDDED_DOWNLOAD_BASE_URL: "embeddedDownloadBaseUrl",
  EMBEDDED_CONTEXT_SIZE: "embeddedContextSize",
  EMBEDDED_PARALLEL_TURNS: "embeddedParallelTurns",
  EMBEDDED_QUEUE_MAX: "embeddedQueueMax",
  EMBEDDED_THREADS: "embeddedThreads",
  EMBEDDED_MAX_REPLY_TOKENS: "embeddedMaxReplyTokens",
  WEB_DIST_DIR: "webDistDir",
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const DEFAULT_CONFIG_FILE = "locrit.config.yaml";

function readConfigFile(path: string, required: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (required) throw new ConfigError([`LOCRIT_CONFIG: file not found: ${path}`]);
    return {};
  }
  try {
    const parsed: unknown = parseYaml(readFileSync(path, "utf8"));
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("top level must be a mapping");
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${path}: ${(error as Error).message}`]);
  }
}

function readEnvironment(environment: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [variable, key] of Object.entries(environmentNames)) {
    const value = environment[variable];
    if (value !== undefined && value !== "") values[key] = value;
  }
  return values;
}

/** Resolves the configuration, or throws a ConfigError listing every problem at once. */
export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, unknown> = {},
): AppConfig {
  // LOCRIT_CONFIG names the config file; set but empty, it means "no config file".
  const filePath = environment.LOCRIT_CONFIG ?? DEFAULT_CONFIG_FILE;
  const fromFile = filePath === "" ? {} : readConfigFile(resolve(filePath), environment.LOCRIT_CONFIG !== undefined);
  const fromEnvironment = readEnvironment(environment);
  const setByEnvironment = Object.entries(environmentNames)
    .filter(([, key]) => key in fromEnvironment)
    .map(([variable]) => variable);
  const result = configSchema.safeParse({ ...fromFile, ...fromEnvironment, setByEnvironment, ...overrides });
  if (!result.success) {
    const variableOf = (key: string) => Object.entries(environmentNames).find(([, name]) => name === key)?.[0];
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? "");
        const variable = variableOf(key);
        return `${variable ? `${variable} (${key})` : key}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/** The config as it may be logged: credentials in URLs are masked. */
export function maskConfig(config: AppConfig): Record<string, unknown> {
  const maskUrl = (value: string) => value.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
  return { ...config, databaseUrl: maskUrl(config.databaseUrl), ollamaUrl: maskUrl(config.ollamaUrl) };
}
