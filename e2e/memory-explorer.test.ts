import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, memoryUrl, newContext, settingsUrl } from "./helpers/pages.js";

const BOB = "Bob Technique";
const screenshotDir = join(import.meta.dirname, "screenshots");
const isDark = async (page: Page) => /\bdark\b/.test((await page.locator("html").getAttribute("class")) ?? "");

/** Memory Explorer editing and search, dark mode, and a screenshot of every page (light and dark). */
describe.skipIf(!chromiumAvailable)("e2e: Memory Explorer, theme and screenshots", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  const chat = async (message: string, sessionId: string) => {
    const response = await fetch(`${server.url}/api/locrits/${encodeURIComponent(BOB)}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, session_id: sessionId }),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({
      name: BOB,
      description: "Expert in programming and technology",
      personality: "Precise, friendly, fond of examples.",
    });
    await server.createLocrit({ name: "Pixie l'Organisatrice", description: "Keeps everything tidy", active: false });
    // Markdown with code, as a real model would answer, so the screenshots show it rendered.
    server.model.setBehaviour({
      tokens: [
        "Two ",
        "ways:\n\n",
        "```python\n",
        "items = [1, 2, 3]\n",
        "items.reverse()          # in place\n",
        "backwards = items[::-1]  # a copy\n",
        "```\n\n",
        "Both are **O(n)**.",
      ],
    });
    await chat("How do I reverse a list in Python?", "session_1700000000000_first");
    server.model.setBehaviour({
      tokens: [
        "Use ",
        "`Array.prototype.toReversed()` ",
        "for a copy, or `reverse()` in place:\n\n",
        "```ts\n",
        "const backwards = items.toReversed();\n",
        "```",
      ],
    });
    await chat("And in TypeScript?", "session_1700000000000_first");
    server.model.setBehaviour({ tokens: undefined });
    await chat("Remind me to water the plants", "session_1700000100000_second");
    ({ context } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("adds, edits and deletes memories; searches with highlighted hits; deletes a message after confirming", async () => {
    const page = await context.newPage();
    await page.goto(`${memoryUrl(server.url, BOB)}?tab=memories`);
    await page.getByLabel("What to remember").first().fill("The user prefers TypeScript examples");
    await page.getByRole("button", { name: "Add memory" }).click();
    const memory = page.getByTestId("memory-row").filter({ hasText: "The user prefers TypeScript examples" });
    await memory.waitFor();

    await memory.getByRole("button", { name: "Edit memory" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("What to remember").fill("The user prefers TypeScript examples, with types");
    await dialog.getByRole("slider", { name: "Importance" }).press("End");
    await dialog.getByRole("button", { name: "Save" }).click();
    await page
      .getByTestId("memory-row")
      .filter({ hasText: "with types" })
      .filter({ hasText: "importance 1.00" })
      .waitFor();

    await page.getByRole("tab", { name: "Search" }).click();
    await page.getByLabel("Search messages").fill("python");
    const hit = page.locator('[data-testid="stored-message"][data-role="user"]').filter({ hasText: "reverse a list" });
    await hit.waitFor();
    expect((await hit.locator("mark").allInnerTexts()).map((text) => text.toLowerCase())).toContain("python");

    await page.getByRole("tab", { name: "Messages" }).click();
    const first = page.locator('[data-testid="session-group"][data-session-id="session_1700000000000_first"]');
    const question = first
      .locator('[data-testid="stored-message"][data-role="user"]')
      .filter({ hasText: "And in TypeScript?" });
    await question.getByRole("button", { name: "Edit message" }).click();
    await page.getByRole("dialog").getByLabel("Message text").fill("And in TypeScript, please?");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await first
      .getByTestId("stored-message")
      .filter({ hasText: "And in TypeScript, please?" })
      .filter({ hasText: "(edited)" })
      .waitFor();

    const group = page.locator('[data-testid="session-group"][data-session-id="session_1700000100000_second"]');
    const planted = group
      .locator('[data-testid="stored-message"][data-role="user"]')
      .filter({ hasText: "Remind me to water the plants" });
    // Keyboard only: open the confirmation, Escape cancels it and nothing is deleted…
    await planted.getByRole("button", { name: "Delete message" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("alertdialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog").waitFor({ state: "detached" });
    expect(await planted.count()).toBe(1);
    // …then confirm.
    await planted.getByRole("button", { name: "Delete message" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await planted.waitFor({ state: "detached" });
    // Newest session first.
    expect(
      await page
        .getByTestId("session-group")
        .evaluateAll((groups) => groups.map((item) => item.getAttribute("data-session-id"))),
    ).toEqual(["session_1700000100000_second", "session_1700000000000_first"]);

    await page.getByRole("tab", { name: "Memories" }).click();
    await page.getByTestId("memory-row").getByRole("button", { name: "Delete memory" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("memory-row").waitFor({ state: "detached" });
    await page.close();
  }, 60_000);

  it("remembers the dark-mode choice across a reload, and follows the system until one is made", async () => {
    const { context: dark } = await newContext(browser, { colorScheme: "dark" });
    const page = await dark.newPage();
    await page.goto(`${server.url}/`);
    expect(await isDark(page)).toBe(true);
    await page.getByRole("button", { name: "Switch to light mode" }).click();
    await page.reload();
    expect(await isDark(page)).toBe(false);
    await page.getByRole("button", { name: "Switch to dark mode" }).waitFor();
    await dark.close();
  }, 30_000);

  it("takes a screenshot of every page, light and dark, wide and phone-sized", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const pages: [string, string, (page: Page) => Promise<void>][] = [
      ["dashboard", "/", (page) => page.getByTestId("stat-messages").filter({ hasText: /[1-9]/ }).waitFor()],
      ["my-locrits", "/my-locrits", (page) => page.getByTestId("locrit-card-Bob Technique").waitFor()],
      [
        "create-locrit",
        "/create-locrit",
        (page) =>
          page.locator("#create-model option", { hasText: "fake-model" }).first().waitFor({ state: "attached" }),
      ],
      [
        "locrit-settings",
        new URL(settingsUrl(server.url, BOB)).pathname,
        (page) => page.getByLabel("Personality", { exact: true }).waitFor(),
      ],
      [
        "chat",
        `${new URL(chatUrl(server.url, BOB)).pathname}?session=session_1700000000000_first`,
        (page) => page.getByTestId("chat-message-assistant").nth(1).waitFor(),
      ],
      [
        "memory-overview",
        new URL(memoryUrl(server.url, BOB)).pathname,
        (page) => page.getByTestId("activity-chart").waitFor(),
      ],
      [
        "memory-messages",
        `${new URL(memoryUrl(server.url, BOB)).pathname}?tab=messages`,
        (page) => page.getByTestId("stored-message").first().waitFor(),
      ],
      ["settings", "/settings", (page) => page.getByTestId("model-server").first().waitFor()],
    ];
    for (const scheme of ["light", "dark"] as const) {
      for (const [viewport, size] of [
        ["wide", { width: 1280, height: 800 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        const { context: shots } = await newContext(browser, { colorScheme: scheme, viewport: size });
        const page = await shots.newPage();
        for (const [name, path, ready] of pages) {
          if (viewport === "phone" && !["dashboard", "chat", "memory-messages"].includes(name)) continue;
          await page.goto(`${server.url}${path}`);
          await ready(page);
          await page.evaluate("document.fonts.ready.then(() => true)");
          // No horizontal scrolling at phone width: everything fits.
          if (viewport === "phone")
            expect(
              await page.evaluate("document.documentElement.scrollWidth"),
              `${name} fits a phone`,
            ).toBeLessThanOrEqual(size.width);
          await page.screenshot({ path: join(screenshotDir, `${name}-${scheme}-${viewport}.png`) });
        }
        await shots.close();
      }
    }
  }, 90_000);
});
