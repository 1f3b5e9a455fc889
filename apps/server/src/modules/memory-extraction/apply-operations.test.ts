import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLocritRow } from "../../../test/helpers/factories.js";
import { makeTempDir } from "../../../test/helpers/temp-dir.js";
import { openStorage, type Storage } from "../../storage/database.js";
import { createRepositories, inTransaction } from "../../storage/repositories/index.js";
import type { MemoryRow } from "../../storage/repositories/memory.repository.js";
import { applyOperations } from "./apply-operations.js";
import type { MemoryOperation } from "./extraction-answer.js";

const AT = "2026-02-01T00:00:00.000Z";
let temp: ReturnType<typeof makeTempDir>;
let storage: Storage;
let counter = 0;
const ids = { newId: () => `new-${(counter += 1)}` };

beforeEach(async () => {
  temp = makeTempDir("apply-operations-");
  storage = await openStorage({ databaseUrl: "", dataDir: temp.path });
  await createRepositories(storage.db).locrits.insert(buildLocritRow("Bob"));
});
afterEach(async () => {
  await storage.close();
  temp.remove();
});

async function remember(id: string, content: string, sources: string[]): Promise<MemoryRow> {
  return inTransaction(storage.db, (repositories) =>
    repositories.memories.insert(
      {
        id,
        locrit_id: "id-Bob",
        content,
        importance: 0.5,
        source_message_ids: sources,
        origin: "user",
        created_at: AT,
        updated_at: AT,
        last_recalled_at: null,
      },
      { by: "user", at: AT },
    ),
  );
}

const apply = (operations: Partial<MemoryOperation>[], shown: MemoryRow[]) =>
  inTransaction(storage.db, (repositories) =>
    applyOperations(repositories, {
      locritId: "id-Bob",
      operations: operations.map((operation) => ({
        op: "add",
        memory_id: null,
        content: "",
        importance: 0.5,
        source_message_ids: ["m1"],
        ...operation,
      })),
      givenMessageIds: new Set(["m1", "m2"]),
      shown,
      ids,
      now: "2026-02-02T00:00:00.000Z",
    }),
  );

describe("applying a model's memory operations (integration: real SQLite file)", () => {
  it("updates and deletes only shown memories, refuses foreign sources, and records versions by extraction", async () => {
    const cat = await remember("cat", "The cat is Miso", ["m0"]);
    const city = await remember("city", "Lives in Paris", ["m0"]);
    const hidden = await remember("hidden", "Not shown to the model", []);
    const result = await apply(
      [
        { op: "update", memory_id: "cat", content: "The cat Miso is ten", importance: 0.9, source_message_ids: ["m2"] },
        { op: "delete", memory_id: "city", source_message_ids: ["m1"] },
        { op: "delete", memory_id: "hidden" },
        { op: "add", content: "Invented", source_message_ids: ["elsewhere"] },
        { op: "add", content: "No source", source_message_ids: [] },
        { op: "add", content: "Has a sister, Margot" },
      ],
      [cat, city],
    );
    expect(result).toEqual({ added: ["new-1"], updated: ["cat"], deleted: ["city"], rejected: 3 });
    const memories = createRepositories(storage.db).memories;
    expect(await memories.findById("id-Bob", "cat")).toMatchObject({
      content: "The cat Miso is ten",
      importance: 0.9,
      source_message_ids: ["m0", "m2"],
    });
    expect(await memories.findById("id-Bob", "city")).toBeUndefined();
    expect(await memories.findById("id-Bob", "hidden")).toMatchObject({ content: hidden.content });
    expect((await memories.versions.history("id-Bob", "cat")).map((v) => [v.action, v.changed_by])).toEqual([
      ["created", "user"],
      ["updated", "extraction"],
    ]);
    expect(await memories.findById("id-Bob", "new-1")).toMatchObject({
      origin: "extracted",
      source_message_ids: ["m1"],
    });
  });

  it("merges an add into a memory that says the same, and changes nothing when it adds nothing", async () => {
    const cat = await remember("cat", "My cat is called Miso.", ["m1"]);
    expect(await apply([{ content: "My cat is called Miso!" }], [cat])).toEqual({
      added: [],
      updated: [],
      deleted: [],
      rejected: 0,
    });
    expect(await apply([{ content: "my cat is called miso", source_message_ids: ["m2"] }], [cat])).toMatchObject({
      added: [],
      updated: ["cat"],
    });
    const merged = await createRepositories(storage.db).memories.findById("id-Bob", "cat");
    expect(merged!.source_message_ids).toEqual(["m1", "m2"]);
  });
});
