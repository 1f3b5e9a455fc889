import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyGguf } from "../apps/server/test/gguf/tiny-gguf.js";
import { makeTempDir } from "../apps/server/test/helpers/temp-dir.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext, watchFailures } from "./helpers/pages.js";

const RECOMMENDED_PATH = "/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf";

/**
 * Issue 22: with no model server answering, the dashboard offers one model to run in-process; nothing
 * downloads before the click; the download shows a progress bar. A local server stands for Hugging Face
 * and serves the tiny GGUF the suite writes, slowly, in pieces.
 */
describe.skipIf(!chromiumAvailable)("e2e: the recommended in-process model (issue 22)", () => {
  const folder = makeTempDir("locrit-e2e-embedded-");
  const modelFile = join(folder.path, "tiny.gguf");
  const requests: string[] = [];
  let source: Server;
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    writeTinyGguf(modelFile);
    const bytes = readFileSync(modelFile);
    source = createServer((request, response) => {
      requests.push(request.url ?? "");
      if (request.url !== RECOMMENDED_PATH) return void response.writeHead(404).end();
      response.writeHead(200, { "content-length": bytes.length, "content-type": "application/octet-stream" });
      const pieces = 20;
      const size = Math.ceil(bytes.length / pieces);
      let index = 0;
      const timer = setInterval(() => {
        response.write(bytes.subarray(index * size, (index + 1) * size));
        if (++index === pieces) {
          clearInterval(timer);
          response.end();
        }
      }, 150);
    });
    await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
    const sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
    [server, browser] = await Promise.all([
      startE2eServer({ defaultModelServerDown: true, config: { embeddedDownloadBaseUrl: sourceUrl } }),
      launchBrowser(),
    ]);
    ({ context } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => source?.close(resolve));
    folder.remove();
  });

  it("offers the model with its size and licence, downloads it on the click only, with a progress bar", async () => {
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(server.url);
    const card = page.getByTestId("recommended-model");
    await card.getByText("Qwen2.5 0.5B Instruct").waitFor();
    expect(await card.innerText()).toMatch(/491 MB.*Apache-2\.0/s);
    expect(requests).toEqual([]);

    await card.getByRole("button", { name: /Download/ }).click();
    await card.getByRole("progressbar").waitFor();
    await page.getByTestId("recommended-model-ready").waitFor({ timeout: 60_000 });
    expect(requests).toEqual([RECOMMENDED_PATH]);
    const stored = join(server.app.dataDir, "models", "hf", ...RECOMMENDED_PATH.split("/").filter(Boolean));
    expect(existsSync(stored.replace("/resolve/main", ""))).toBe(true);
    expect(failures).toEqual([]);
  });
});
