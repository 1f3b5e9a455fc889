import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TO, DEFAULT_OPEN_TO, DEFAULT_PUBLIC_PAGE } from "@locrit/protocol";
import { startChatRig, type ChatRig } from "../../../test/helpers/chat-client.js";
import { startFakeModelServer, type FakeModelServer } from "../../../test/fake-model-server/fake-model-server.js";
import { OpenApiResponseChecker, operationKeys, type OpenApiDocument } from "../../../test/helpers/openapi-document.js";

/**
 * The OpenAPI document is a contract: every operation declares its errors and its 2xx answer, and
 * what the server really answers (valid requests and bad ones) matches what the document declares
 * for that status, body included. A real app over SQLite, the fake model server behind chat.
 */

type Call = Omit<InjectOptions, "url"> & { url: string };
interface Case {
  /** `METHOD /path/{param}` as in the document. */
  operation: string;
  call: Call;
  /** The status class expected: a valid request must succeed, a bad one must be refused. */
  expect: "2xx" | "4xx" | "5xx";
}

const NOBODY = "Nobody Here";
/** An inactive Locrit: chatting with it is a 409. */
const SLEEPER = "Sleeper";
const FOREIGN_HOST = { host: "attacker.example" };
const closedPort = "http://127.0.0.1:9";

let rig: ChatRig;
/** A model server that never says a word: the dialogue of the cases stays on its first line until stopped. */
let stallingModel: FakeModelServer;
const STALLER = "Staller";
const dialogueIds = { running: "" };
let document: OpenApiDocument;
let checker: OpenApiResponseChecker;
const ids = { message: "", memory: "", conversation: "", token: "", setupToken: "", modelServer: "" };
/** The smallest PNG header: avatars are typed by their bytes. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
/** Every call made: which operation, which status, what was wrong with its answer. */
const seen: { operation: string; status: number; problems: string[] }[] = [];

const path = (locrit: string) => `/api/locrits/${encodeURIComponent(locrit)}`;

async function run(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  for (const { operation, call, expect: expected } of cases) {
    const response = await rig.harness.app.inject(call as InjectOptions);
    const problems = checker.check(operation, {
      status: response.statusCode,
      contentType: String(response.headers["content-type"] ?? ""),
      body: response.body,
    });
    if (`${Math.floor(response.statusCode / 100)}xx` !== expected)
      problems.push(`expected ${expected}, got ${response.statusCode}: ${response.body.slice(0, 200)}`);
    seen.push({ operation, status: response.statusCode, problems });
    for (const problem of problems) failures.push(`${operation} (${call.method} ${call.url}): ${problem}`);
  }
  return failures;
}

beforeAll(async () => {
  rig = await startChatRig();
  document = (await rig.harness.app.inject({ url: "/api/openapi.json" })).json<OpenApiDocument>();
  checker = new OpenApiResponseChecker(document);
  // A Locrit with a session of messages and a memory, and a conversation of the original's API.
  const chat = await rig.harness.app.inject({
    method: "POST",
    url: `${path(rig.locritName)}/chat`,
    payload: { message: "hello there", session_id: "s1" },
  });
  ids.message = chat.json<{ user_message_id: string }>().user_message_id;
  const memory = await rig.harness.app.inject({
    method: "POST",
    url: `${path(rig.locritName)}/memory/memories`,
    payload: { content: "Likes tea", importance: 0.5 },
  });
  ids.memory = memory.json<{ memory_id: string }>().memory_id;
  const conversation = await rig.harness.app.inject({
    method: "POST",
    url: "/api/conversations/create",
    payload: { locrit_name: rig.locritName },
  });
  ids.conversation = conversation.json<{ conversation_id: string }>().conversation_id;
  const token = await rig.harness.app.inject({
    method: "POST",
    url: "/api/tokens",
    payload: { name: "contract", role: "program" },
  });
  ids.token = token.json<{ api_token: { id: string } }>().api_token.id;
  const modelServer = await rig.harness.app.inject({
    method: "POST",
    url: "/api/model-servers",
    payload: { name: "contract", provider: "ollama", base_url: rig.model.url },
  });
  ids.modelServer = modelServer.json<{ server: { id: string } }>().server.id;
  ids.setupToken = await rig.harness.app.ownerAuth.createSetupToken();
  stallingModel = await startFakeModelServer({ stall: "after-headers" });
  await rig.harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: { name: STALLER, model: "fake-model", base_url: stallingModel.url },
  });
  const dialogue = await rig.harness.app.inject({
    method: "POST",
    url: "/api/dialogues",
    payload: { participants: [STALLER, rig.locritName], topic: "contract" },
  });
  dialogueIds.running = dialogue.json<{ dialogue: { id: string } }>().dialogue.id;
  await rig.harness.app.inject({
    method: "POST",
    url: "/api/locrits",
    payload: { name: SLEEPER, model: "fake-model", active: false },
  });
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await stallingModel?.close();
});

/** Valid requests to the models API: its lists, and chats as JSON and as streams. */
function modelApiCases(ok: (operation: string, call: Call) => Case): Case[] {
  const user = [{ role: "user", content: "as a model" }];
  const chat = (url: string, payload: object): Call => ({ method: "POST", url, payload });
  return [
    ok("GET /v1/models", { method: "GET", url: "/v1/models" }),
    ok("POST /v1/chat/completions", chat("/v1/chat/completions", { model: rig.locritName, messages: user })),
    ok(
      "POST /v1/chat/completions",
      chat("/v1/chat/completions", { model: rig.locritName, messages: user, stream: true }),
    ),
    ok("GET /api/tags", { method: "GET", url: "/api/tags" }),
    ok("GET /api/version", { method: "GET", url: "/api/version" }),
    ok("POST /api/show", chat("/api/show", { model: rig.locritName })),
    ok("POST /api/chat", chat("/api/chat", { model: rig.locritName, messages: user, stream: false })),
    ok("POST /api/chat", chat("/api/chat", { model: rig.locritName, messages: user })),
  ];
}

/** The smallest export file: a Locrit with nothing stored yet. */
const emptyExport = (name: string) => ({
  format: "locrit-export",
  format_version: 1,
  exported_at: "2026-01-01T00:00:00.000Z",
  locrit: {
    name,
    description: "",
    personality: "",
    provider: "ollama",
    base_url: "http://127.0.0.1:11434",
    model: "fake-model",
    memory_service: "database",
    memory_extraction: "off",
    embedding_model: "",
    active: true,
    open_to: DEFAULT_OPEN_TO,
    access_to: DEFAULT_ACCESS_TO,
    public_page: DEFAULT_PUBLIC_PAGE,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
  },
  sessions: [],
  messages: [],
  memories: [],
  memory_versions: [],
});

/** Valid requests for every operation, reads first and what destroys last. */
function validCases(): Case[] {
  const bob = path(rig.locritName);
  const memory = `${bob}/memory`;
  const ok = (operation: string, call: Call): Case => ({ operation, call, expect: "2xx" });
  return [
    ok("GET /health", { method: "GET", url: "/health" }),
    ok("GET /api/locrits", { method: "GET", url: "/api/locrits" }),
    ok("GET /api/dialogues", { method: "GET", url: "/api/dialogues?limit=5" }),
    ok("GET /api/dialogues/{id}", { method: "GET", url: `/api/dialogues/${dialogueIds.running}` }),
    ok("POST /api/dialogues/{id}/pause", { method: "POST", url: `/api/dialogues/${dialogueIds.running}/pause` }),
    ok("POST /api/dialogues/{id}/resume", { method: "POST", url: `/api/dialogues/${dialogueIds.running}/resume` }),
    ok("POST /api/dialogues/{id}/stop", { method: "POST", url: `/api/dialogues/${dialogueIds.running}/stop` }),
    ok("POST /api/dialogues", {
      method: "POST",
      url: "/api/dialogues",
      payload: { participants: [STALLER, rig.locritName], topic: "contract", max_turns: 1, style: "formal" },
    }),
    ok("DELETE /api/dialogues/{id}", { method: "DELETE", url: `/api/dialogues/${dialogueIds.running}` }),
    ok("POST /api/locrits", { method: "POST", url: "/api/locrits", payload: { name: "Second", model: "fake-model" } }),
    ok("GET /api/locrits/{name}", { method: "GET", url: bob }),
    ok("PATCH /api/locrits/{name}", { method: "PATCH", url: bob, payload: { description: "Changed" } }),
    ok("POST /api/locrits/{name}/rename", {
      method: "POST",
      url: `${path("Second")}/rename`,
      payload: { new_name: "Second Renamed" },
    }),
    ok("POST /api/locrits/{name}/deactivate", { method: "POST", url: `${path("Second Renamed")}/deactivate` }),
    ok("POST /api/locrits/{name}/activate", { method: "POST", url: `${path("Second Renamed")}/activate` }),
    ok("GET /api/locrits/{name}/memory/summary", { method: "GET", url: `${memory}/summary` }),
    ok("GET /api/locrits/{name}/memory/stats", { method: "GET", url: `${memory}/stats` }),
    ok("GET /api/locrits/{name}/memory/embeddings", { method: "GET", url: `${memory}/embeddings` }),
    ok("GET /api/locrits/{name}/memory/sessions", { method: "GET", url: `${memory}/sessions?limit=5` }),
    ok("GET /api/locrits/{name}/memory/sessions/{session_id}", { method: "GET", url: `${memory}/sessions/s1` }),
    ok("PATCH /api/locrits/{name}/memory/sessions/{session_id}", {
      method: "PATCH",
      url: `${memory}/sessions/s1`,
      payload: { title: "First" },
    }),
    ok("GET /api/locrits/{name}/memory/sessions/{session_id}/messages", {
      method: "GET",
      url: `${memory}/sessions/s1/messages`,
    }),
    ok("GET /api/locrits/{name}/memory/messages/{id}", { method: "GET", url: `${memory}/messages/${ids.message}` }),
    ok("PUT /api/locrits/{name}/memory/messages/{id}", {
      method: "PUT",
      url: `${memory}/messages/${ids.message}`,
      payload: { content: "hello again" },
    }),
    ok("POST /api/locrits/{name}/memory/messages/{id}/activate", {
      method: "POST",
      url: `${memory}/messages/${ids.message}/activate`,
    }),
    ok("GET /api/locrits/{name}/memory/search", { method: "GET", url: `${memory}/search?q=hello` }),
    ok("GET /api/locrits/{name}/memory/memories", { method: "GET", url: `${memory}/memories` }),
    ok("POST /api/locrits/{name}/memory/memories", {
      method: "POST",
      url: `${memory}/memories`,
      payload: { content: "Lives by the sea" },
    }),
    ok("PUT /api/locrits/{name}/memory/memories/{id}", {
      method: "PUT",
      url: `${memory}/memories/${ids.memory}`,
      payload: { importance: 0.9 },
    }),
    ok("GET /api/locrits/{name}/memory/memories/{id}/uses", {
      method: "GET",
      url: `${memory}/memories/${ids.memory}/uses?limit=5`,
    }),
    ok("GET /api/locrits/{name}/memory/memories/{id}/history", {
      method: "GET",
      url: `${memory}/memories/${ids.memory}/history`,
    }),
    ok("POST /api/locrits/{name}/memory/memories/{id}/restore", {
      method: "POST",
      url: `${memory}/memories/${ids.memory}/restore`,
      payload: { version: 1 },
    }),
    ok("GET /api/locrits/{name}/export", { method: "GET", url: `${bob}/export` }),
    ok("POST /api/locrits/import", { method: "POST", url: "/api/locrits/import", payload: emptyExport("Imported") }),
    ok("POST /api/locrits/{name}/chat", {
      method: "POST",
      url: `${bob}/chat`,
      payload: { message: "as JSON", session_id: "s2" },
    }),
    ok("POST /api/locrits/{name}/chat", {
      method: "POST",
      url: `${bob}/chat`,
      payload: { message: "as events", session_id: "s2", stream: true },
    }),
    ok("POST /api/locrits/{name}/chat/stream", {
      method: "POST",
      url: `${bob}/chat/stream`,
      payload: { message: "streamed", session_id: "s2" },
    }),
    ok("POST /api/locrits/{name}/chat/stop", {
      method: "POST",
      url: `${bob}/chat/stop`,
      payload: { session_id: "s2" },
    }),
    ok("GET /api/v1/locrits", { method: "GET", url: "/api/v1/locrits" }),
    ok("GET /api/v1/locrits/{name}/info", {
      method: "GET",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/info`,
    }),
    ok("POST /api/v1/locrits/{name}/chat", {
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/chat`,
      payload: { message: "from a program", sender_type: "program", sender_name: "Script" },
    }),
    ok("POST /api/v1/locrits/{name}/chat", {
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/chat`,
      payload: { message: "streamed", sender_name: "Other", stream: true },
    }),
    ok("GET /api/v1/locrits/{name}/memory/statistics", {
      method: "GET",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/memory/statistics`,
    }),
    ok("GET /api/v1/locrits/{name}/sessions", {
      method: "GET",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/sessions`,
    }),
    ok("GET /api/v1/locrits/{name}/sessions/{session_id}/messages", {
      method: "GET",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/sessions/s1/messages`,
    }),
    // Locrits as models for OpenAI and Ollama clients (SPEC §10), in those protocols' shapes.
    ...modelApiCases(ok),
    ok("GET /api/models", { method: "GET", url: "/api/models" }),
    ok("POST /api/models/test", { method: "POST", url: "/api/models/test", payload: { model: "fake-model" } }),
    ok("POST /api/models/test", { method: "POST", url: "/api/models/test", payload: { base_url: closedPort } }),
    // In-process models (SPEC §11): the download fails in the background (its source is a closed port).
    ok("GET /api/models/embedded", { method: "GET", url: "/api/models/embedded" }),
    ok("POST /api/models/embedded/downloads", {
      method: "POST",
      url: "/api/models/embedded/downloads",
      payload: { model: "hf:someone/repo/model.gguf" },
    }),
    ok("GET /api/locrits/{name}/config", { method: "GET", url: `${bob}/config` }),
    ok("PUT /api/locrits/{name}/config", {
      method: "PUT",
      url: `${bob}/config`,
      payload: { description: "From the original UI", created_at: "kept aside" },
    }),
    ok("POST /api/create-locrit", {
      method: "POST",
      url: "/api/create-locrit",
      payload: { name: "Legacy One", description: "Made the old way", model: "fake-model" },
    }),
    ok("POST /api/locrits/{name}/toggle", { method: "POST", url: `${path("Legacy One")}/toggle` }),
    ok("GET /api/config", { method: "GET", url: "/api/config" }),
    ok("GET /api/v1/ping", { method: "GET", url: "/api/v1/ping" }),
    ok("GET /api/ollama/models", { method: "GET", url: "/api/ollama/models" }),
    ok("POST /api/ollama/models", {
      method: "POST",
      url: "/api/ollama/models",
      payload: { ollama_url: rig.model.url },
    }),
    ok("GET /api/ollama/status", { method: "GET", url: "/api/ollama/status" }),
    ok("POST /config/test-ollama", {
      method: "POST",
      url: "/config/test-ollama",
      payload: { ollama_url: rig.model.url },
    }),
    ok("POST /api/v1/locrits/{name}/memory/store-conversation", {
      method: "POST",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/memory/store-conversation`,
      payload: { messages: [{ role: "user", content: "hi" }] },
    }),
    ok("POST /api/conversations/create", {
      method: "POST",
      url: "/api/conversations/create",
      payload: { locrit_name: rig.locritName, user_id: "ada" },
    }),
    ok("POST /api/conversations/{id}/message", {
      method: "POST",
      url: `/api/conversations/${ids.conversation}/message`,
      payload: { message: "in a conversation" },
    }),
    ok("GET /api/conversations/{id}", { method: "GET", url: `/api/conversations/${ids.conversation}?limit=10` }),
    ok("GET /api/conversations/{id}/info", { method: "GET", url: `/api/conversations/${ids.conversation}/info` }),
    ok("GET /api/conversations", { method: "GET", url: "/api/conversations?user_id=anonymous" }),
    ok("GET /api/model-servers", { method: "GET", url: "/api/model-servers" }),
    ok("POST /api/model-servers", {
      method: "POST",
      url: "/api/model-servers",
      payload: { name: "keyed", provider: "openai-compatible", base_url: rig.model.url, api_key: "sk-contract" },
    }),
    ok("PATCH /api/model-servers/{id}", {
      method: "PATCH",
      url: `/api/model-servers/${ids.modelServer}`,
      payload: { name: "renamed" },
    }),
    ok("POST /api/model-servers/{id}/test", { method: "POST", url: `/api/model-servers/${ids.modelServer}/test` }),
    ok("PUT /api/model-servers/default", {
      method: "PUT",
      url: "/api/model-servers/default",
      payload: { id: ids.modelServer },
    }),
    ok("PUT /api/locrits/{name}/avatar", {
      method: "PUT",
      url: `${path(rig.locritName)}/avatar`,
      headers: { "content-type": "image/png" },
      payload: PNG,
    }),
    ok("GET /api/locrits/{name}/avatar", { method: "GET", url: `${path(rig.locritName)}/avatar` }),
    ok("PATCH /api/locrits/{name}", {
      method: "PATCH",
      url: path(rig.locritName),
      payload: { open_to: { internet: true } },
    }),
    ok("GET /public/api/{name}/avatar", {
      method: "GET",
      url: `/public/api/${encodeURIComponent(rig.locritName)}/avatar`,
    }),
    // The public page and visitor chat (SPEC §8.4), now that the Locrit is open to the internet.
    ok("GET /public/api", { method: "GET", url: "/public/api" }),
    ok("GET /public/api/{name}", { method: "GET", url: `/public/api/${encodeURIComponent(rig.locritName)}` }),
    ok("POST /public/api/{name}/chat", {
      method: "POST",
      url: `/public/api/${encodeURIComponent(rig.locritName)}/chat`,
      payload: { message: "as a visitor", visitor_name: "Ada" },
    }),
    ok("GET /public/api/{name}/history", {
      method: "GET",
      url: `/public/api/${encodeURIComponent(rig.locritName)}/history`,
    }),
    // What destroys, last.
    ok("DELETE /api/locrits/{name}/avatar", { method: "DELETE", url: `${path(rig.locritName)}/avatar` }),
    ok("DELETE /api/model-servers/{id}", { method: "DELETE", url: `/api/model-servers/${ids.modelServer}` }),
    ok("GET /api/auth/me", { method: "GET", url: "/api/auth/me" }),
    ok("POST /api/tokens", { method: "POST", url: "/api/tokens", payload: { name: "valid", role: "owner" } }),
    ok("GET /api/tokens", { method: "GET", url: "/api/tokens" }),
    ok("DELETE /api/tokens/{id}", { method: "DELETE", url: `/api/tokens/${ids.token}` }),
    ok("POST /api/auth/logout", { method: "POST", url: "/api/auth/logout" }),
    ok("DELETE /api/conversations/{id}", { method: "DELETE", url: `/api/conversations/${ids.conversation}` }),
    ok("DELETE /api/v1/locrits/{name}/memory/sessions/{session_id}", {
      method: "DELETE",
      url: `/api/v1/locrits/${encodeURIComponent(rig.locritName)}/memory/sessions/s2`,
    }),
    ok("DELETE /api/locrits/{name}/memory/messages/{id}", {
      method: "DELETE",
      url: `${memory}/messages/${ids.message}`,
    }),
    ok("DELETE /api/locrits/{name}/memory/memories/{id}", {
      method: "DELETE",
      url: `${memory}/memories/${ids.memory}`,
    }),
    ok("DELETE /api/locrits/{name}/memory/sessions/{session_id}", { method: "DELETE", url: `${memory}/sessions/s1` }),
    ok("DELETE /api/locrits/{name}/memory/clear", {
      method: "DELETE",
      url: `${memory}/clear`,
      payload: { confirm: true },
    }),
    ok("POST /api/locrits/{name}/delete", { method: "POST", url: `${path("Legacy One")}/delete` }),
    ok("DELETE /api/locrits/{name}", { method: "DELETE", url: path("Second Renamed") }),
    // Last of all: setting the owner password turns login on (SPEC §8.1); login then works without a session.
    ok("POST /api/auth/setup", {
      method: "POST",
      url: "/api/auth/setup",
      payload: { setup_token: ids.setupToken, password: "contract password" },
    }),
    ok("POST /api/auth/login", { method: "POST", url: "/api/auth/login", payload: { password: "contract password" } }),
  ];
}

/** Fills a documented path with an unknown Locrit, unknown ids, or existing ones. */
function concrete(template: string, { unknown }: { unknown: boolean }): string {
  const name = encodeURIComponent(unknown ? NOBODY : rig.locritName);
  const id = unknown
    ? "no-such-id"
    : template.includes("/conversations/")
      ? ids.conversation
      : template.includes("/memories/")
        ? ids.memory
        : ids.message;
  return template
    .replaceAll("{name}", name)
    .replaceAll("{session_id}", unknown ? "no-such-session" : "s1")
    .replaceAll("{id}", id);
}

/** Bad requests every operation gets: a foreign Host, unknown names and ids, a body that is not JSON. */
function invalidCases(): Case[] {
  return operationKeys(document).flatMap((operation) => {
    const [method, template] = operation.split(" ") as [InjectOptions["method"] & string, string];
    const cases: Case[] = [
      {
        operation,
        call: { method, url: concrete(template, { unknown: false }), headers: FOREIGN_HOST },
        expect: "4xx",
      },
    ];
    if (template.includes("{") && operation !== "POST /api/locrits/{name}/chat/stop") {
      const body =
        method === "GET"
          ? undefined
          : template.endsWith("/clear")
            ? { confirm: true }
            : { message: "hi", content: "x", title: "t", new_name: "Renamed", messages: [] };
      cases.push({
        operation,
        call: { method, url: concrete(template, { unknown: true }), payload: body },
        expect: "4xx",
      });
    }
    if (method !== "GET") {
      cases.push({
        operation,
        call: {
          method,
          url: concrete(template, { unknown: false }),
          headers: { "content-type": "application/json" },
          payload: "{not json",
        },
        expect: "4xx",
      });
    }
    return cases;
  });
}

/** Bad values, limits, conflicts and model-server failures, on the operations that have them. */
function specificCases(): Case[] {
  const bob = path(rig.locritName);
  const refused = (operation: string, call: Call, expected: "4xx" | "5xx" = "4xx"): Case => ({
    operation,
    call,
    expect: expected,
  });
  const tooLarge = "x".repeat(Math.max(1024 * 1024, rig.harness.config.maxMessageBytes * 8) + 1);
  return [
    refused("POST /api/locrits", { method: "POST", url: "/api/locrits", payload: { name: rig.locritName } }),
    refused("POST /api/locrits", { method: "POST", url: "/api/locrits", payload: { name: "" } }),
    refused("POST /api/locrits/{name}/rename", {
      method: "POST",
      url: `${bob}/rename`,
      payload: { new_name: SLEEPER },
    }),
    refused("PATCH /api/locrits/{name}", { method: "PATCH", url: bob, payload: { provider: "nobody" } }),
    refused("PUT /api/locrits/{name}/memory/messages/{id}", {
      method: "PUT",
      url: `${bob}/memory/messages/${ids.message}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ content: tooLarge }),
    }),
    refused("GET /api/locrits/{name}/memory/sessions", { method: "GET", url: `${bob}/memory/sessions?limit=nope` }),
    refused("GET /api/locrits/{name}/memory/search", { method: "GET", url: `${bob}/memory/search?q=` }),
    refused("DELETE /api/locrits/{name}/memory/clear", { method: "DELETE", url: `${bob}/memory/clear`, payload: {} }),
    refused("POST /api/locrits/{name}/chat", { method: "POST", url: `${bob}/chat`, payload: { message: "   " } }),
    refused("POST /api/locrits/{name}/chat", {
      method: "POST",
      url: `${bob}/chat`,
      headers: { origin: "http://evil.example" },
      payload: { message: "hi" },
    }),
    refused("POST /api/locrits/{name}/chat/stream", {
      method: "POST",
      url: `${path(SLEEPER)}/chat/stream`,
      payload: { message: "hi" },
    }),
    refused("GET /api/conversations", { method: "GET", url: "/api/conversations" }),
    refused("POST /config/test-ollama", { method: "POST", url: "/config/test-ollama", payload: {} }),
    refused("POST /api/create-locrit", {
      method: "POST",
      url: "/api/create-locrit",
      payload: { name: rig.locritName, description: "dup", model: "m" },
    }),
    // Model servers that are not there: the native error shape, and the original's with its extra keys.
    refused("GET /api/models", { method: "GET", url: `/api/models?base_url=${encodeURIComponent(closedPort)}` }, "5xx"),
    refused(
      "GET /api/ollama/models",
      { method: "GET", url: `/api/ollama/models?ollama_url=${encodeURIComponent(closedPort)}` },
      "5xx",
    ),
    refused(
      "POST /api/ollama/models",
      { method: "POST", url: "/api/ollama/models", payload: { base_url: closedPort } },
      "5xx",
    ),
    refused(
      "POST /config/test-ollama",
      { method: "POST", url: "/config/test-ollama", payload: { ollama_url: closedPort } },
      "5xx",
    ),
  ];
}

describe("the OpenAPI document is a contract (integration: real app, fake model server)", () => {
  it("declares, for every operation, a 2xx answer with a schema and its error responses in the one error shape", () => {
    const missing: string[] = [];
    for (const operation of operationKeys(document)) {
      const responses = checker.operation(operation).responses ?? {};
      const success = Object.entries(responses).filter(([status]) => status.startsWith("2"));
      if (
        success.length === 0 ||
        !success.every(([, response]) => Object.values(response.content ?? {}).some((media) => media.schema))
      )
        missing.push(`${operation}: no 2xx schema`);
      const errors = Object.keys(responses).filter((status) => status.startsWith("4"));
      if (errors.length === 0) missing.push(`${operation}: no 4xx response`);
      for (const status of ["403", "500"]) if (!responses[status]) missing.push(`${operation}: no ${status}`);
    }
    expect(missing).toEqual([]);
    expect(operationKeys(document).length).toBeGreaterThanOrEqual(52);
  });

  it("answers what it documents: valid and bad requests to every operation, status and body checked", async () => {
    const failures = [...(await run(invalidCases())), ...(await run(specificCases()))];
    // A model server that fails: chat routes answer 502 in the error shape.
    rig.model.setBehaviour({ httpStatus: 500 });
    const bob = path(rig.locritName);
    failures.push(
      ...(await run([
        {
          operation: "POST /api/locrits/{name}/chat",
          call: { method: "POST", url: `${bob}/chat`, payload: { message: "fails" } },
          expect: "5xx",
        },
        {
          operation: "POST /api/conversations/{id}/message",
          call: {
            method: "POST",
            url: `/api/conversations/${ids.conversation}/message`,
            payload: { message: "fails" },
          },
          expect: "5xx",
        },
      ])),
    );
    rig.model.setBehaviour({ httpStatus: undefined });
    failures.push(...(await run(validCases())));
    expect(failures).toEqual([]);

    // Every operation was called, and answered at least once with a 2xx and once with a 4xx.
    const uncovered = operationKeys(document).filter((operation) => {
      const statuses = seen.filter((call) => call.operation === operation).map((call) => call.status);
      return !statuses.some((status) => status < 300) || !statuses.some((status) => status >= 400 && status < 500);
    });
    expect(uncovered).toEqual([]);
    // The 5xx statuses that were met are model-server failures, declared by their routes.
    expect(seen.filter((call) => call.status >= 500).map((call) => call.status)).toEqual(
      expect.arrayContaining([502, 503]),
    );
  }, 240_000);
});
