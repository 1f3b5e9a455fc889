import { afterEach, describe, expect, it } from "vitest";
import type { Dialogue } from "@locrit/protocol";
import { startTestApp, type TestApp } from "../../../test/helpers/test-app.js";
import { createTestDatabase, postgresAvailability, type TestDatabase } from "../../../test/postgres/test-database.js";
import { DialoguesRepository } from "./dialogues.repository.js";
import { dialogueRigPerTest, rigOf, runningDialogueRow } from "./test-support/dialogue-rig.js";

let database: TestDatabase | undefined;
// Registered before the rig's: after-hooks run in reverse, so the database is given back once its apps closed.
afterEach(async () => {
  await database?.release();
  database = undefined;
});
const startRig = dialogueRigPerTest();
const ADA = "Ada Lovelock";
const BO = "Bo Technique";
const postgres = postgresAvailability();

/**
 * Several server processes on one PostgreSQL each run their own dialogues (two apps on one database
 * stand for two processes): one starting up must not stop what another runs, and a stop or pause sent
 * to either reaches the dialogue.
 */
describe.skipIf(!postgres.url)("dialogues run by one of several processes on PostgreSQL (integration)", () => {
  let second: TestApp | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  const onSharedDatabase = async () => {
    database = await createTestDatabase();
    const url = database.url;
    return { name: "postgres" as const, start: () => startTestApp({ databaseUrl: url }) };
  };

  it("a second process starting up leaves the first one's dialogue running; a stop sent to it ends the dialogue", async () => {
    const backend = await onSharedDatabase();
    const first = await startRig(backend, [
      { name: ADA, model: { tokens: ["Ada ", "speaks."] } },
      { name: BO, model: { tokenCount: 200, tokenDelayMs: 50 } },
    ]);
    const dialogue = await first.start({ participants: [ADA, BO], topic: "Two servers, one talk", max_turns: 6 });
    await first.waitFor(dialogue.id, (answer) => answer.messages.some((line) => line.speaker === BO), "Bo speaking");

    second = await backend.start();
    const seenBySecond = rigOf(second, new Map());
    expect((await seenBySecond.get(dialogue.id)).dialogue.status).toBe("running");

    // The stop is stored at once; the first process reads it before its next line. So the line being said
    // there (if any) ends whole, and no line starts after it.
    const stopped: Dialogue = await seenBySecond.post(dialogue.id, "stop");
    expect(stopped.status).toBe("stopped");
    const linesAtStop = (await seenBySecond.get(dialogue.id)).messages.length;
    await first.waitFor(
      dialogue.id,
      (answer) => answer.messages.every((line) => line.status !== "streaming"),
      "the line being said ended",
    );
    // A runner that missed the stop would now start Ada's next line, which takes no time.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const settled = await seenBySecond.get(dialogue.id);
    expect(settled.dialogue.status).toBe("stopped");
    expect(settled.messages.length).toBeGreaterThanOrEqual(linesAtStop);
    expect(settled.messages.length).toBeLessThanOrEqual(linesAtStop + 1);
    expect(settled.messages.at(-1)!.status).toBe("complete");
  });

  it("stops only the running dialogues whose process has gone quiet", async () => {
    const backend = await onSharedDatabase();
    const rig = await startRig(backend, []);
    const repository = new DialoguesRepository(rig.harness.storage.db);
    const row = (id: string, heartbeat: string) =>
      runningDialogueRow(id, [ADA, BO], { runner_id: `runner-of-${id}`, heartbeat_at: heartbeat });
    await rig.harness.storage.db
      .insertInto("dialogues")
      .values([row("quiet", "2026-06-01T10:00:00.000Z"), row("alive", "2026-06-01T10:00:20.000Z")])
      .execute();

    const count = await repository.stopOrphans(
      "its server went quiet",
      "2026-06-01T10:00:30.000Z",
      "2026-06-01T10:00:15.000Z",
    );
    expect(count).toBe(1);
    expect((await repository.find("quiet"))?.status).toBe("stopped");
    expect((await repository.find("alive"))?.status).toBe("running");
  });
});
