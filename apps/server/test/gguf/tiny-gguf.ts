import { writeGguf, type GgufTensor, type GgufValue } from "./gguf-writer.js";

/**
 * A tiny llama-architecture model written by the test suite itself (no file is downloaded): a SentencePiece
 * vocabulary of the 256 byte tokens plus letters and a few words, two layers of width 64, random weights.
 * Its answers are nonsense, but they are real tokens from a real llama.cpp forward pass. The output rows of
 * the special and byte tokens are zero while the others are large, so it writes readable words and never
 * ends a reply by itself (its length is the caller's `maxTokens`).
 */
const WIDTH = 64;
const FEED_FORWARD = 128;
const LAYERS = 2;
const HEADS = 4;
const CONTEXT = 4096;

// SentencePiece's token types (llama.cpp llama_token_type).
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

const WORDS = [
  "hello",
  "world",
  "the",
  "a",
  "moss",
  "river",
  "stone",
  "light",
  "quiet",
  "warm",
  "friend",
  "story",
  "night",
  "morning",
  "tea",
  "garden",
  "cloud",
  "small",
  "home",
  "song",
  "green",
  "and",
  "of",
  "to",
  "is",
  "in",
  "we",
];

interface Vocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
}

function vocabulary(): Vocabulary {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [UNKNOWN, CONTROL, CONTROL];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(BYTE);
  }
  const pieces = [
    "▁",
    ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,!?'",
    ...WORDS.map((word) => `▁${word}`),
  ];
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(NORMAL);
  }
  // Longer pieces score higher, so the tokenizer prefers whole words.
  const scores = tokens.map((token, index) => (types[index] === NORMAL ? token.length - index / 1000 : -1000));
  return { tokens, scores, types };
}

/** A seeded generator (mulberry32), so every run writes the same model. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeTinyGguf(path: string, seed = 22): { path: string; vocabularySize: number } {
  const random = randomSource(seed);
  const { tokens, scores, types } = vocabulary();
  const filled = (count: number, scale: number) =>
    Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
  const ones = (count: number) => new Float32Array(count).fill(1);
  const matrix = (columns: number, rows: number, scale: number): Float32Array => filled(columns * rows, scale);

  const output = matrix(WIDTH, tokens.length, 1);
  types.forEach((type, row) => {
    if (type !== NORMAL) output.fill(0, row * WIDTH, (row + 1) * WIDTH);
  });

  const tensors: GgufTensor[] = [
    { name: "token_embd.weight", shape: [WIDTH, tokens.length], data: matrix(WIDTH, tokens.length, 1) },
    { name: "output_norm.weight", shape: [WIDTH], data: ones(WIDTH) },
    { name: "output.weight", shape: [WIDTH, tokens.length], data: output },
  ];
  const layerScale = 1 / Math.sqrt(WIDTH);
  for (let layer = 0; layer < LAYERS; layer++) {
    const name = (part: string) => `blk.${layer}.${part}.weight`;
    tensors.push(
      { name: name("attn_norm"), shape: [WIDTH], data: ones(WIDTH) },
      { name: name("attn_q"), shape: [WIDTH, WIDTH], data: matrix(WIDTH, WIDTH, layerScale) },
      { name: name("attn_k"), shape: [WIDTH, WIDTH], data: matrix(WIDTH, WIDTH, layerScale) },
      { name: name("attn_v"), shape: [WIDTH, WIDTH], data: matrix(WIDTH, WIDTH, layerScale) },
      { name: name("attn_output"), shape: [WIDTH, WIDTH], data: matrix(WIDTH, WIDTH, layerScale) },
      { name: name("ffn_norm"), shape: [WIDTH], data: ones(WIDTH) },
      { name: name("ffn_gate"), shape: [WIDTH, FEED_FORWARD], data: matrix(WIDTH, FEED_FORWARD, layerScale) },
      { name: name("ffn_up"), shape: [WIDTH, FEED_FORWARD], data: matrix(WIDTH, FEED_FORWARD, layerScale) },
      { name: name("ffn_down"), shape: [FEED_FORWARD, WIDTH], data: matrix(FEED_FORWARD, WIDTH, layerScale) },
    );
  }

  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: "locrit-tiny-test" },
    "general.license": { type: "string", value: "mit" },
    "llama.context_length": { type: "u32", value: CONTEXT },
    "llama.embedding_length": { type: "u32", value: WIDTH },
    "llama.block_count": { type: "u32", value: LAYERS },
    "llama.feed_forward_length": { type: "u32", value: FEED_FORWARD },
    "llama.attention.head_count": { type: "u32", value: HEADS },
    "llama.attention.head_count_kv": { type: "u32", value: HEADS },
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-5 },
    "llama.rope.dimension_count": { type: "u32", value: WIDTH / HEADS },
    "llama.vocab_size": { type: "u32", value: tokens.length },
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "strings", value: tokens },
    "tokenizer.ggml.scores": { type: "f32s", value: scores },
    "tokenizer.ggml.token_type": { type: "i32s", value: types },
    "tokenizer.ggml.unknown_token_id": { type: "u32", value: 0 },
    "tokenizer.ggml.bos_token_id": { type: "u32", value: 1 },
    "tokenizer.ggml.eos_token_id": { type: "u32", value: 2 },
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
  };
  writeGguf(path, metadata, tensors);
  return { path, vocabularySize: tokens.length };
}
