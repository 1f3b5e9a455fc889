import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Message, RecalledItem } from "@locrit/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, newContext, sendChat, waitConnected, waitForReply } from "./helpers/pages.js";

const BOB = "Bob Technique";
const api = (server: E2eServer, rest: string) => `${server.url}/api/locrits/${encodeURIComponent(BOB)}${rest}`;
const screenshotDir = join(import.meta.dirname, "screenshots");

/**
 * SPEC §7.2 in the browser: under a reply, what recall put into its prompt ("Remembered"), each item a
 * link into the Memory Explorer; a memory lists the replies that used it. Real server, fake model server.
 */
describe.skipIf(!chromiumAvailable)("e2e: what a reply remembered", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];
  let memoryId: string;

  const storedReply = async (sessionId: string): Promise<Message> => {
    const response = await fetch(api(server, `/memory/sessions/${sessionId}/messages?limit=500`));
    const { messages } = (await response.json()) as { messages: Message[] };
    return messages.filter((message) => message.role === "assistant").at(-1)!;
  };

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    // Extraction off: the one memory is the test's own.
    await server.createLocrit({ name: BOB, description: "Remembers things", memory_extraction: "off" });
    // An earlier conversation (the fake model echoes it), and a memory important enough to be recalled on every turn.
    const earlier = await fetch(api(server, "/chat"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "My violin lessons are every Thursday at the conservatory", session_id: "trip" }),
    });
    expect(earlier.status).toBe(200);
    const memory = await fetch(api(server, "/memory/memories"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "The owner also plays the cello", importance: 0.9 }),
    });
    memoryId = ((await memory.json()) as { memory: { id: string } }).memory.id;
    ({ context, errors: pageErrors } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The chat's last reply's "Remembered" toggle. */
  const remembered = (page: Page) =>
    page.getByTestId("chat-message-assistant").last().getByTestId("recalled-items").getByRole("button");

  it("shows Remembered under a reply; its message link opens that message, in its session, in the Memory Explorer", async () => {
    const page = await context.newPage();
    await page.goto(`${chatUrl(server.url, BOB)}?session=fresh`);
    await waitConnected(page);
    await sendChat(page, "When are my violin lessons?");
    await waitForReply(page, "Echo: When are my violin lessons?");

    // What the server stored as recalled is what the line offers.
    const recalled = (await storedReply("fresh")).metadata.recalled as RecalledItem[];
    const passage = recalled.find((item) => item.kind === "message" && item.snippet.includes("violin lessons"))!;
    expect(passage).toMatchObject({ session_id: "trip" });
    expect(recalled.some((item) => item.kind === "memory" && item.id === memoryId)).toBe(true);

    const toggle = remembered(page);
    await toggle.waitFor();
    expect(await toggle.textContent()).toBe(`Remembered: ${recalled.length} items`);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    // Keyboard only: open the list, then follow the passage's link.
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const items = page.getByTestId("chat-message-assistant").last().getByTestId("recalled-item");
    expect(await items.count()).toBe(recalled.length);
    const link = items.and(page.locator(`[href$="message=${passage.id}"]`));
    expect(await link.textContent()).toContain(passage.snippet);
    await link.focus();
    await page.keyboard.press("Enter");

    await page.waitForURL(/\/memory-explorer\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      tab: "messages",
      session: "trip",
      message: passage.id,
    });
    const target = page.locator(`[data-testid="stored-message"][data-message-id="${passage.id}"]`);
    await target.and(page.locator('[data-highlighted="true"]')).waitFor();
    expect(await page.getByTestId("session-group").count()).toBe(1);
    await expect
      .poll(
        () =>
          target.evaluate((element) => {
            // Whether the element is inside the viewport.
            const box = element.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= element.ownerDocument.defaultView!.innerHeight;
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    // The keyboard carries on from there.
    expect(await target.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("lists, under a memory, the reply that used it, and links back to that reply", async () => {
    const page = await context.newPage();
    await page.goto(`${chatUrl(server.url, BOB)}?session=fresh`);
    await remembered(page).click();
    await page
      .getByTestId("recalled-item")
      .and(page.locator(`[href$="memory=${memoryId}"]`))
      .click();

    await page.waitForURL(/tab=memories/);
    const row = page.locator(`[data-testid="memory-row"][data-memory-id="${memoryId}"]`);
    await row.and(page.locator('[data-highlighted="true"]')).waitFor();
    // Opened for the memory a link named: the one reply that used it, in its session.
    const uses = row.getByTestId("memory-uses").getByRole("button", { name: "Used in 1 reply" });
    await uses.waitFor();
    expect(await uses.getAttribute("aria-expanded")).toBe("true");
    const reply = await storedReply("fresh");
    await page.screenshot({ path: join(screenshotDir, "memory-uses-light.png") });
    await row.getByTestId("memory-use").filter({ hasText: "Echo: When are my violin lessons?" }).click();

    await page.waitForURL(/session=fresh/);
    await page
      .locator(`[data-testid="stored-message"][data-message-id="${reply.id}"][data-highlighted="true"]`)
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, "memory-linked-message-light.png") });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("says so when a link names a message or a memory that is gone", async () => {
    const page = await context.newPage();
    const explorer = `${server.url}/my-locrits/${encodeURIComponent(BOB)}/memory-explorer`;
    await page.goto(`${explorer}?tab=messages&session=trip&message=deleted-message`);
    await page.getByTestId("focus-missing").filter({ hasText: "no longer stored" }).waitFor();
    expect(await page.locator('[data-testid="stored-message"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-highlighted="true"]').count()).toBe(0);
    await page.goto(`${explorer}?tab=memories&memory=deleted-memory`);
    await page.getByTestId("focus-missing").filter({ hasText: "may have been deleted" }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("still shows Remembered after a reload, and reads in dark mode", async () => {
    const { context: dark, errors } = await newContext(browser, { colorScheme: "dark" });
    const page = await dark.newPage();
    await page.goto(`${chatUrl(server.url, BOB)}?session=fresh`);
    await page.reload();
    const toggle = remembered(page);
    await toggle.waitFor();
    expect(await toggle.textContent()).toMatch(/^Remembered: \d+ items$/);
    await toggle.click();
    const item = page.getByTestId("recalled-item").first();
    await item.waitFor();
    expect(/\bdark\b/.test((await page.locator("html").getAttribute("class")) ?? "")).toBe(true);
    // Light text on the dark page: the item's text colour is brighter than its background.
    const [text, background] = await item.evaluate((element) => {
      const document = element.ownerDocument;
      const view = document.defaultView!;
      return [
        view.getComputedStyle(element.querySelector("span:last-child")!).color,
        view.getComputedStyle(document.body).backgroundColor,
      ];
    });
    expect(luminance(text!)).toBeGreaterThan(luminance(background!));
    await page.screenshot({ path: join(screenshotDir, "chat-remembered-dark.png") });
    expect(errors).toEqual([]);
    await dark.close();
  });
});

/** Relative brightness of a CSS colour (`rgb(…)`, `oklch(…)`, …) read from its first three numbers. */
function luminance(color: string): number {
  const numbers = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (color.startsWith("oklch") || color.startsWith("oklab")) return numbers[0] ?? 0;
  const [red = 0, green = 0, blue = 0] = numbers;
  return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
}
