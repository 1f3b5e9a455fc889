import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateLocritBody } from "@locrit/protocol";
import { setUpOwner } from "../apps/server/test/helpers/owner-login.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext, watchFailures } from "./helpers/pages.js";

const screenshotDir = join(import.meta.dirname, "screenshots");
const BOB = "Bob Technique";
const OPEN_TO_VISITORS = { humans: true, locrits: true, invitations: false, internet: true, platform: false };

const pageUrl = (base: string, name: string) => `${base}/public/${encodeURIComponent(name)}`;

/** The visitor's conversation on the page, as [role, text] pairs (the welcome message apart). */
const conversationOf = async (page: Page) =>
  page
    .getByTestId("visitor-message")
    .evaluateAll((bubbles) => bubbles.map((bubble) => [bubble.getAttribute("data-role"), bubble.textContent]));

/** Opens a Locrit's public page and waits until the visitor's own history has been read. */
async function openPage(page: Page, base: string, name: string): Promise<void> {
  const history = page.waitForResponse((response) => response.url().includes("/history"));
  await page.goto(pageUrl(base, name));
  expect((await history).status()).toBe(200);
  await page.getByTestId("visitor-welcome").waitFor();
}

/** Types a message as a visitor and waits for the whole reply (the Send button comes back). */
async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("visitor-input").fill(text);
  await page.getByTestId("visitor-input").press("Enter");
  await page
    .getByTestId("visitor-message")
    .filter({ hasText: `Echo: ${text}` })
    .waitFor();
  await expect.poll(() => page.getByTestId("visitor-input").inputValue()).toBe("");
  await page.locator('[data-testid="visitor-send"]').waitFor();
}

/**
 * Visitors on a Locrit's public page (SPEC §8.4), on a server beyond localhost (login on for the owner):
 * no login for visitors, each visitor's conversation kept under its own cookie, a closed Locrit said plainly.
 */
describe.skipIf(!chromiumAvailable)("e2e: public page and visitor chat", () => {
  let server: E2eServer;
  let browser: Browser;
  let ada: { context: BrowserContext; errors: string[] };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer({ config: { host: "0.0.0.0" } }), launchBrowser()]);
    const cookie = await setUpOwner(server.app);
    const create = async (body: CreateLocritBody) => {
      const created = await server.app.app.inject({
        method: "POST",
        url: "/api/locrits",
        headers: { cookie },
        payload: { base_url: server.model.url, model: "fake-model", memory_extraction: "off", ...body },
      });
      expect(created.statusCode, created.body).toBe(201);
    };
    await create({
      name: BOB,
      open_to: OPEN_TO_VISITORS,
      public_page: {
        title: "Ask Bob",
        description: "Bob knows bicycles: gears, brakes, punctures.",
        welcome_message: "Hello! Ask me anything about your bike.",
        avatar: "",
        theme: "green",
      },
    });
    await create({ name: "Hermit", description: "Keeps to itself" });
    ada = await newContext(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists the Locrits open to visitors, without login; a visitor chats with streaming replies and sees them after a reload", async () => {
    const page = await ada.context.newPage();
    const failures = watchFailures(page);
    await page.goto(`${server.url}/public`);
    const directory = page.getByRole("list", { name: "Locrits open to visitors" });
    await directory.getByText("Ask Bob").waitFor();
    expect(await directory.innerText()).not.toContain("Hermit");
    expect(await page.getByRole("link", { name: "My Locrits" }).count()).toBe(0);

    const history = page.waitForResponse((response) => response.url().includes("/history"));
    await directory.getByText("Ask Bob").click();
    await page.waitForURL(pageUrl(server.url, BOB));
    await history;
    await page.getByRole("heading", { name: "Ask Bob" }).waitFor();
    expect(await page.getByTestId("visitor-welcome").innerText()).toBe("Hello! Ask me anything about your bike.");
    await page.getByLabel("Your name (optional)").fill("Ada");
    await say(page, "My bike has a flat tyre.");
    await say(page, "Which patch should I use?");
    const said = [
      ["user", "My bike has a flat tyre."],
      ["assistant", "Echo: My bike has a flat tyre."],
      ["user", "Which patch should I use?"],
      ["assistant", "Echo: Which patch should I use?"],
    ];
    expect(await conversationOf(page)).toEqual(said);

    await page.reload();
    await page.getByTestId("visitor-message").nth(3).waitFor();
    expect(await conversationOf(page)).toEqual(said);
    expect(await page.getByLabel("Your name (optional)").inputValue()).toBe("Ada");
    // The owner's API is still closed to this browser: the page needed no login.
    expect((await page.request.get(`${server.url}/api/locrits`)).status()).toBe(401);
    expect(failures).toEqual([]);
    expect(ada.errors).toEqual([]);
  });

  it("shows another visitor (a fresh browser context) none of the first visitor's conversation", async () => {
    const grace = await newContext(browser);
    const page = await grace.context.newPage();
    const failures = watchFailures(page);
    await openPage(page, server.url, BOB);
    expect(await conversationOf(page)).toEqual([]);
    await say(page, "Hello, is anyone there?");
    expect(await conversationOf(page)).toEqual([
      ["user", "Hello, is anyone there?"],
      ["assistant", "Echo: Hello, is anyone there?"],
    ]);
    const prompt = server.model
      .chatRequests()
      .at(-1)!
      .body!.messages!.map((message) => message.content);
    expect(prompt.join("\n")).not.toContain("flat tyre");

    // And the first visitor does not see the second one's either.
    const adaPage = await ada.context.newPage();
    await openPage(adaPage, server.url, BOB);
    await adaPage.getByTestId("visitor-message").nth(3).waitFor();
    expect((await conversationOf(adaPage)).map(([, text]) => text)).not.toContain("Hello, is anyone there?");
    expect(failures).toEqual([]);
    expect(grace.errors).toEqual([]);
    await grace.context.close();
  });

  it("says plainly that a closed Locrit is not open to visitors", async () => {
    const { context, errors } = await newContext(browser);
    const page = await context.newPage();
    await page.goto(pageUrl(server.url, "Hermit"));
    const notice = page.getByTestId("public-unavailable");
    await notice.waitFor();
    expect(await notice.innerText()).toContain("Hermit is not open to visitors");
    expect(await notice.innerText()).not.toContain("Keeps to itself");
    expect(await page.getByTestId("visitor-input").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("takes screenshots of the page with a conversation: light, dark and phone-sized", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const visitor = await ada.context.storageState();
    const shots = [
      { file: "public-page-light-wide.png", colorScheme: "light", viewport: { width: 1280, height: 860 } },
      { file: "public-page-dark-wide.png", colorScheme: "dark", viewport: { width: 1280, height: 860 } },
      { file: "public-page-light-phone.png", colorScheme: "light", viewport: { width: 390, height: 844 } },
      { file: "public-page-dark-phone.png", colorScheme: "dark", viewport: { width: 390, height: 844 } },
    ] as const;
    for (const shot of shots) {
      const { context } = await newContext(browser, {
        colorScheme: shot.colorScheme,
        viewport: shot.viewport,
        storageState: visitor,
      });
      const page = await context.newPage();
      await openPage(page, server.url, BOB);
      await page.getByTestId("visitor-message").nth(3).waitFor();
      await page.screenshot({ path: join(screenshotDir, shot.file) });
      await context.close();
    }
    const { context } = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/public`);
    await page.getByText("Ask Bob").waitFor();
    await page.screenshot({ path: join(screenshotDir, "public-directory-light-wide.png") });
    await context.close();
  });
});
