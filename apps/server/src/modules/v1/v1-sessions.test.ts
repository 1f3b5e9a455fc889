import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import { ownerAppWithModelPerTest } from "../../../test/helpers/owner-app-with-model.js";
import { bearer, createApiToken } from "../../../test/helpers/owner-login.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";

const rig = ownerAppWithModelPerTest();
const inject = (options: InjectOptions) => rig.harness.app.inject(options);
const v1 = (name: string, suffix: string) => `/api/v1/locrits/${encodeURIComponent(name)}${suffix}`;

async function chat(headers: Record<string, string>, url: string, payload: object): Promise<void> {
  const answer = await inject({ method: "POST", url, headers, payload });
  expect(answer.statusCode, answer.body).toBe(200);
}

const sessionIds = async (headers: Record<string, string>, name = "Bob Technique") => {
  const answer = await inject({ method: "GET", url: v1(name, "/sessions"), headers });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer
    .json<{ sessions: { id: string }[] }>()
    .sessions.map((session) => session.id)
    .sort();
};

describe.each(testAppBackends)("v1: a token caller lists its own sessions, on $name (integration)", (backend) => {
  it("lists only the caller's own sessions (never the owner's nor another token's), as access_to allows", async () => {
    const cookie = await rig.start(backend);
    for (const body of [
      { name: "Bob Technique" },
      { name: "Hermit", access_to: { logs: false, quick_memory: true, full_memory: false, llm_info: true } },
    ])
      await rig.createLocrit(body);
    const scout = bearer((await createApiToken(rig.harness, cookie, { name: "scout", role: "program" })).token);
    const sibling = bearer((await createApiToken(rig.harness, cookie, { name: "scout2", role: "program" })).token);
    const lookalike = bearer((await createApiToken(rig.harness, cookie, { name: "sc_ut", role: "locrit" })).token);

    await chat({ cookie }, "/api/locrits/Bob%20Technique/chat", { message: "a secret", session_id: "owner" });
    await chat(scout, v1("Bob Technique", "/chat"), { message: "hello" });
    await chat(scout, v1("Bob Technique", "/chat"), { message: "about the trip", session_id: "trip" });
    await chat(sibling, v1("Bob Technique", "/chat"), { message: "hi" });
    await chat(lookalike, v1("Bob Technique", "/chat"), { message: "hey" });

    expect(await sessionIds(scout)).toEqual(["from:scout", "from:scout:trip"]);
    expect(await sessionIds(sibling)).toEqual(["from:scout2"]);
    expect(await sessionIds(lookalike)).toEqual(["from:sc_ut"]);
    expect(await sessionIds({ cookie })).toEqual([
      "from:sc_ut",
      "from:scout",
      "from:scout2",
      "from:scout:trip",
      "owner",
    ]);

    const closed = await inject({ method: "GET", url: v1("Hermit", "/sessions"), headers: scout });
    expect([closed.statusCode, closed.json().error.code]).toEqual([403, "locrit_closed"]);
    const unknown = await inject({ method: "GET", url: v1("Nobody", "/sessions"), headers: scout });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await inject({ method: "GET", url: v1("Bob Technique", "/sessions") });
    expect(anonymous.statusCode).toBe(401);
  });
});
