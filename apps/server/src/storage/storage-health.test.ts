import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLocritRow } from "../../test/helpers/factories.js";
import { storageBackends } from "../../test/helpers/storage-backends.js";
import type { Storage } from "./database.js";
import { inGroupCommit } from "./group-commit.js";
import { createRepositories } from "./repositories/index.js";
import { probeWrite, storageHealthOf } from "./storage-health.js";

const at = "2026-01-01T00:00:00.000Z";

describe.each(storageBackends)("storage health tracker on $name (integration)", (backend) => {
  let storage: Storage;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ storage, dispose } = await backend.open());
  });
  afterEach(async () => {
    await dispose();
  });

  it("a write that is wrong (a taken id) does not mark the store failing", async () => {
    const insert = () =>
      inGroupCommit(storage.db, (repositories) =>
        repositories.locrits.insert(buildLocritRow("Same", { id: "same", created_at: at })),
      );
    await insert();
    await expect(insert()).rejects.toThrow();
    expect(storageHealthOf(storage.db).failing).toBe(false);
  });

  it("the write probe commits nothing that stays, and marks a failing store working", async () => {
    const health = storageHealthOf(storage.db);
    const recovered: string[] = [];
    health.onRecovered(() => recovered.push("recovered"));
    health.recordFailure(
      Object.assign(
        new Error("disk full"),
        backend.name === "sqlite" ? { name: "SqliteError", code: "SQLITE_FULL" } : { code: "53100" },
      ),
    );
    expect(health.failing).toBe(true);
    await probeWrite(storage.db);
    expect(health.failing).toBe(false);
    expect(recovered).toEqual(["recovered"]);
    expect(await createRepositories(storage.db).locrits.findByName("anything")).toBeUndefined();
  });

  it.runIf(backend.name === "sqlite")(
    "a full disk marks the store failing; the first write that commits marks it working",
    async () => {
      const health = storageHealthOf(storage.db);
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(storage.db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(storage.db);
      const big = () =>
        inGroupCommit(storage.db, (repositories) =>
          repositories.locrits.insert(
            buildLocritRow("Big", { id: "big", description: "x".repeat(200_000), created_at: at }),
          ),
        );
      await expect(big()).rejects.toMatchObject({ code: "SQLITE_FULL" });
      expect(health.failing).toBe(true);
      await expect(probeWrite(storage.db)).rejects.toMatchObject({ code: "SQLITE_FULL" });
      expect(health.failing).toBe(true);
      await sql.raw("pragma max_page_count = 1073741823").execute(storage.db);
      await big();
      expect(health.failing).toBe(false);
    },
  );
});
