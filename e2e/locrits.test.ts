import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locrit } from "@locrit/protocol";
import type { Browser, BrowserContext, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp } from "../apps/server/test/helpers/test-app.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { webDistDir } from "./global-setup.js";
import { chatUrl, memoryUrl, newContext, sendChat, settingsUrl, waitConnected, waitForReply } from "./helpers/pages.js";

const screenshotDir = join(import.meta.dirname, "screenshots");
const KEY = "sk-e2e-NeverEchoed-31c7";

/** Creating, configuring (the write-only API key too) and managing Locrits through the forms, and a model server that is down. */
describe.skipIf(!chromiumAvailable)("e2e: Locrits", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  const getLocrit = async (name: string) =>
    ((await (await fetch(`${server.url}/api/locrits/${encodeURIComponent(name)}`)).json()) as { locrit: Locrit })
      .locrit;
  /** Chats over REST and returns the request the model server received. */
  const chatAs = async (name: string) => {
    const answer = await fetch(`${server.url}/api/locrits/${encodeURIComponent(name)}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "hello", session_id: "keyed" }),
    });
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

  it("creates a Locrit through the form, with a model from the server's list, and chats with it", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/create-locrit`);
    await page.getByLabel("Name", { exact: true }).fill("Pixie l'Organisatrice");
    await page.getByLabel("Description", { exact: true }).fill("Keeps everything tidy");
    await page.getByLabel("Personality", { exact: true }).fill("You are cheerful and precise.");
    // The model server URL defaults to the server's own; its models fill the picker.
    await page.locator("#create-model option", { hasText: "llama3.2" }).waitFor({ state: "attached" });
    await page.getByLabel("Model", { exact: true }).selectOption("fake-model");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByTestId("connection-test-result").filter({ hasText: "Connected to" }).waitFor();
    await page.getByRole("button", { name: "Create Locrit" }).click();

    await page.waitForURL(/\/my-locrits\/Pixie%20l'Organisatrice\/chat/);
    await waitConnected(page);
    await sendChat(page, "Hi Pixie, what is on my list?");
    await waitForReply(page, "Echo: Hi Pixie, what is on my list?");
    const created = await getLocrit("Pixie l'Organisatrice");
    expect(created).toMatchObject({
      description: "Keeps everything tidy",
      personality: "You are cheerful and precise.",
      model: "fake-model",
      base_url: server.model.url,
      active: true,
    });
    await page.close();
  }, 60_000);

  it("saves every settings field with PATCH, and they survive a reload", async () => {
    await server.createLocrit({ name: "Settings Subject", description: "before" });
    const page = await context.newPage();
    await page.goto(settingsUrl(server.url, "Settings Subject"));
    await page.getByLabel("Description", { exact: true }).fill("after the change");
    await page.getByLabel("Personality", { exact: true }).fill("Speaks like a pirate.");
    await page.getByLabel("The internet").click();
    await page.getByLabel("Full memory").click();
    await page.getByLabel("Welcome message").fill("Ahoy!");
    await page.getByLabel("Memory", { exact: true }).selectOption("disabled");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await page.reload();
    // The form appears once the stored Locrit is loaded, so its values are the stored ones.
    expect(await page.getByLabel("Description", { exact: true }).inputValue()).toBe("after the change");
    expect(await page.getByLabel("Personality", { exact: true }).inputValue()).toBe("Speaks like a pirate.");
    expect(await page.getByLabel("Welcome message").inputValue()).toBe("Ahoy!");
    expect(await page.getByLabel("Memory", { exact: true }).inputValue()).toBe("disabled");
    expect(await page.getByLabel("The internet").getAttribute("aria-checked")).toBe("true");
    expect(await page.getByLabel("Full memory").getAttribute("aria-checked")).toBe("false");
    expect(await getLocrit("Settings Subject")).toMatchObject({
      description: "after the change",
      personality: "Speaks like a pirate.",
      memory_service: "disabled",
      open_to: { internet: true },
      access_to: { full_memory: false },
      public_page: { welcome_message: "Ahoy!" },
    });

    // With memory disabled, the Memory Explorer says so plainly.
    await page.goto(memoryUrl(server.url, "Settings Subject"));
    await page.getByTestId("memory-disabled").waitFor();
    await page.close();
  }, 60_000);

  it("shows the API key field only for an OpenAI-compatible server", async () => {
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

  it("sets a Locrit's embedding model in its settings, and its messages are then embedded with it", async () => {
    await server.createLocrit({ name: "Embedder" });
    const page = await context.newPage();
    await page.goto(settingsUrl(server.url, "Embedder"));
    await page.getByLabel("Embedding model").fill("fake-embed");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await getLocrit("Embedder")).toMatchObject({ embedding_model: "fake-embed" });
    await chatAs("Embedder");
    await vi.waitFor(
      () => expect(server.model.embeddingRequests().map((request) => request.body?.model)).toContain("fake-embed"),
      { timeout: 60_000, interval: 100 },
    );
    await page.close();
  }, 90_000);

  it("saves a typed API key, shows it as set without echoing it, sends it, and clears it", async () => {
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

  it("deactivates, activates and deletes Locrits from My Locrits, with a confirmation before deleting", async () => {
    await server.createLocrit({ name: "Short Lived" });
    const page = await context.newPage();
    await page.goto(`${server.url}/my-locrits`);
    await page.getByRole("button", { name: "Deactivate Short Lived" }).click();
    await page.getByRole("button", { name: "Activate Short Lived" }).waitFor();
    expect((await getLocrit("Short Lived")).active).toBe(false);

    await page.getByRole("button", { name: "Delete Short Lived" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("cannot be undone").waitFor();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("locrit-card-Short Lived").waitFor({ state: "detached" });
    expect((await fetch(`${server.url}/api/locrits/Short%20Lived`)).status).toBe(404);
    await page.close();
  }, 60_000);

  it("says plainly when a Locrit's model server is down, instead of waiting forever", async () => {
    await server.createLocrit({ name: "Offline Olga", base_url: "http://127.0.0.1:9" });
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, "Offline Olga"));
    await waitConnected(page);
    await sendChat(page, "Are you there?");
    const error = page.getByTestId("chat-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/not reachable/);
    expect(await error.innerText()).toContain("http://127.0.0.1:9");
    await page.getByTestId("chat-send").waitFor();
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, "chat-model-down-light-wide.png") });
    await page.close();
  }, 60_000);

  it("tests the default model server's connection and lists its models on /settings", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/settings`);
    const card = page.getByTestId("model-server").first();
    await card.getByText(server.model.url).first().waitFor();
    await card.getByRole("button", { name: "Test connection" }).click();
    await card
      .getByTestId("connection-test-result")
      .filter({ hasText: `Connected to ${server.model.url}` })
      .waitFor();
    await card.getByRole("button", { name: "Show models" }).click();
    await card.getByTestId("model-list").getByText("fake-model", { exact: true }).waitFor();

    // A server that is down is reported as such, not as an endless spinner.
    await page.getByLabel("URL").fill("http://127.0.0.1:9");
    await page.getByRole("button", { name: "Add" }).click();
    const down = page.getByTestId("model-server").filter({ hasText: "http://127.0.0.1:9" });
    await down.getByRole("button", { name: "Test connection" }).click();
    expect(await down.getByTestId("connection-test-result").innerText()).toMatch(/not reachable/);
    await page.close();
  }, 60_000);

  it("shows a banner when the server's default model server is not reachable", async () => {
    // The harness's default model server is an address nothing listens on.
    const offline = await startTestApp({ webDistDir });
    try {
      const url = await offline.listen();
      const page = await context.newPage();
      await page.goto(`${url}/`);
      const banner = page.getByTestId("health-banner");
      await banner.waitFor();
      expect(await banner.innerText()).toContain(
        "The default model server, Ollama (OLLAMA_URL), is not reachable at http://127.0.0.1:9",
      );
      await page.close();
    } finally {
      await offline.close();
    }
  }, 60_000);
});
