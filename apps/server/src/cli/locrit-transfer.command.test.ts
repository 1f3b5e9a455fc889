import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LocritExport } from "@locrit/protocol";
import { buildLocritRow } from "../../test/helpers/factories.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { openStorage } from "../storage/database.js";
import { createRepositories, inTransaction } from "../storage/repositories/index.js";
import { isExportFile, runLocritExport, runLocritImport } from "./locrit-transfer.command.js";

/** An avatar file as the server stores it, under `<data folder>/avatars/`. */
async function writeAvatar(dataDir: string, fileName: string, image: Buffer): Promise<void> {
  await mkdir(join(dataDir, "avatars"), { recursive: true });
  await writeFile(join(dataDir, "avatars", fileName), image);
}

describe("npm run locrit -- export | import (integration: real SQLite files)", () => {
  let temp: ReturnType<typeof makeTempDir>;
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`! ${line}`) };
  const storage = (folder: string) => () => openStorage({ databaseUrl: "", dataDir: join(temp.path, folder) });

  beforeEach(() => {
    temp = makeTempDir("locrit-transfer-");
    lines.length = 0;
  });
  afterEach(() => temp.remove());

  it("writes a Locrit to a file and reads it into another store, the same rows", async () => {
    const source = await storage("source")();
    await inTransaction(source.db, async (repositories) => {
      await repositories.locrits.insert(buildLocritRow("Bob"));
      await repositories.memories.insert(
        {
          id: "memory-1",
          locrit_id: "id-Bob",
          content: "Likes tea",
          importance: 0.5,
          source_message_ids: [],
          origin: "user",
          created_at: "2026-01-02T00:00:00.000Z",
          updated_at: "2026-01-02T00:00:00.000Z",
          last_recalled_at: null,
        },
        { by: "user", at: "2026-01-02T00:00:00.000Z" },
      );
    });
    await source.close();

    const file = join(temp.path, "bob.locrit.json");
    expect(await runLocritExport(["Bob", file], io, storage("source"))).toBe(0);
    expect(await isExportFile(file)).toBe(true);
    expect(await isExportFile(temp.path)).toBe(false);
    const written = JSON.parse(await readFile(file, "utf8")) as LocritExport;
    expect(written.memories.map((memory) => memory.content)).toEqual(["Likes tea"]);

    expect(await runLocritImport([file], io, storage("target"))).toBe(0);
    expect(await runLocritImport([file], io, storage("target"))).toBe(0);
    expect(await runLocritImport([file, "--replace"], io, storage("target"))).toBe(0);
    expect(lines.slice(1)).toEqual([
      "Bob: 0 session(s), 0 message(s), 1 memory(ies) imported",
      "Bob (2) (the name 'Bob' is taken): 0 session(s), 0 message(s), 1 memory(ies) imported",
      "Bob: 0 session(s), 0 message(s), 1 memory(ies) imported",
    ]);
    const target = await storage("target")();
    const names = (await createRepositories(target.db).locrits.list()).map((locrit) => locrit.name).sort();
    await target.close();
    expect(names).toEqual(["Bob", "Bob (2)"]);

    expect(await runLocritExport(["Nobody"], io, storage("source")).catch((error: Error) => error.message)).toBe(
      "No Locrit is named 'Nobody'.",
    );
  });

  it("carries the avatar from one data folder to the other", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 5)]);
    const folder = (name: string) => ({ dataDir: join(temp.path, name), maxBytes: 1_000_000 });
    const source = await storage("source")();
    await createRepositories(source.db).locrits.insert(buildLocritRow("Pic", { id: "id-Pic" }));
    await writeAvatar(folder("source").dataDir, "id-Pic-1.png", png);
    await createRepositories(source.db).locrits.update("id-Pic", { avatar: "id-Pic-1.png" });
    await source.close();

    const file = join(temp.path, "pic.locrit.json");
    expect(await runLocritExport(["Pic", file], io, storage("source"), folder("source"))).toBe(0);
    expect((JSON.parse(await readFile(file, "utf8")) as LocritExport).avatar?.data).toBe(png.toString("base64"));
    expect(await runLocritImport([file], io, storage("target"), folder("target"))).toBe(0);

    const target = await storage("target")();
    const copied = await createRepositories(target.db).locrits.findByName("Pic");
    await target.close();
    expect(copied?.avatar).toMatch(/\.png$/);
    expect(Buffer.compare(await readFile(join(temp.path, "target", "avatars", copied!.avatar!)), png)).toBe(0);
  });
});
