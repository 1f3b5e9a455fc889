import { mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseHeader, parseRecord, type PlaintextRecord, type SessionHeader } from "./plaintext-record.js";

/** Makes a directory entry (a new or renamed file) survive a crash. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Appends whole lines and fsyncs before returning. A file whose last line was torn by a crash
 * (no final newline) first gets a newline, so the new record starts on a line of its own and the
 * torn fragment stays a line readers skip.
 */
export async function appendToFile(path: string, text: string, header: () => string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, "a+");
  let created = false;
  try {
    const { size } = await handle.stat();
    let prefix = "";
    if (size === 0) {
      created = true;
      prefix = header();
    } else {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = "\n";
    }
    await handle.appendFile(prefix + text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dirname(path));
}

export interface SessionFile {
  header: SessionHeader | undefined;
  records: PlaintextRecord[];
  /** Lines that were not whole records (e.g. the last one, torn by a crash). */
  skippedLines: number;
}

export async function readSessionFile(path: string): Promise<SessionFile> {
  const text = await readFile(path, "utf8");
  let header: SessionHeader | undefined;
  const records: PlaintextRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      header ??= parseHeader(line);
      continue;
    }
    const record = parseRecord(line);
    if (record) records.push(record);
    else skippedLines += 1;
  }
  return { header, records, skippedLines };
}
