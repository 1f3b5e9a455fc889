import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../../test/helpers/test-app.js";
import { makeTempDir } from "../../../../test/helpers/temp-dir.js";
import { encodeGguf } from "../../../../test/gguf/gguf-writer.js";
import { writeTinyGguf } from "../../../../test/gguf/tiny-gguf.js";
import { downloadModel, type DownloadProgress } from "./model-download.js";

/**
 * The download path against a local HTTP server shaped like Hugging Face's: `/<user>/<repo>/resolve/main/<file>`
 * redirects to the bytes with the SHA-256 in `X-Linked-Etag`, and the bytes answer HTTP Range requests.
 */
interface SourceSwitches {
  /** Cut the connection after this many bytes of the next answer (once). */
  cutAfter?: number;
  /** Announce this checksum instead of the file's. */
  wrongChecksum?: boolean;
}

const folder = makeTempDir("locrit-download-");
const modelBytes = (() => {
  const path = join(folder.path, "tiny.gguf");
  writeTinyGguf(path);
  return readFileSync(path);
})();
const sha256 = createHash("sha256").update(modelBytes).digest("hex");
const switches: SourceSwitches = {};
const ranges: Array<string | undefined> = [];
let source: Server;
let sourceUrl: string;

function serveBytes(request: IncomingMessage, response: ServerResponse): void {
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
  ranges.push(request.headers.range);
  const start = range ? Number(range[1]) : 0;
  const body = modelBytes.subarray(start);
  response.writeHead(range ? 206 : 200, {
    "content-type": "application/octet-stream",
    "content-length": body.length,
    ...(range ? { "content-range": `bytes ${start}-${modelBytes.length - 1}/${modelBytes.length}` } : {}),
  });
  const cut = switches.cutAfter;
  if (cut !== undefined) {
    switches.cutAfter = undefined;
    // The bytes go out, then the connection drops without an end.
    response.write(body.subarray(0, cut), () => setTimeout(() => response.destroy(), 300));
    return;
  }
  // In pieces, so progress is reported more than once.
  const pieces = 8;
  const size = Math.ceil(body.length / pieces);
  for (let index = 0; index < pieces; index++) response.write(body.subarray(index * size, (index + 1) * size));
  response.end();
}

beforeAll(async () => {
  source = createServer((request, response) => {
    if (request.url?.startsWith("/files/")) return serveBytes(request, response);
    const match = /^\/([\w.-]+)\/([\w.-]+)\/resolve\/main\/(.+)$/.exec(request.url ?? "");
    if (!match || match[3] !== "tiny.gguf") {
      response.writeHead(404).end("Entry not found");
      return;
    }
    const checksum = switches.wrongChecksum ? "0".repeat(64) : sha256;
    response.writeHead(302, { location: `/files/${match[3]}`, "x-linked-etag": `"${checksum}"` }).end();
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => source.close(resolve));
  folder.remove();
});
afterEach(() => {
  switches.cutAfter = undefined;
  switches.wrongChecksum = undefined;
  ranges.length = 0;
});

const fileUrl = (name = "tiny.gguf") => new URL(`${sourceUrl}/someone/tiny-repo/resolve/main/${name}`);

describe("downloadModel", () => {
  it("reports progress, verifies the checksum and renames the .part only at the end", async () => {
    const target = join(folder.path, "plain", "tiny.gguf");
    const progress: DownloadProgress[] = [];
    const result = await downloadModel({ url: fileUrl(), target, onProgress: (step) => progress.push(step) });
    expect(result).toEqual({ bytes: modelBytes.length, verified: true });
    expect(readFileSync(target).equals(modelBytes)).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((step) => step.totalBytes === modelBytes.length)).toBe(true);
    expect(progress.at(-1)!.receivedBytes).toBe(modelBytes.length);
  });

  it("keeps the .part after a cut and resumes it with a Range request", async () => {
    const target = join(folder.path, "resumed", "tiny.gguf");
    switches.cutAfter = 100_000;
    await expect(downloadModel({ url: fileUrl(), target })).rejects.toMatchObject({ code: "llm_error" });
    expect(existsSync(target)).toBe(false);
    const kept = statSync(`${target}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(modelBytes.length);

    const result = await downloadModel({ url: fileUrl(), target });
    expect(ranges.at(-1)).toBe(`bytes=${kept}-`);
    expect(result.verified).toBe(true);
    expect(readFileSync(target).equals(modelBytes)).toBe(true);
  });

  it("refuses a file that does not match its checksum, and deletes it", async () => {
    const target = join(folder.path, "mismatch", "tiny.gguf");
    switches.wrongChecksum = true;
    await expect(downloadModel({ url: fileUrl(), target })).rejects.toMatchObject({
      code: "llm_error",
      message: expect.stringContaining("checksum"),
    });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it("says plainly when the source has no such file", async () => {
    const target = join(folder.path, "absent", "other.gguf");
    await expect(downloadModel({ url: fileUrl("other.gguf"), target })).rejects.toMatchObject({ code: "llm_error" });
  });
});

describe("POST /api/models/embedded/downloads", () => {
  let harness: TestApp | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("downloads a model URI into DATA_DIR/models on request, shows its progress, then lists it", async () => {
    harness = await startTestApp({ embeddedDownloadBaseUrl: sourceUrl });
    const before = await harness.app.inject({ method: "GET", url: "/api/models/embedded" });
    expect(before.json()).toMatchObject({ success: true, downloads: [], recommended: { licence: "Apache-2.0" } });

    const model = "hf:someone/tiny-repo/tiny.gguf";
    const started = await harness.app.inject({
      method: "POST",
      url: "/api/models/embedded/downloads",
      payload: { model },
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json().download).toMatchObject({ model });
    await expect
      .poll(
        async () => (await harness!.app.inject({ method: "GET", url: "/api/models/embedded" })).json().downloads[0],
        {
          timeout: 30_000,
        },
      )
      .toMatchObject({
        state: "done",
        received_bytes: modelBytes.length,
        total_bytes: modelBytes.length,
        verified: true,
      });
    const file = join(harness.dataDir, "models", "hf", "someone", "tiny-repo", "tiny.gguf");
    expect(readFileSync(file).equals(modelBytes)).toBe(true);
    const listed = await harness.app.inject({ method: "GET", url: "/api/models?provider=embedded" });
    expect(listed.json().models.map((entry: { name: string }) => entry.name)).toContain(model);
  });

  it("refuses what is not a model URI (400) and reports a source failure in the download", async () => {
    harness = await startTestApp({ embeddedDownloadBaseUrl: sourceUrl });
    for (const model of ["someone/repo/file.gguf", "hf:someone/../etc/passwd.gguf", "hf:a/b/c.bin"]) {
      const refused = await harness.app.inject({
        method: "POST",
        url: "/api/models/embedded/downloads",
        payload: { model },
      });
      expect(refused.statusCode, model).toBe(400);
      expect(refused.json().error.code).toBe("validation_error");
    }
    const model = "hf:someone/tiny-repo/absent.gguf";
    await harness.app.inject({ method: "POST", url: "/api/models/embedded/downloads", payload: { model } });
    await expect
      .poll(
        async () => (await harness!.app.inject({ method: "GET", url: "/api/models/embedded" })).json().downloads[0],
        {
          timeout: 30_000,
        },
      )
      .toMatchObject({ state: "failed", error: { code: "llm_error" } });
  });
});

// The writer's output is what llama.cpp reads: a fixed header (magic, version 3) before the metadata.
it("writes GGUF v3 headers", () => {
  const bytes = encodeGguf({ "general.architecture": { type: "string", value: "llama" } }, []);
  expect(bytes.subarray(0, 4).toString("ascii")).toBe("GGUF");
  expect(bytes.readUInt32LE(4)).toBe(3);
  expect(bytes.readBigUInt64LE(16)).toBe(1n);
});
