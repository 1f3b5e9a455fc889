import { describe, expect, it } from "vitest";
import { ownerAppWithModelPerTest } from "../../../test/helpers/owner-app-with-model.js";
import { bearer, createApiToken } from "../../../test/helpers/owner-login.js";
import { testAppBackends } from "../../../test/postgres/postgres-test-app.js";

/**
 * SPEC §8.3: a non-owner caller's turn recalls only from that caller's own sessions; nothing the owner
 * (or another caller) said reaches its prompt. Asserted on what the fake model server was sent.
 */

const rig = ownerAppWithModelPerTest();

const LOCRIT = "Bob Technique";
const url = (suffix: string) => `/api/locrits/${encodeURIComponent(LOCRIT)}${suffix}`;
const v1Chat = `/api/v1/locrits/${encodeURIComponent(LOCRIT)}/chat`;

/** Beyond localhost (login on), with a Locrit open to programs; the owner's cookie. */
async function start(backend: (typeof testAppBackends)[number]): Promise<string> {
  const cookie = await rig.start(backend);
  await rig.createLocrit({
    name: LOCRIT,
    open_to: { humans: true, locrits: true, invitations: false, internet: true, platform: false },
  });
  return cookie;
}

async function send(headers: Record<string, string>, path: string, payload: object) {
  const answer = await rig.harness.app.inject({ method: "POST", url: path, headers, payload });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<{ session_id: string; recalled: unknown[] }>();
}

describe.each(testAppBackends)("recall limited to a caller's own sessions, on $name (integration)", (backend) => {
  it("a program token recalls its own earlier session, never the owner's words, memories nor another token's", async () => {
    const cookie = await start(backend);
    // The owner's secret, said in a session and kept as an important memory (always recalled for the owner).
    await send({ cookie }, url("/chat"), { message: "My umbrella PIN is 4321, remember it.", session_id: "owner" });
    const memory = await rig.harness.app.inject({
      method: "POST",
      url: url("/memory/memories"),
      headers: { cookie },
      payload: { content: "The owner's umbrella PIN is 4321", importance: 0.95 },
    });
    expect(memory.statusCode).toBe(201);
    const scout = await createApiToken(rig.harness, cookie, { name: "scout", role: "program" });
    const sibling = await createApiToken(rig.harness, cookie, { name: "scout2", role: "program" });
    const lookalike = await createApiToken(rig.harness, cookie, { name: "sc_ut", role: "program" });
    await send(bearer(sibling.token), v1Chat, { message: "My umbrella is green, PIN 9999.", session_id: "trip" });
    const first = await send(bearer(scout.token), v1Chat, {
      message: "I left my umbrella at the station.",
      session_id: "trip",
    });
    expect(first.session_id).toBe("from:scout:trip");

    const asked = await send(bearer(scout.token), v1Chat, {
      message: "Where is my umbrella? What PIN?",
      session_id: "later",
    });
    const prompt = rig.lastPromptText();
    expect(prompt).toContain("I left my umbrella at the station.");
    expect(asked.recalled.length).toBeGreaterThan(0);
    expect(prompt).not.toContain("4321");
    expect(prompt).not.toContain("9999");

    // The same through the models API (SPEC §10) with the token.
    const viaModelsApi = await rig.harness.app.inject({
      method: "POST",
      url: "/v1/chat/completions",
      headers: { ...bearer(scout.token), "x-session-id": "models-api" },
      payload: { model: LOCRIT, messages: [{ role: "user", content: "Where is my umbrella? What PIN?" }] },
    });
    expect(viaModelsApi.statusCode, viaModelsApi.body).toBe(200);
    expect(rig.lastPromptText()).toContain("I left my umbrella at the station.");
    expect(rig.lastPromptText()).not.toMatch(/4321|9999/);

    // A token whose name, as a LIKE pattern, would match the scout's sessions (`_` is any character there).
    await send(bearer(lookalike.token), v1Chat, { message: "Where is the umbrella? What PIN?", session_id: "q" });
    const lookalikePrompt = rig.lastPromptText();
    expect(lookalikePrompt).not.toContain("station");
    expect(lookalikePrompt).not.toContain("4321");
    expect(lookalikePrompt).not.toContain("9999");

    // The owner's recall is unchanged: it reaches every session and the memory.
    await send({ cookie }, url("/chat"), { message: "Where is the umbrella? What PIN?", session_id: "owner-later" });
    const ownerPrompt = rig.lastPromptText();
    expect(ownerPrompt).toContain("4321");
    expect(ownerPrompt).toContain("station");
  });
});
