import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";
import { createTestDatabase, postgresAvailability, type TestDatabase } from "../../../test/postgres/test-database.js";
import { openStorage, type Storage } from "../../storage/database.js";
import { createRepositories } from "../../storage/repositories/index.js";
import { SearchRepository } from "../../storage/repositories/search.repository.js";
import { runMigrateToPostgres } from "./migrate-to-postgres.command.js";
import { MigrationError, migrateSqliteToPostgres } from "./sqlite-to-postgres.service.js";

const postgres = postgresAvailability();

/** Texts that trip naive copies: quotes, newlines, accents, emoji, JSON-looking and very long content. */
const awkward = [
  'it\'s "quoted"',
  "line one\nline two\r\n\ttab",
  "mémoire à long terme — ça marche",
  "🦊 emoji 👩‍💻",
  '{"not":"json"',
  "x".repeat(5_000),
];

async function seedSqlite(storage: Storage, messageCount: number): Promise<void> {
  const start = Date.UTC(2025, 0, 1);
  const at = (index: number) => new Date(start + index * 1_000).toISOString();
  await storage.db.transaction().execute(async (transaction) => {
    const locritIds = ["loc-a", "loc-b", "loc-c"];
    for (const [index, id] of locritIds.entries()) {
      await transaction
        .insertInto("locrits")
        .values({
          id,
          name: `Locrit ${index} é`,
          name_key: `locrit ${index} é`,
          description: awkward[index]!,
          personality: "Answers briefly.",
          provider: "ollama",
          base_url: "http://localhost:11434",
          model: "llama3.1:8b",
          memory_service: "database",
          active: index % 2,
          open_to: JSON.stringify({ humans: true, locrits: index > 0 }),
          access_to: "{}",
          public_page: JSON.stringify({ title: awkward[2] }),
          created_at: at(index),
          updated_at: at(index),
        })
        .execute();
    }
    const sessions = Array.from({ length: 60 }, (_, index) => ({
      locritId: locritIds[index % 3]!,
      id: `session_${index}_Zz.:-`,
    }));
    await transaction
      .insertInto("sessions")
      .values(
        sessions.map((session, index) => ({
          locrit_id: session.locritId,
          id: session.id,
          title: `Session ${index} ${awkward[index % awkward.length]!.slice(0, 40)}`,
          user_id: index % 4 === 0 ? null : `user-${index}`,
          metadata: JSON.stringify({ index }),
          message_count: 0,
          created_at: at(index),
          updated_at: at(index),
        })),
      )
      .execute();
    const batch = 500;
    for (let first = 0; first < messageCount; first += batch) {
      const rows = Array.from({ length: Math.min(batch, messageCount - first) }, (_, offset) => {
        const index = first + offset;
        const session = sessions[index % sessions.length]!;
        return {
          id: `msg-${index.toString(36)}`,
          locrit_id: session.locritId,
          session_id: session.id,
          role: index % 2 === 0 ? "user" : "assistant",
          content: `message ${index} ${index % 997 === 0 ? awkward[index % awkward.length] : "zebra quietly walks"}`,
          status: index % 1_000 === 999 ? "incomplete" : "complete",
          metadata: JSON.stringify({ index, model: "llama3.1:8b", tokens: index % 321 }),
          created_at: at(index),
          updated_at: at(index),
          edited_at: index % 5_000 === 0 ? at(index + 1) : null,
        };
      });
      await transaction.insertInto("messages").values(rows).execute();
    }
    await transaction
      .insertInto("memories")
      .values(
        Array.from({ length: 300 }, (_, index) => ({
          id: `mem-${index}`,
          locrit_id: locritIds[index % 3]!,
          content: `memory ${index} ${awkward[index % awkward.length]!.slice(0, 60)}`,
          // Values that do not survive a float4 round trip: the target must keep doubles exactly.
          importance: (index % 10) / 10 + 0.1 + 0.2 - 0.3,
          source_message_ids: JSON.stringify([`msg-${index}`]),
          created_at: at(index),
          updated_at: at(index),
          last_recalled_at: index % 3 === 0 ? null : at(index + 7),
        })),
      )
      .execute();
    for (const session of sessions) {
      await createRepositories(transaction).sessions.touch(
        session.locritId,
        session.id,
        at(messageCount),
        Math.ceil(messageCount / sessions.length),
      );
    }
  });
}

/**
 * Two dialogues (migration 011): one with a remote participant and its token, a `running_ms` beyond
 * 32 bits (a PostgreSQL bigint), and awkward transcript lines; one without lines.
 */
async function seedDialogues(storage: Storage, at: string): Promise<void> {
  const dialogue = { style: "casual", max_turns: 20, max_seconds: 120, created_at: at, updated_at: at };
  await storage.db
    .insertInto("dialogues")
    .values([
      {
        ...dialogue,
        id: "dlg-a",
        participants: JSON.stringify(["Locrit 0 é", { url: "http://remote.test", name: "Far", token: "lct_x" }]),
        topic: awkward[0]!,
        status: "finished",
        reason: null,
        turns: 3,
        running_ms: 5_000_000_000,
      },
      {
        ...dialogue,
        id: "dlg-b",
        participants: JSON.stringify(["Locrit 1 é", "Locrit 2 é"]),
        topic: "weather",
        status: "failed",
        reason: "Far answered 401",
        turns: 0,
        running_ms: 0,
      },
    ])
    .execute();
  await storage.db
    .insertInto("dialogue_lines")
    .values(
      [awkward[1]!, awkward[3]!, awkward[5]!].map((content, turn) => ({
        dialogue_id: "dlg-a",
        turn,
        speaker: turn % 2 === 0 ? "Locrit 0 é" : "Far",
        message_id: `msg-${turn}`,
        content,
        status: turn === 2 ? "incomplete" : "complete",
        created_at: at,
      })),
    )
    .execute();
}

/** Every row of a table in a collation-free order, for exact comparison across dialects. */
async function allRows(
  storage: Storage,
  table: "locrits" | "sessions" | "messages" | "memories",
): Promise<Record<string, unknown>[]> {
  const rows = (await storage.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  const withoutDerived = rows.map(({ search_vector: _derived, ...row }) => row);
  const key = (row: Record<string, unknown>) =>
    `${String(row.seq ?? "").padStart(12, "0")}|${String(row.locrit_id ?? "")}|${String(row.id)}`;
  return withoutDerived.sort((left, right) => (key(left) < key(right) ? -1 : key(left) > key(right) ? 1 : 0));
}

describe.skipIf(!postgres.url)("SQLite → PostgreSQL migration (integration, real SQLite and PostgreSQL)", () => {
  let temp: ReturnType<typeof makeTempDir>;
  let database: TestDatabase;
  let source: Storage;
  let target: Storage | undefined;

  beforeEach(async () => {
    temp = makeTempDir("locrit-migration-");
    source = await openStorage({ databaseUrl: "", dataDir: temp.path });
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await source.close();
    await target?.close();
    target = undefined;
    await database.release();
    temp.remove();
  });

  it(
    "moves 100,000 messages with every row identical, keeps seq order and lets new rows follow",
    { timeout: 180_000 },
    async () => {
      await seedSqlite(source, 100_000);
      // The settings of /settings (migration 013) move too, the write-only key included.
      const at = new Date(Date.UTC(2029, 0, 1)).toISOString();
      await source.db
        .insertInto("model_servers")
        .values({
          id: "srv-1",
          name: "GPU",
          provider: "openai-compatible",
          base_url: "http://gpu.test",
          api_key: "sk-x",
          created_at: at,
          updated_at: at,
        })
        .execute();
      await source.db
        .insertInto("app_settings")
        .values({ key: "default_model_server", value: "srv-1", updated_at: at })
        .execute();
      await seedDialogues(source, at);
      target = await openStorage({ databaseUrl: database.url, dataDir: temp.path });

      const reports = await migrateSqliteToPostgres({ source, target });
      expect(reports.map(({ table, rows }) => [table, rows])).toEqual([
        ["locrits", 3],
        ["sessions", 60],
        ["messages", 100_000],
        ["memories", 300],
        // Seeded without the repository, so without versions; copied like the rest when there are some.
        ["memory_versions", 0],
        ["dialogues", 2],
        ["dialogue_lines", 3],
        ["model_servers", 1],
        ["app_settings", 1],
      ]);
      for (const table of ["model_servers", "app_settings"] as const)
        expect(await target.db.selectFrom(table).selectAll().execute(), table).toEqual(
          await source.db.selectFrom(table).selectAll().execute(),
        );
      const dialogues = (storage: Storage) => storage.db.selectFrom("dialogues").selectAll().orderBy("id").execute();
      expect(await dialogues(target)).toEqual(await dialogues(source));
      const lines = (storage: Storage) =>
        storage.db.selectFrom("dialogue_lines").selectAll().orderBy("dialogue_id").orderBy("turn").execute();
      expect(await lines(target)).toEqual(await lines(source));

      for (const table of ["locrits", "sessions", "messages", "memories"] as const) {
        expect(await allRows(target, table), table).toEqual(await allRows(source, table));
      }
      const [sourceRepositories, targetRepositories] = [createRepositories(source.db), createRepositories(target.db)];
      for (const locritId of ["loc-a", "loc-b", "loc-c"]) {
        expect(await targetRepositories.messages.statistics(locritId)).toEqual(
          await sourceRepositories.messages.statistics(locritId),
        );
        expect((await targetRepositories.messages.latestOfLocrit(locritId, 5)).map((row) => row.id)).toEqual(
          (await sourceRepositories.messages.latestOfLocrit(locritId, 5)).map((row) => row.id),
        );
      }

      // The target's full-text index covers the migrated rows.
      const search = new SearchRepository(target.db, "postgres");
      const found = await search.countMatches("messages", { locritId: "loc-b", words: ["zebra"], limit: 1 });
      expect(found).toBe(
        (await allRows(source, "messages")).filter(
          (row) => row.locrit_id === "loc-b" && String(row.content).includes("zebra"),
        ).length,
      );

      // The sequence continues after the copied ids: a new message sorts after every migrated one.
      const now = new Date(Date.UTC(2030, 0, 1)).toISOString();
      const added = await targetRepositories.messages.insert({
        id: "after-migration",
        locrit_id: "loc-a",
        session_id: "session_0_Zz.:-",
        role: "user",
        content: "new",
        status: "complete",
        metadata: {},
        created_at: now,
        updated_at: now,
      });
      expect(added.seq).toBeGreaterThan(100_000);
      expect((await targetRepositories.messages.latestInSession("loc-a", "session_0_Zz.:-", 1))[0]?.id).toBe(
        "after-migration",
      );
    },
  );

  it("refuses a target that already holds data, and changes nothing", async () => {
    await seedSqlite(source, 10);
    target = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
    await migrateSqliteToPostgres({ source, target });
    await expect(migrateSqliteToPostgres({ source, target })).rejects.toThrow(MigrationError);
    expect(await createRepositories(target.db).messages.countOfLocrit("loc-a")).toBe(4);
  });

  it("rolls the whole copy back when a row cannot be written, leaving the target empty", async () => {
    await seedSqlite(source, 10);
    const now = new Date().toISOString();
    // PostgreSQL text cannot hold NUL, SQLite can: the copy fails on the last message.
    await createRepositories(source.db).messages.insert({
      id: "nul",
      locrit_id: "loc-a",
      session_id: "session_0_Zz.:-",
      role: "user",
      content: "a\u0000b",
      status: "complete",
      metadata: {},
      created_at: now,
      updated_at: now,
    });
    target = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
    await expect(migrateSqliteToPostgres({ source, target })).rejects.toThrow();
    expect(await createRepositories(target.db).locrits.list()).toEqual([]);
  });

  it("runs as the `locrit migrate-to-postgres` command: copies the file named by --from into the database named by --to", async () => {
    await seedSqlite(source, 50);
    await source.close();
    const cli = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "apps/server/src/cli/locrit-cli.ts",
        "migrate-to-postgres",
        "--from",
        source.location,
        "--to",
        database.url,
      ],
      {
        cwd: fileURLToPath(new URL("../../../../../", import.meta.url)),
        encoding: "utf8",
      },
    );
    source = await openStorage({ databaseUrl: source.location, dataDir: temp.path });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain("Migration verified and committed.");
    expect(cli.stdout).toMatch(/^messages: 50 rows, checksum [0-9a-f]{64}$/m);
    target = await openStorage({ databaseUrl: database.url, dataDir: temp.path });
    expect(await allRows(target, "messages")).toEqual(await allRows(source, "messages"));
  });

  it("answers usage errors with exit code 2 and a missing file with 1, touching nothing", async () => {
    const errors: string[] = [];
    const output = { out: () => undefined, err: (line: string) => errors.push(line) };
    expect(await runMigrateToPostgres(["--from", source.location], output)).toBe(2);
    expect(await runMigrateToPostgres(["--from", source.location, "--to", "mysql://nope"], output)).toBe(2);
    expect(await runMigrateToPostgres(["--from", `${temp.path}/missing.db`, "--to", database.url], output)).toBe(1);
    expect(errors.join("\n")).toMatch(/--from and --to are required[\s\S]*PostgreSQL URL[\s\S]*No SQLite file/);
  });
});
