import { describe, expect, it } from "vitest";
import { testAppBackends, startPostgresTestApp } from "../../../test/postgres/postgres-test-app.js";
import { dialogueRigPerTest, runningDialogueRow } from "./test-support/dialogue-rig.js";

const startRig = dialogueRigPerTest();
const ADA = "Ada Lovelock";
const BO = "Bo Technique";
const CY = "Cy";
const TOPIC = "Should robots keep gardens?";
const words = (text: string) => text.split(/(?<= )/);

describe.each(testAppBackends)("dialogues between local Locrits, on $name (integration)", (backend) => {
  it("takes six alternating turns, each from its speaker's own model server, kept in both memories", async () => {
    const rig = await startRig(backend, [
      { name: ADA, description: "A careful gardener", model: { tokens: words("Ada thinks gardens need care.") } },
      { name: BO, description: "A tinkering robot", model: { tokens: words("Bo would automate the watering.") } },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC, max_turns: 6, style: "debate" });
    expect(dialogue).toMatchObject({ status: "running", turns: 0, topic: TOPIC, style: "debate", max_turns: 6 });
    expect(dialogue.participants).toEqual([
      { name: ADA, kind: "local" },
      { name: BO, kind: "local" },
    ]);

    const done = await rig.waitForStatus(dialogue.id, "finished");
    expect(done.dialogue.turns).toBe(6);
    expect(done.messages.map((line) => [line.turn, line.speaker, line.content, line.status])).toEqual(
      [1, 2, 3, 4, 5, 6].map((turn) => [
        turn,
        turn % 2 === 1 ? ADA : BO,
        turn % 2 === 1 ? "Ada thinks gardens need care." : "Bo would automate the watering.",
        "complete",
      ]),
    );

    // Each speaker's own model server answered its three turns, and only those.
    const ada = rig.models.get(ADA)!.chatRequests();
    const bo = rig.models.get(BO)!.chatRequests();
    expect(ada).toHaveLength(3);
    expect(bo).toHaveLength(3);
    const conversation = (request: (typeof ada)[number]) =>
      request.body!.messages!.filter((message) => message.role !== "system");
    const system = (request: (typeof ada)[number]) => request.body!.messages![0]!;
    // Bo's system prompt: the topic, who it talks to (name and description), the style.
    expect(system(bo[0]!).role).toBe("system");
    expect(system(bo[0]!).content).toContain(TOPIC);
    expect(system(bo[0]!).content).toContain(`${ADA} (A careful gardener)`);
    expect(system(bo[0]!).content).toMatch(/debate/i);
    expect(system(ada[0]!).content).toContain(`${BO} (A tinkering robot)`);
    // Bo's third turn: Ada's lines as user messages, its own earlier lines as assistant messages.
    expect(conversation(bo[2]!)).toEqual([
      { role: "user", content: "Ada thinks gardens need care." },
      { role: "assistant", content: "Bo would automate the watering." },
      { role: "user", content: "Ada thinks gardens need care." },
      { role: "assistant", content: "Bo would automate the watering." },
      { role: "user", content: "Ada thinks gardens need care." },
    ]);
    expect(conversation(ada[1]!).at(-1)).toEqual({ role: "user", content: "Bo would automate the watering." });
    expect(conversation(ada[1]!).at(-2)).toEqual({ role: "assistant", content: "Ada thinks gardens need care." });

    // Both memories hold the six lines in `dialogue:<id>`: their own as assistant, the other's as user with sender_name.
    for (const [self, other] of [
      [ADA, BO],
      [BO, ADA],
    ] as const) {
      const lines = (await rig.sessionMessages(self, dialogue.id)).filter(
        (message) => message.role === "assistant" || message.metadata.sender_name === other,
      );
      expect(lines.map((message) => [message.role, message.status])).toHaveLength(6);
      expect(lines.filter((message) => message.role === "assistant")).toHaveLength(3);
      for (const message of lines.filter((line) => line.role === "user"))
        expect(message.metadata).toMatchObject({ sender_type: "locrit", sender_name: other });
    }
    // The transcript names the speakers' own messages.
    const adaAssistant = (await rig.sessionMessages(ADA, dialogue.id)).filter(
      (message) => message.role === "assistant",
    );
    expect(done.messages.filter((line) => line.speaker === ADA).map((line) => line.id)).toEqual(
      adaAssistant.map((message) => message.id),
    );
  });

  it("turns three participants in order; a stop ends the line being said, stored `stopped`", async () => {
    const rig = await startRig(backend, [
      { name: ADA, model: { tokens: ["Ada."] } },
      { name: BO, model: { tokens: ["Bo."] } },
      { name: CY, model: { tokenCount: 400, tokenDelayMs: 40 } },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO, CY], topic: TOPIC, max_turns: 10 });
    // Cy's line is long and slow: stop once some of it is stored.
    await rig.waitFor(
      dialogue.id,
      (answer) => answer.messages.some((line) => line.speaker === CY && line.content.length > 10),
      "Cy speaking",
    );
    const stopped = await rig.post(dialogue.id, "stop");
    expect(stopped.status).toBe("stopped");

    const after = await rig.get(dialogue.id);
    expect(after.messages.map((line) => [line.speaker, line.status])).toEqual([
      [ADA, "complete"],
      [BO, "complete"],
      [CY, "stopped"],
    ]);
    const cyLine = after.messages[2]!;
    expect(cyLine.content).toMatch(/^w1 w2 /);
    const cyOwn = (await rig.sessionMessages(CY, dialogue.id)).find((message) => message.id === cyLine.id);
    expect(cyOwn).toMatchObject({ role: "assistant", status: "stopped", content: cyLine.content });
    // Cy heard both others before it spoke; Ada and Bo keep Cy's partial line too.
    const cySession = await rig.sessionMessages(CY, dialogue.id);
    expect(
      cySession.filter((message) => message.role === "user").map((message) => message.metadata.sender_name),
    ).toEqual([ADA, BO]);
    for (const other of [ADA, BO]) {
      const kept = (await rig.sessionMessages(other, dialogue.id)).at(-1);
      expect(kept).toMatchObject({ role: "user", content: cyLine.content, metadata: { sender_name: CY } });
    }
    expect(rig.models.get(CY)!.chatRequests()).toHaveLength(1);
    // A stopped dialogue cannot be stopped or resumed again.
    const again = await rig.harness.app.inject({ method: "POST", url: `/api/dialogues/${dialogue.id}/resume` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ success: false, error: { code: "dialogue_not_running" } });
  });

  it("pauses after the line being said and resumes where it was", async () => {
    const rig = await startRig(backend, [
      { name: ADA, model: { tokens: ["Ada ", "speaks."], tokenDelayMs: 150 } },
      { name: BO, model: { tokens: ["Bo ", "answers."], tokenDelayMs: 150 } },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC, max_turns: 4 });
    await rig.waitFor(dialogue.id, (answer) => answer.messages.length > 0, "a first line");
    expect((await rig.post(dialogue.id, "pause")).status).toBe("paused");
    // The line being said ends, then no other starts.
    const paused = await rig.waitFor(
      dialogue.id,
      (answer) => answer.messages.length > 0 && answer.messages.every((line) => line.status === "complete"),
      "the paused line's end",
    );
    const turnsWhenPaused = paused.dialogue.turns;
    expect(turnsWhenPaused).toBeGreaterThanOrEqual(1);
    expect(turnsWhenPaused).toBeLessThan(4);
    const requestsWhenPaused = rig.models.get(ADA)!.chatRequests().length + rig.models.get(BO)!.chatRequests().length;
    expect(requestsWhenPaused).toBe(turnsWhenPaused);

    expect((await rig.post(dialogue.id, "resume")).status).toBe("running");
    const done = await rig.waitForStatus(dialogue.id, "finished");
    expect(done.messages.map((line) => line.speaker)).toEqual([ADA, BO, ADA, BO]);
    expect(done.messages.map((line) => line.content)).toEqual([
      "Ada speaks.",
      "Bo answers.",
      "Ada speaks.",
      "Bo answers.",
    ]);
  });

  it("fails with the reason when a participant's model server is down, keeping what was said", async () => {
    const rig = await startRig(backend, [
      { name: ADA, model: { tokens: ["Hello Bo."] } },
      { name: BO, base_url: "http://127.0.0.1:9" },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC, max_turns: 6 });
    const failed = await rig.waitForStatus(dialogue.id, "failed");
    expect(failed.dialogue.reason).toContain(BO);
    expect(failed.dialogue.reason).toMatch(/not reachable/);
    expect(failed.messages.map((line) => [line.speaker, line.content])).toEqual([[ADA, "Hello Bo."]]);
    // Bo got Ada's line before its model failed: stored, marked unanswered.
    const boSession = await rig.sessionMessages(BO, dialogue.id);
    expect(boSession).toHaveLength(1);
    expect(boSession[0]).toMatchObject({ role: "user", content: "Hello Bo.", metadata: { sender_name: ADA } });
    expect(boSession[0]!.metadata.reply_error_code).toBe("llm_unavailable");
    expect((await rig.sessionMessages(ADA, dialogue.id)).map((message) => message.role)).toEqual(["user", "assistant"]);
  });

  it("refuses bad input: unknown participant 404, fewer than two 400, limits out of range 400", async () => {
    const rig = await startRig(backend, [{ name: ADA }, { name: BO }]);
    const post = (payload: unknown) =>
      rig.harness.app.inject({ method: "POST", url: "/api/dialogues", payload: payload as object });
    const unknown = await post({ participants: [ADA, "Nobody"], topic: TOPIC });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, error: { code: "locrit_not_found" } });
    for (const payload of [
      { participants: [ADA], topic: TOPIC },
      { participants: [ADA, BO], topic: TOPIC, max_turns: 0 },
      { participants: [ADA, BO], topic: TOPIC, max_turns: 201 },
      { participants: [ADA, BO], topic: TOPIC, max_seconds: 5 },
      { participants: [ADA, BO], topic: TOPIC, max_seconds: 3_601 },
      { participants: [ADA, BO], topic: "" },
      { participants: [ADA, BO], topic: TOPIC, style: "shouting" },
      { participants: [ADA, ADA.toUpperCase()], topic: TOPIC },
      { participants: [ADA, { url: "ftp://example.org", name: "R", token: "t" }], topic: TOPIC },
    ]) {
      const answer = await post(payload);
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400);
      expect(answer.json()).toMatchObject({ success: false, error: { code: "validation_error" } });
    }
    const list = await rig.harness.app.inject({ method: "GET", url: "/api/dialogues" });
    expect(list.json()).toEqual({ success: true, dialogues: [], next_cursor: null });
    const missing = await rig.harness.app.inject({ method: "GET", url: "/api/dialogues/nope" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: "dialogue_not_found" } });
  });
});

describe("dialogue limits, paging, restart and delete (integration, SQLite)", () => {
  const sqlite = testAppBackends[0]!;

  it("refuses one more than MAX_RUNNING_DIALOGUES with 409, lists newest first by pages", async () => {
    const rig = await startRig(
      sqlite,
      [
        { name: ADA, model: { tokenCount: 1_000, tokenDelayMs: 50 } },
        { name: BO, model: { tokenCount: 1_000, tokenDelayMs: 50 } },
      ],
      { maxRunningDialogues: 2 },
    );
    const first = await rig.start({ participants: [ADA, BO], topic: "one" });
    const second = await rig.start({ participants: [BO, ADA], topic: "two" });
    const third = await rig.harness.app.inject({
      method: "POST",
      url: "/api/dialogues",
      payload: { participants: [ADA, BO], topic: "three" },
    });
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ error: { code: "dialogue_limit_reached" } });

    const page = await rig.harness.app.inject({ method: "GET", url: "/api/dialogues?limit=1" });
    const firstPage = page.json<{ dialogues: { id: string }[]; next_cursor: string }>();
    const next = await rig.harness.app.inject({
      method: "GET",
      url: `/api/dialogues?limit=1&cursor=${firstPage.next_cursor}`,
    });
    expect(
      [...firstPage.dialogues, ...next.json<{ dialogues: { id: string }[] }>().dialogues].map((d) => d.id),
    ).toEqual([second.id, first.id]);

    // Deleting a running one stops it first; the Locrits keep their sessions.
    await rig.waitFor(first.id, (answer) => answer.messages.length > 0, "a first line");
    const deleted = await rig.harness.app.inject({ method: "DELETE", url: `/api/dialogues/${first.id}` });
    expect(deleted.json()).toEqual({ success: true, deleted: true });
    expect((await rig.harness.app.inject({ method: "GET", url: `/api/dialogues/${first.id}` })).statusCode).toBe(404);
    expect((await rig.sessionMessages(ADA, first.id)).at(-1)).toMatchObject({ role: "assistant", status: "stopped" });
    expect((await rig.post(second.id, "stop")).status).toBe("stopped");
  });

  it("finishes at max_seconds, the line being said cut there and kept", async () => {
    const rig = await startRig(sqlite, [
      { name: ADA, model: { tokens: ["Ada."] } },
      { name: BO, model: { tokenCount: 2_000, tokenDelayMs: 50 } },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC, max_seconds: 10 });
    const done = await rig.waitForStatus(dialogue.id, "finished");
    expect(done.dialogue.reason).toBe("time limit reached");
    expect(done.messages.map((line) => [line.speaker, line.status])).toEqual([
      [ADA, "complete"],
      [BO, "complete"],
    ]);
    // Cut well before its 2,000 words (100 s): at the ten seconds of the dialogue.
    expect(done.messages[1]!.content.split(" ").length).toBeLessThan(400);
    expect((await rig.sessionMessages(ADA, dialogue.id)).at(-1)).toMatchObject({ metadata: { sender_name: BO } });
  });

  it("a server restart leaves a running dialogue stopped, with everything said kept", async () => {
    const rig = await startRig(sqlite, [
      { name: ADA, model: { tokens: ["Ada."] } },
      { name: BO, model: { tokenCount: 1_000, tokenDelayMs: 50 } },
    ]);
    const dialogue = await rig.start({ participants: [ADA, BO], topic: TOPIC });
    await rig.waitFor(
      dialogue.id,
      (answer) => answer.messages.some((line) => line.speaker === BO && line.content.length > 5),
      "Bo speaking",
    );
    const restarted = await rig.harness.restart();
    Object.assign(rig.harness, restarted);
    const after = await rig.get(dialogue.id);
    expect(after.dialogue.status).toBe("stopped");
    expect(after.messages.map((line) => [line.speaker, line.status])).toEqual([
      [ADA, "complete"],
      [BO, "incomplete"],
    ]);
    expect((await rig.sessionMessages(BO, dialogue.id)).at(-1)).toMatchObject({
      role: "assistant",
      status: "incomplete",
    });
  });

  it("stops dialogues a crashed process left running, at start", async () => {
    const harness = await startPostgresTestAppOrSqlite();
    const { storage } = harness;
    await storage.db
      .insertInto("dialogues")
      .values(runningDialogueRow("left-running", [ADA, BO]))
      .execute();
    const restarted = await harness.restart();
    try {
      const answer = await restarted.app.inject({ method: "GET", url: "/api/dialogues/left-running" });
      expect(answer.json()).toMatchObject({ dialogue: { status: "stopped", reason: "the server restarted" } });
    } finally {
      await restarted.close();
    }
  });
});

/** The crash test on PostgreSQL when the run has it (the restart keeps its database), else on SQLite. */
const startPostgresTestAppOrSqlite = () =>
  testAppBackends.some((backend) => backend.name === "postgres") ? startPostgresTestApp() : testAppBackends[0]!.start();
