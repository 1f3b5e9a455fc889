import { writeFileSync } from "node:fs";

/**
 * A minimal GGUF v3 writer (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): a header, typed
 * metadata, tensor descriptions, then the tensor data, each piece aligned to 32 bytes. Only what the test
 * models need: scalar, string and array metadata, F32 tensors.
 */
const ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;

export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "strings"; value: string[] }
  | { type: "f32s"; value: number[] }
  | { type: "i32s"; value: number[] };

export interface GgufTensor {
  name: string;
  /** ggml order: the first dimension varies fastest (a matrix of `rows` rows of `columns` values is [columns, rows]). */
  shape: number[];
  data: Float32Array;
}

// GGUF value type codes.
const UINT32 = 4;
const INT32 = 5;
const FLOAT32 = 6;
const BOOL = 7;
const STRING = 8;
const ARRAY = 9;

class ByteSink {
  private readonly parts: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.push(buffer);
  }
  i32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    this.push(buffer);
  }
  u64(value: number): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.push(buffer);
  }
  f32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeFloatLE(value);
    this.push(buffer);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const gap = (alignment - (this.length % alignment)) % alignment;
    if (gap > 0) this.push(Buffer.alloc(gap));
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function writeValue(sink: ByteSink, entry: GgufValue): void {
  const array = (elementType: number, count: number) => {
    sink.u32(ARRAY);
    sink.u32(elementType);
    sink.u64(count);
  };
  switch (entry.type) {
    case "u32":
      sink.u32(UINT32);
      return sink.u32(entry.value);
    case "i32":
      sink.u32(INT32);
      return sink.i32(entry.value);
    case "f32":
      sink.u32(FLOAT32);
      return sink.f32(entry.value);
    case "bool":
      sink.u32(BOOL);
      return sink.push(Buffer.from([entry.value ? 1 : 0]));
    case "string":
      sink.u32(STRING);
      return sink.string(entry.value);
    case "strings":
      array(STRING, entry.value.length);
      return entry.value.forEach((text) => sink.string(text));
    case "f32s":
      array(FLOAT32, entry.value.length);
      return entry.value.forEach((number) => sink.f32(number));
    case "i32s":
      array(INT32, entry.value.length);
      return entry.value.forEach((number) => sink.i32(number));
  }
}

/** The whole file as bytes. */
export function encodeGguf(metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from("GGUF", "ascii"));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(Object.keys(metadata).length);
  for (const [key, entry] of Object.entries(metadata)) {
    sink.string(key);
    writeValue(sink, entry);
  }
  let offset = 0;
  for (const tensor of tensors) {
    sink.string(tensor.name);
    sink.u32(tensor.shape.length);
    tensor.shape.forEach((dimension) => sink.u64(dimension));
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset += Math.ceil(tensor.data.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  sink.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.padTo(ALIGNMENT);
  }
  return sink.bytes();
}

export function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: GgufTensor[]): void {
  writeFileSync(path, encodeGguf(metadata, tensors));
}
