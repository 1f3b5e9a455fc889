import { readFile } from "node:fs/promises";

/** One turn of a LoCoMo conversation, as this harness uses it. */
export interface LocomoTurn {
  diaId: string;
  speaker: string;
  /** The spoken text, with the caption of a shared image when there is one (it is part of what was said). */
  text: string;
}

export interface LocomoSession {
  index: number;
  /** UTC ISO-8601 of `session_k_date_time` (the dataset gives no zone; read as UTC). */
  startedAt: string;
  turns: LocomoTurn[];
}

export interface LocomoQuestion {
  question: string;
  category: number;
  /** dia_ids of the turns holding the answer. */
  evidence: string[];
}

export interface LocomoSample {
  id: string;
  speakers: [string, string];
  sessions: LocomoSession[];
  questions: LocomoQuestion[];
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "1:56 pm on 8 May, 2023" → 2023-05-08T13:56:00.000Z. */
export function parseLocomoDate(text: string): string {
  const match = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/i.exec(text);
  if (!match) throw new Error(`unreadable LoCoMo session date '${text}'`);
  const [, hours, minutes, half, day, monthName, year] = match;
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  if (month < 0) throw new Error(`unknown month in '${text}'`);
  const hour = (Number(hours) % 12) + (half!.toLowerCase() === "pm" ? 12 : 0);
  return new Date(Date.UTC(Number(year), month, Number(day), hour, Number(minutes))).toISOString();
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readTurn(raw: unknown): LocomoTurn | undefined {
  if (
    !isRecord(raw) ||
    typeof raw.dia_id !== "string" ||
    typeof raw.speaker !== "string" ||
    typeof raw.text !== "string"
  )
    return undefined;
  const caption =
    typeof raw.blip_caption === "string" && raw.blip_caption.trim()
      ? ` [shares a photo: ${raw.blip_caption.trim()}]`
      : "";
  return { diaId: raw.dia_id, speaker: raw.speaker, text: `${raw.text}${caption}` };
}

function readSample(raw: unknown, position: number): LocomoSample {
  if (!isRecord(raw) || !isRecord(raw.conversation) || !Array.isArray(raw.qa))
    throw new Error(`sample ${position} is not in LoCoMo's layout`);
  const conversation = raw.conversation;
  const sessions: LocomoSession[] = [];
  for (const key of Object.keys(conversation)) {
    const index = /^session_(\d+)$/.exec(key)?.[1];
    const date = conversation[`session_${index}_date_time`];
    if (index === undefined || !Array.isArray(conversation[key]) || typeof date !== "string") continue;
    const turns = (conversation[key] as unknown[])
      .map(readTurn)
      .filter((turn): turn is LocomoTurn => turn !== undefined);
    sessions.push({ index: Number(index), startedAt: parseLocomoDate(date), turns });
  }
  sessions.sort((a, b) => a.index - b.index);
  const questions = (raw.qa as unknown[]).filter(isRecord).map((qa) => ({
    question: String(qa.question ?? ""),
    category: Number(qa.category),
    // One entry of the dataset reads "D8:6; D9:17".
    evidence: (Array.isArray(qa.evidence) ? qa.evidence : [])
      .flatMap((entry) => String(entry).split(/[;,]\s*/))
      .map((id) => id.trim())
      .filter(Boolean),
  }));
  return {
    id: typeof raw.sample_id === "string" ? raw.sample_id : `sample-${position}`,
    speakers: [String(conversation.speaker_a), String(conversation.speaker_b)],
    sessions,
    questions,
  };
}

/** Reads a LoCoMo-format JSON file (a list of samples). */
export async function readLocomoFile(path: string): Promise<LocomoSample[]> {
  const document: unknown = JSON.parse(await readFile(path, "utf8"));
  if (!Array.isArray(document)) throw new Error(`${path} is not a LoCoMo file (a JSON list of samples)`);
  return document.map(readSample);
}
