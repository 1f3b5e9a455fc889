import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActiveLocrit, startOriginalClientRig, type OriginalClientRig } from "./original-client.js";

let rig: OriginalClientRig;
const ids = { message: "", memory: "", conversation: "" };
beforeAll(async () => {
  rig = await startOriginalClientRig();
  await createActiveLocrit(rig, "Bob Technique");
  const chat = await rig.call("POST", "/api/locrits/Bob%20Technique/chat", { message: "Bonjour", session_id: "s1" });
  ids.message = chat.body.user_message_id as string;
  ids.memory = (
    await rig.call("POST", "/api/locrits/Bob%20Technique/memory/memories", { content: "Un fait", importance: 0.5 })
  ).body.memory_id as string;
  ids.conversation = (await rig.call("POST", "/api/conversations/create", { locrit_name: "Bob Technique" })).body
    .conversation_id as string;
});
afterAll(async () => {
  await rig.close();
});

type Method = "get" | "post" | "put" | "patch" | "delete";

/** Fills a documented path with ids that exist, so most calls reach their handler. */
function concretePath(path: string): string {
  const id = path.includes("/memories/")
    ? ids.memory
    : path.includes("/conversations/")
      ? ids.conversation
      : ids.message;
  return path.replaceAll("{name}", "Bob%20Technique").replaceAll("{session_id}", "s1").replaceAll("{id}", id);
}

/** Reads first, changes next, destroys last: every route is still reached with its data in place. */
function rank(method: Method, path: string): number {
  if ((method === "delete" && path === "/api/locrits/{name}") || path.endsWith("/{name}/delete")) return 4;
  if (method === "delete" || path.endsWith("/delete") || path.endsWith("/clear")) return 3;
  return method === "get" ? 0 : method === "post" ? 1 : 2;
}

describe("compat: every JSON body carries `success` (integration, every documented route)", () => {
  it("answers every route of the OpenAPI document, happy or not, with a boolean success matching its status", async () => {
    const document = (await (await fetch(`${rig.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Partial<Record<Method, unknown>>>;
    };
    // The models API speaks OpenAI's and Ollama's own shapes (SPEC §10), which carry no `success`.
    const foreignProtocol = (operation: unknown) =>
      ((operation as { tags?: string[] }).tags ?? []).some((tag) => tag.endsWith("-compatible"));
    const calls = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        (Object.keys(operations) as Method[])
          .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
          .filter((method) => !foreignProtocol(operations[method]))
          .map((method) => ({ method, path })),
      )
      .sort((left, right) => rank(left.method, left.path) - rank(right.method, right.path));
    expect(calls.length).toBeGreaterThan(30);

    const missing: string[] = [];
    let checked = 0;
    for (const { method, path } of calls) {
      const hasBody = method !== "get" && method !== "delete";
      const body = path.endsWith("/clear") ? { confirm: true } : hasBody ? {} : undefined;
      const response = await fetch(`${rig.baseUrl}${concretePath(path)}`, {
        method: method.toUpperCase(),
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      // A download (the export file) is a file format of its own, not an API answer.
      const download = (response.headers.get("content-disposition") ?? "").startsWith("attachment");
      if (download || !(response.headers.get("content-type") ?? "").includes("application/json")) {
        await response.body?.cancel();
        continue;
      }
      const json = (await response.json()) as { success?: unknown; error?: { code?: unknown } };
      checked += 1;
      const expected = response.status < 400;
      if (json.success !== expected || (!expected && typeof json.error?.code !== "string"))
        missing.push(`${method.toUpperCase()} ${path} → ${response.status} ${JSON.stringify(json).slice(0, 120)}`);
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it("answers unknown API routes with a JSON 404, never HTML", async () => {
    for (const path of [
      "/api/nothing-here",
      "/api/locrits/Bob%20Technique/memory/concepts",
      "/api/v1/conversation/create",
    ]) {
      const answer = await rig.call("GET", path);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ success: false, error: { code: "not_found" } });
    }
  });
});
