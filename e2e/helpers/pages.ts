import type { Browser, BrowserContext, Page } from "playwright-core";

/** Waits until this tab's socket.io connection is up (the chat page shows it). */
export async function waitConnected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
}

/** Types a chat message and sends it with Enter, as a person would. */
export async function sendChat(page: Page, text: string): Promise<void> {
  const input = page.getByTestId("chat-input");
  await input.fill(text);
  await input.press("Enter");
}

/** Waits for a finished reply containing `text` (the Send button is back). */
export async function waitForReply(page: Page, text: string): Promise<void> {
  await page.getByTestId("chat-message-assistant").filter({ hasText: text }).first().waitFor();
  await page.getByTestId("chat-send").waitFor();
}

export const chatUrl = (base: string, name: string) => `${base}/my-locrits/${encodeURIComponent(name)}/chat`;
export const memoryUrl = (base: string, name: string) =>
  `${base}/my-locrits/${encodeURIComponent(name)}/memory-explorer`;
export const settingsUrl = (base: string, name: string) => `${base}/my-locrits/${encodeURIComponent(name)}/settings`;

/** A fresh browser context (own storage) whose failed page scripts fail the test loudly. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  // Generous: CI runs on two shared cores; a wait only lasts this long when something is really wrong.
  context.setDefaultTimeout(30_000);
  const errors: string[] = [];
  context.on("weberror", (error) => errors.push(String(error.error())));
  return { context, errors };
}

/** Every answer of 400 or more the page got, and every console error: a clean page collects none. */
export function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") failures.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${decodeURIComponent(response.url())}`);
  });
  return failures;
}
