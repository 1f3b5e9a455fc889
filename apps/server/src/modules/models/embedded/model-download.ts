import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { llmUnavailable, modelDownloadFailed } from "../../../errors/errors.js";

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number | null;
}

export interface DownloadRequest {
  url: URL;
  /** The final file; bytes go to `<target>.part` first and are renamed only once complete and verified. */
  target: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadResult {
  bytes: number;
  /** Whether the source gave a SHA-256 and the file matched it. */
  verified: boolean;
}

const SHA256 = /^(?:W\/)?"?([a-f0-9]{64})"?$/i;

/**
 * The checksum a source gives: Hugging Face names a large file's SHA-256 in `X-Linked-Etag` (on the
 * redirect to its storage) or as the `ETag`. An ETag that is not a SHA-256 says nothing about the bytes.
 */
const checksumOf = (headers: Headers): string | undefined =>
  SHA256.exec(headers.get("x-linked-etag") ?? "")?.[1]?.toLowerCase() ??
  SHA256.exec(headers.get("etag") ?? "")?.[1]?.toLowerCase();

const sizeFrom = (response: Response, offset: number): number | null => {
  const range = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
  if (range) return Number(range[1]);
  const linked = Number(response.headers.get("x-linked-size") ?? NaN);
  if (Number.isSafeInteger(linked) && linked > 0) return linked;
  const length = Number(response.headers.get("content-length") ?? NaN);
  return Number.isSafeInteger(length) ? offset + length : null;
};

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** The first answer without following redirects, so a redirect's checksum headers are seen; then the file. */
async function request(
  url: URL,
  offset: number,
  signal?: AbortSignal,
): Promise<{ response: Response; checksum?: string }> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const fetchOnce = (target: URL, redirect: "manual" | "follow") =>
    fetch(target, { headers, redirect, signal }).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw llmUnavailable(`The model source at ${target.origin} is not reachable.`, { cause: error });
    });
  const first = await fetchOnce(url, "manual");
  const location = first.headers.get("location");
  if (first.status >= 300 && first.status < 400 && location) {
    await first.body?.cancel();
    const response = await fetchOnce(new URL(location, url), "follow");
    return { response, checksum: checksumOf(first.headers) ?? checksumOf(response.headers) };
  }
  return { response: first, checksum: checksumOf(first.headers) };
}

/**
 * Downloads a model file, resuming a `.part` left by an earlier cut (HTTP Range), verifying the SHA-256
 * when the source gives one, and renaming the `.part` only when the whole file is there: a half file is
 * never a model. A cut leaves the `.part` for the next try; a checksum mismatch deletes it.
 */
export async function downloadModel({ url, target, signal, onProgress }: DownloadRequest): Promise<DownloadResult> {
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });
  let offset = (await stat(part).catch(() => undefined))?.size ?? 0;
  let { response, checksum } = await request(url, offset, signal);
  if (response.status === 416 && offset > 0) {
    // The part no longer fits the file at the source: start again.
    await response.body?.cancel();
    await rm(part, { force: true });
    offset = 0;
    ({ response, checksum } = await request(url, 0, signal));
  }
  if (response.status === 404) throw modelDownloadFailed(`The model source has no such file (${url.pathname}).`);
  if (response.status !== 200 && response.status !== 206)
    throw modelDownloadFailed(`The model source answered HTTP ${response.status}.`);
  if (response.status === 200) offset = 0;
  const totalBytes = sizeFrom(response, offset);
  const hash = createHash("sha256");
  if (offset > 0) await hashFile(part, hash);
  let receivedBytes = offset;
  onProgress?.({ receivedBytes, totalBytes });
  if (!response.body) throw modelDownloadFailed("The model source sent no file.");
  // Each piece is on disk before the next is read: after a cut, the .part holds all that arrived.
  const file = await open(part, offset > 0 ? "a" : "w");
  try {
    for await (const chunk of Readable.fromWeb(response.body as never) as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw signal.reason;
      await file.write(chunk);
      hash.update(chunk);
      receivedBytes += chunk.length;
      onProgress?.({ receivedBytes, totalBytes });
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw modelDownloadFailed(
      `The download was cut after ${receivedBytes} bytes; start it again to resume from there.`,
      { cause: error },
    );
  } finally {
    await file.close();
  }
  if (totalBytes !== null && receivedBytes !== totalBytes)
    throw modelDownloadFailed(
      `The download ended after ${receivedBytes} of ${totalBytes} bytes; start it again to resume from there.`,
    );
  const digest = hash.digest("hex");
  if (checksum && digest !== checksum) {
    await rm(part, { force: true });
    throw modelDownloadFailed(
      `The downloaded file does not match the checksum its source gave (SHA-256 ${checksum.slice(0, 12)}…); it was deleted.`,
    );
  }
  await rename(part, target);
  return { bytes: receivedBytes, verified: checksum !== undefined };
}
