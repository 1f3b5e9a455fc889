import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { systemClock } from "../../apps/server/src/lib/clock.js";
import { randomIds } from "../../apps/server/src/lib/ids.js";
import { ImportService } from "../../apps/server/src/modules/import/import.service.js";
import { originalMemoryFolderName } from "../../apps/server/src/modules/import/original-memory.reader.js";
import type { Storage } from "../../apps/server/src/storage/database.js";
import type { LocomoSample } from "./locomo-file.js";

/** Seconds between two turns of a session (the dataset dates sessions, not turns). */
const TURN_SPACING_MS = 30_000;

export const locritNameOf = (sample: LocomoSample) => `LoCoMo ${sample.id}`;
export const sessionIdOf = (sample: LocomoSample, index: number) => `${sample.id}-session-${index}`;
/** The stored id of a turn: evidence is matched through it (and through the dia_id kept in metadata). */
export const messageIdOf = (sample: LocomoSample, diaId: string) =>
  `${sample.id}-${diaId.replace(/[^A-Za-z0-9]/g, "-")}`;

/**
 * Writes the samples as an installation of the original system (config.yaml and plaintext memory:
 * one Locrit per sample, one session per LoCoMo session, one message per turn; the first speaker
 * is `user`, the second `assistant`, each with its name in `metadata.sender_name` and its dia_id),
 * then imports it through the product's importer, as `npm run locrit -- import` would.
 */
export async function importLocomo(props: {
  samples: LocomoSample[];
  folder: string;
  storage: Storage;
  modelUrl: string;
}): Promise<{ messages: number }> {
  const instances: Record<string, Record<string, unknown>> = {};
  for (const sample of props.samples) {
    const name = locritNameOf(sample);
    instances[name] = {
      description: `Remembers the conversations of ${sample.speakers.join(" and ")}.`,
      ollama_url: props.modelUrl,
      ollama_model: "fake-model",
      active: true,
    };
    const memory = join(props.folder, "data", "memory", originalMemoryFolderName(name), "simple_file");
    await mkdir(join(memory, "messages"), { recursive: true });
    await mkdir(join(memory, "sessions"), { recursive: true });
    const seen = new Set<string>();
    for (const session of sample.sessions) {
      const sessionId = sessionIdOf(sample, session.index);
      const ids: string[] = [];
      for (const [position, turn] of session.turns.entries()) {
        let id = messageIdOf(sample, turn.diaId);
        // A repeated dia_id (the dataset has a few) must not overwrite the earlier turn.
        while (seen.has(id)) id = `${id}-again`;
        seen.add(id);
        ids.push(id);
        const message = {
          id,
          role: turn.speaker === sample.speakers[0] ? "user" : "assistant",
          content: turn.text,
          session_id: sessionId,
          user_id: null,
          timestamp: new Date(Date.parse(session.startedAt) + position * TURN_SPACING_MS).toISOString(),
          metadata: { sender_name: turn.speaker, dia_id: turn.diaId },
        };
        await writeFile(join(memory, "messages", `${id}.json`), JSON.stringify(message));
      }
      await writeFile(
        join(memory, "sessions", `${sessionId}.json`),
        JSON.stringify({ id: sessionId, created_at: session.startedAt, message_ids: ids }),
      );
    }
  }
  await writeFile(join(props.folder, "config.yaml"), stringify({ locrits: { instances } }));
  const report = await new ImportService({
    db: props.storage.db,
    clock: systemClock,
    ids: randomIds,
    defaultBaseUrl: props.modelUrl,
  }).importFolder(props.folder);
  const problems = [...report.problems, ...report.locrits.flatMap((locrit) => locrit.problems)];
  if (problems.length > 0 || report.locrits.some((locrit) => locrit.status === "skipped"))
    throw new Error(`the import reported problems:\n${problems.join("\n")}`);
  return { messages: report.locrits.reduce((sum, locrit) => sum + locrit.messagesImported, 0) };
}
