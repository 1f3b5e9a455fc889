import type { Locrit } from "@locrit/protocol";
import type { Browser, BrowserContext, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext, settingsUrl } from "./helpers/pages.js";

const KEY = "sk-e2e-NeverEchoed-31c7";

/** The settings form's write-only API key: typed, saved, shown as "set" (never the key), sent, cleared. */
describe.skipIf(!chromiumAvailable)("e2e: a Locrit's API key", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  const getLocrit = async (name: string) => ((await (await fetch(`${server.url}/api/locrits/${encodeURIComponent(name)}`)).json()) as { locrit: Locrit }).locrit;
  const chatAs = async (name: string) => {
    const answer = await fetch(`${server.url}/api/locrits/${encodeURIComponent(name)}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "hello", session_id: "keyed" }) });
    expect(answer.status).toBe(200);
    return server.model.chatRequests().at(-1)!;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ context } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the field only for an OpenAI-compatible server", async () => {
    await server.createLocrit({ name: "Ollama Kept" });
    const page = await context.newPage();
    await page.goto(settingsUrl(server.url, "Ollama Kept"));
    await page.getByLabel("Provider").waitFor();
    expect(await page.getByLabel("API key").count()).toBe(0);
    await page.getByLabel("Provider").selectOption("openai-compatible");
    await page.getByLabel("API key").waitFor();
    expect(await page.getByLabel("API key").getAttribute("type")).toBe("password");
    await page.close();
  }, 60_000);

  it("saves a typed key, shows it as set without echoing it, sends it, and clears it", async () => {
    await server.createLocrit({ name: "Keyed Form", provider: "openai-compatible" });
    const page = await context.newPage();
    const bodies: Promise<string>[] = [];
    page.on("response", (response: Response) => {
      if (new URL(response.url()).pathname.startsWith("/api/")) bodies.push(response.text().catch(() => ""));
    });
    await page.goto(settingsUrl(server.url, "Keyed Form"));
    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await getLocrit("Keyed Form")).toMatchObject({ api_key_set: true });
    expect((await chatAs("Keyed Form")).headers.authorization).toBe(`Bearer ${KEY}`);

    await page.reload();
    await page.getByRole("status").filter({ hasText: "A key is set." }).waitFor();
    expect(await page.getByLabel("API key").inputValue()).toBe("");
    expect(await page.content()).not.toContain(KEY);

    await page.getByRole("button", { name: "Clear" }).click();
    await page.getByRole("status").filter({ hasText: "The key will be cleared when you save." }).waitFor();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "A key is set." }).count()).toBe(0);
    expect(await getLocrit("Keyed Form")).toMatchObject({ api_key_set: false });
    expect((await chatAs("Keyed Form")).headers).not.toHaveProperty("authorization");

    // Nothing the page was answered held the key.
    for (const body of await Promise.all(bodies)) expect(body).not.toContain(KEY);
    await page.close();
  }, 90_000);
});
