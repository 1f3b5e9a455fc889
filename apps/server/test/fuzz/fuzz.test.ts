import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fake-model-server/fake-model-server.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { DbWatcher, diffSnapshots } from "./db-snapshot.js";
import { FixtureKeeper } from "./fuzz-fixtures.js";
import { FuzzReport, fuzzSeed } from "./fuzz-report.js";
import type { SchemaHints } from "./json-schema-arbitrary.js";
import { closeRawAgent } from "./raw-http.js";
import { operationsOf, restCase, type Operation } from "./rest-cases.js";
import { fixtureToken, runRestCase, type RestContext } from "./rest-runner.js";
import { socketCase } from "./socket-cases.js";
import { checkAlive, runSocketCase } from "./socket-runner.js";

/**
 * The fuzz suite (issue 14): schema-derived bad input for every operation of `/api/openapi.json` and
 * every socket.io event, plus garbage frames, against a real app on a real SQLite file. After each
 * case: no 5xx but a declared model-server one, the error shape, nothing stored by a rejected request;
 * after each batch: the process still answers. Every violation is collected and reported with its
 * input; FUZZ_SEED=<seed> replays a run. Bounded: a fixed number of runs per property.
 */
// FUZZ_SCALE=<n> multiplies the runs, for a longer search by hand; `npm test` keeps the bounded default.
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const RUNS_PER_OPERATION = 20 * SCALE;
const SOCKET_BATCHES = 3;
const RUNS_PER_SOCKET_BATCH = 40 * SCALE;

const seed = fuzzSeed();
const report = new FuzzReport(seed);

let model: FakeModelServer;
let testApp: TestApp;
let watcher: DbWatcher;
let context: RestContext;
let operations: Operation[];
let stopWatching: () => void = () => undefined;

beforeAll(async () => {
  model = await startFakeModelServer();
  testApp = await startTestApp();
  const baseUrl = await testApp.listen();
  watcher = new DbWatcher(testApp.storage.location);
  context = {
    baseUrl,
    modelServerUrl: model.url,
    watcher,
    fixtures: new FixtureKeeper(baseUrl, watcher, model.url),
    report,
  };
  const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
  operations = operationsOf(document);
  stopWatching = report.watchProcess();
});

afterAll(async () => {
  stopWatching();
  console.log(report.summary());
  closeRawAgent();
  watcher?.close();
  await testApp?.close();
  await model?.close();
});

/** Real values for fields that name the fixtures, so that generated bodies also reach past the lookups. */
const hints = (modelServerUrl: string): SchemaHints => ({
  modelServerUrl,
  realValues: (field) => {
    if (["name", "locrit_name", "new_name"].includes(field))
      return [fixtureToken("locrit"), fixtureToken("downLocrit")];
    if (["session_id", "conversation_id"].includes(field))
      return [fixtureToken("session"), fixtureToken("longSession")];
    if (field === "source_message_ids") return [fixtureToken("message")];
    return [];
  },
});

const settings = (offset: number, numRuns: number) => ({ seed: seed + offset, numRuns, endOnFailure: true });

describe("fuzz", () => {
  // The row check must not pass by seeing nothing: a committed write shows up in the watcher's snapshots.
  it("sees every row a request commits", async () => {
    const fixtures = await context.fixtures.ensure();
    const before = watcher.snapshot();
    const response = await fetch(
      `${context.baseUrl}/api/locrits/${encodeURIComponent(fixtures.locrit)}/memory/memories`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "watched" }) },
    );
    expect(response.status).toBe(201);
    expect(diffSnapshots(before, watcher.snapshot())).toMatchObject({ memories: 1 });
  });

  it(
    "every REST operation of the OpenAPI document answers bad input in the error shape, without a 5xx or a stored row",
    async () => {
      if (operations.length < 40) throw new Error(`the OpenAPI document lists only ${operations.length} operations`);
      const from = report.violations.length;
      for (const [index, operation] of operations.entries()) {
        await fc.assert(
          fc.asyncProperty(restCase(operation, hints(context.modelServerUrl)), (testCase) =>
            runRestCase(context, testCase),
          ),
          settings(index, RUNS_PER_OPERATION),
        );
        await checkAlive(context, `after ${operation.method} ${operation.path}`);
      }
      report.assertClean(`REST fuzz (${report.requests} requests)`, from);
    },
    300_000 * SCALE,
  );

  it(
    "every socket.io event and garbage frame, on / and /chat, is answered with error {code, message} and never ends the process",
    async () => {
      const from = report.violations.length;
      for (const namespace of ["/", "/chat"] as const) {
        for (let batch = 0; batch < SOCKET_BATCHES; batch += 1) {
          await fc.assert(
            fc.asyncProperty(socketCase(namespace), (testCase) => runSocketCase(context, testCase)),
            settings(1_000 + batch + (namespace === "/" ? 0 : 100), RUNS_PER_SOCKET_BATCH),
          );
          await checkAlive(context, `after socket batch ${batch + 1} on ${namespace}`);
        }
      }
      report.assertClean(`socket.io fuzz (${report.frames} frames)`, from);
    },
    300_000 * SCALE,
  );
});
