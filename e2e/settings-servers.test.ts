import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, newContext, sendChat, settingsUrl, waitConnected, waitForReply } from "./helpers/pages.js";

const screenshotDir = join(import.meta.dirname, "screenshots");
const KEY = "sk-e2e-ServerKey-42";
/** A real 1×1 PNG, so the browser draws it (naturalWidth 1). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
/** Whether the page has drawn the image (it loaded and has pixels). The test files have no DOM types. */
const drawn = (image: Locator) =>
  image.evaluate((element) => {
    const picture = element as unknown as { complete: boolean; naturalWidth: number };
    return picture.complete && picture.naturalWidth > 0;
  });
/** The page's localStorage, typed for the in-page functions. */
type PageStorage = { localStorage: { setItem(key: string, value: string): void; getItem(key: string): string | null } };

/** Issue 19: model servers kept by the server (not the browser), the default one, and avatars. */
describe.skipIf(!chromiumAvailable)("e2e: model servers on /settings and avatars (issue 19)", () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    // The configured server (OLLAMA_URL) is down: the one the user adds is the fake model server.
    [server, browser] = await Promise.all([startE2eServer({ defaultModelServerDown: true }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("adds a server with a key, tests it, makes it default, creates a Locrit with it; all still there after a reload", async () => {
    const { context, errors } = await newContext(browser);
    const page = await context.newPage();
    // What this browser kept before the server kept model servers is moved to the server once.
    await page.goto(`${server.url}/`);
    await page.evaluate(() =>
      (globalThis as unknown as PageStorage).localStorage.setItem(
        "locrit:model-servers",
        JSON.stringify([{ provider: "ollama", base_url: "http://old-box.test:11434" }]),
      ),
    );
    await page.goto(`${server.url}/settings`);
    await page.getByTestId("model-server").filter({ hasText: "http://old-box.test:11434" }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageStorage).localStorage.getItem("locrit:model-servers")),
    ).toBeNull();

    // The configured server says where it comes from and offers no Remove.
    const configured = page.locator('[data-server-id="configured"]');
    await configured.getByTestId("model-server-source").waitFor();
    expect(await configured.getByRole("button", { name: /Remove/ }).count()).toBe(0);

    await page.getByLabel("Name").fill("Fake GPU");
    await page.getByLabel("Provider").selectOption("openai-compatible");
    await page.getByLabel("URL").fill(server.model.url);
    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Add server" }).click();
    const card = page.getByTestId("model-server").filter({ hasText: "Fake GPU" });
    await card.getByText("An API key is stored").waitFor();
    expect(await page.content()).not.toContain(KEY);

    await card.getByRole("button", { name: "Test connection" }).click();
    await card
      .getByTestId("connection-test-result")
      .filter({ hasText: `Connected to ${server.model.url}` })
      .waitFor();
    const modelsRequest = server.model.requests.filter((request) => request.path === "/v1/models").at(-1);
    expect(modelsRequest?.headers.authorization).toBe(`Bearer ${KEY}`);

    await card.getByRole("button", { name: "Make Fake GPU the default" }).click();
    await card.getByText("Default", { exact: true }).waitFor();

    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, "settings-servers-light-wide.png"), fullPage: true });

    // The create form starts on the default server; the Locrit takes its URL and key.
    await page.goto(`${server.url}/create-locrit`);
    await page.getByLabel("Name", { exact: true }).fill("Served Sam");
    await expect
      .poll(() => page.locator("#create-server option:checked").innerText(), { timeout: 20_000 })
      .toContain("Fake GPU");
    await page.locator('#create-model option[value="fake-model"]').waitFor({ state: "attached" });
    await page.getByLabel("Model", { exact: true }).selectOption("fake-model");
    await page.getByRole("button", { name: "Create Locrit" }).click();
    await page.waitForURL(/Served%20Sam\/chat/);
    const stored = (await (await fetch(`${server.url}/api/locrits/Served%20Sam`)).json()) as {
      locrit: { provider: string; base_url: string; api_key_set: boolean };
    };
    expect(stored.locrit).toMatchObject({
      provider: "openai-compatible",
      base_url: server.model.url,
      api_key_set: true,
    });
    await waitConnected(page);
    await sendChat(page, "Hello through the added server");
    await waitForReply(page, "Hello");
    expect(server.model.chatRequests().at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

    // Kept by the server: a reload (and another browser) sees the same list and default.
    const other = await newContext(browser);
    const fresh = await other.context.newPage();
    await fresh.goto(`${server.url}/settings`);
    const again = fresh.getByTestId("model-server").filter({ hasText: "Fake GPU" });
    await again.getByText("Default", { exact: true }).waitFor();
    expect(await fresh.getByTestId("model-server").count()).toBe(3);
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();

    const { context: dark } = await newContext(browser, { colorScheme: "dark" });
    const darkPage = await dark.newPage();
    await darkPage.goto(`${server.url}/settings`);
    await darkPage.getByTestId("model-server").filter({ hasText: "Fake GPU" }).waitFor();
    await darkPage.screenshot({ path: join(screenshotDir, "settings-servers-dark-wide.png"), fullPage: true });
    await dark.close();
  }, 120_000);

  it("shows the model server OLLAMA_URL sets as fixed by the environment, with no way to change or remove it", async () => {
    const fixed = await startE2eServer({ config: { setByEnvironment: ["OLLAMA_URL"] } });
    try {
      const { context } = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${fixed.url}/settings`);
      const card = page.locator('[data-server-id="configured"]');
      await card.getByTestId("model-server-url").filter({ hasText: fixed.model.url }).waitFor();
      expect(await card.getByTestId("model-server-source").innerText()).toContain(
        "Set by the environment variable OLLAMA_URL",
      );
      expect(await card.getByRole("button", { name: /Remove/ }).count()).toBe(0);
      await card.getByRole("button", { name: "Test connection" }).click();
      await card.getByTestId("connection-test-result").filter({ hasText: "Connected to" }).waitFor();
      await page.screenshot({ path: join(screenshotDir, "settings-servers-environment-light-wide.png") });
      await context.close();
    } finally {
      await fixed.close();
    }
  }, 120_000);

  it("uploads an avatar in Locrit settings and shows it in the chat header, the list and the dashboard", async () => {
    await server.createLocrit({ name: "Pictured Pam" });
    for (const colorScheme of ["light", "dark"] as const) {
      const { context } = await newContext(browser, { colorScheme });
      const page = await context.newPage();
      await page.goto(settingsUrl(server.url, "Pictured Pam"));
      if (colorScheme === "light") {
        await page.getByTestId("locrit-initials").first().waitFor();
        await page.locator("#settings-avatar").setInputFiles({ name: "pam.png", mimeType: "image/png", buffer: PNG });
      }
      const preview = page.getByTestId("locrit-avatar").first();
      await preview.waitFor();
      await expect.poll(() => drawn(preview), { timeout: 20_000 }).toBe(true);
      await page.getByRole("button", { name: "Remove avatar" }).waitFor();

      await page.goto(chatUrl(server.url, "Pictured Pam"));
      const header = page.locator("h1").locator("xpath=ancestor::div[2]").getByTestId("locrit-avatar");
      await header.waitFor();
      await expect.poll(() => drawn(header), { timeout: 20_000 }).toBe(true);
      await page.screenshot({ path: join(screenshotDir, `chat-avatar-${colorScheme}-wide.png`) });

      await page.goto(`${server.url}/my-locrits`);
      const card = page.getByTestId("locrit-card-Pictured Pam").getByTestId("locrit-avatar");
      await card.waitFor();
      await expect.poll(() => drawn(card), { timeout: 20_000 }).toBe(true);
      await page.screenshot({ path: join(screenshotDir, `my-locrits-avatar-${colorScheme}-wide.png`) });

      await page.goto(`${server.url}/`);
      await page.getByTestId("locrit-avatar").first().waitFor();
      await context.close();
    }
  }, 120_000);
});
