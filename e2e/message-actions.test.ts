import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../apps/server/test/fake-model-server/fake-model-server.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, memoryUrl, newContext, sendChat, waitConnected, waitForReply } from "./helpers/pages.js";

const BOB = "Bob Technique";
const screenshotDir = join(import.meta.dirname, "screenshots");

/**
 * Issue 19's message actions, as a user meets them: copy, regenerate and page through the versions,
 * edit and resend keeping the branch, delete, Retry after the model server came back, a reply's details.
 */
describe.skipIf(!chromiumAvailable)("e2e: message actions in the chat (issue 19)", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({ name: BOB, description: "Expert in programming", memory_extraction: "off" });
    ({ context, errors: pageErrors } = await newContext(browser, {
      viewport: { width: 1280, height: 800 },
      permissions: ["clipboard-read", "clipboard-write"],
    }));
  });

  afterEach(async () => {
    server.model.setBehaviour({ tokens: undefined, tokenDelayMs: 15 });
    await Promise.all(context.pages().map((page) => page.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openNewChat = async (name = BOB, on: BrowserContext = context) => {
    const page = await on.newPage();
    await page.goto(chatUrl(server.url, name));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    return page;
  };
  const reply = (page: Page, text: string) => page.getByTestId("chat-message-assistant").filter({ hasText: text });
  const userMessage = (page: Page, text: string) => page.getByTestId("chat-message-user").filter({ hasText: text });
  const shownContents = (page: Page) => page.getByTestId("chat-message-content").allInnerTexts();
  const reloaded = async (page: Page) => {
    await page.reload();
    await waitConnected(page);
  };

  it("copies a reply to the clipboard", async () => {
    const page = await openNewChat();
    await sendChat(page, "copy me please");
    await waitForReply(page, "Echo: copy me please");
    const answer = reply(page, "Echo: copy me please");
    await answer.hover();
    await answer.getByRole("button", { name: "Copy" }).click();
    await answer.getByRole("status").filter({ hasText: "Copied" }).waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe("Echo: copy me please");
  }, 90_000);

  it("regenerates the last reply, keeps the old one, and pages through both after a reload", async () => {
    const page = await openNewChat();
    await sendChat(page, "tell me a story");
    await waitForReply(page, "Echo: tell me a story");
    server.model.setBehaviour({ tokens: ["Once ", "upon ", "a ", "time"] });
    await reply(page, "Echo: tell me a story").hover();
    await page.getByRole("button", { name: "Regenerate" }).click();
    await waitForReply(page, "Once upon a time");
    await page.getByTestId("alternative-position").filter({ hasText: "2/2" }).waitFor();
    expect(await reply(page, "Echo: tell me a story").count()).toBe(0);

    await reloaded(page);
    await page.getByTestId("alternative-position").filter({ hasText: "2/2" }).waitFor();
    await page.getByRole("button", { name: "Previous version" }).click();
    await reply(page, "Echo: tell me a story").waitFor();
    await page.getByTestId("alternative-position").filter({ hasText: "1/2" }).waitFor();
    await reloaded(page);
    await reply(page, "Echo: tell me a story").waitFor();
    expect(await reply(page, "Once upon a time").count()).toBe(0);
    await page.getByRole("button", { name: "Next version" }).click();
    await reply(page, "Once upon a time").waitFor();
    // The conversation holds one question and one answer, whichever version is shown.
    expect(await shownContents(page)).toEqual(["tell me a story", "Once upon a time"]);
  }, 120_000);

  it("edits a message and resends it; the turns after it stay as a branch to page back to", async () => {
    const page = await openNewChat();
    await sendChat(page, "my cat is called Tom");
    await waitForReply(page, "Echo: my cat is called Tom");
    await sendChat(page, "what colour is Tom");
    await waitForReply(page, "Echo: what colour is Tom");

    const first = userMessage(page, "my cat is called Tom");
    await first.hover();
    await first.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Edit your message").fill("my cat is called Felix");
    await page.getByRole("button", { name: "Save and send" }).click();
    await waitForReply(page, "Echo: my cat is called Felix");
    await expect.poll(() => shownContents(page)).toEqual(["my cat is called Felix", "Echo: my cat is called Felix"]);

    await reloaded(page);
    await userMessage(page, "Felix").getByTestId("alternative-position").filter({ hasText: "2/2" }).waitFor();
    await page.getByRole("button", { name: "Previous version" }).click();
    await expect
      .poll(() => shownContents(page))
      .toEqual([
        "my cat is called Tom",
        "Echo: my cat is called Tom",
        "what colour is Tom",
        "Echo: what colour is Tom",
      ]);

    // The Memory Explorer shows the conversation's messages, the other versions folded under them.
    const sessionId = new URL(page.url()).searchParams.get("session")!;
    await page.goto(`${memoryUrl(server.url, BOB)}?tab=messages&session=${encodeURIComponent(sessionId)}`);
    const folded = page.getByTestId("message-alternatives");
    await folded.getByText("2 other versions").waitFor();
    expect(await folded.getByTestId("stored-message").first().isVisible()).toBe(false);
    await folded.getByText("2 other versions").click();
    expect(await folded.getByTestId("stored-message").allInnerTexts()).toEqual([
      expect.stringContaining("my cat is called Felix"),
      expect.stringContaining("Echo: my cat is called Felix"),
    ]);
  }, 120_000);

  it("deletes a message after confirmation, for good", async () => {
    const page = await openNewChat();
    await sendChat(page, "forget this one");
    await waitForReply(page, "Echo: forget this one");
    const answer = reply(page, "Echo: forget this one");
    await answer.hover();
    await answer.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await answer.waitFor({ state: "detached" });
    await reloaded(page);
    await userMessage(page, "forget this one").waitFor();
    expect(await reply(page, "Echo: forget this one").count()).toBe(0);
  }, 90_000);

  it("retries a turn that failed while the model server was down, once it is up again", async () => {
    let flaky: FakeModelServer = await startFakeModelServer({ tokenDelayMs: 15 });
    const port = Number(new URL(flaky.url).port);
    await flaky.close();
    await server.createLocrit({ name: "Flaky", base_url: `http://127.0.0.1:${port}`, memory_extraction: "off" });
    const page = await openNewChat("Flaky");
    await sendChat(page, "anyone home?");
    await page.getByTestId("chat-error").waitFor();
    await reloaded(page);
    const failed = page.locator('[data-testid="chat-message-user"][data-status="error"]');
    await failed.getByText("Not answered").waitFor();

    flaky = await startFakeModelServer({ tokenDelayMs: 15 }, { port });
    try {
      await failed.getByRole("button", { name: "Retry" }).click();
      await waitForReply(page, "Echo: anyone home?");
      await reloaded(page);
      await reply(page, "Echo: anyone home?").waitFor();
      // The same message was answered: not sent a second time, no longer marked.
      expect(await userMessage(page, "anyone home?").count()).toBe(1);
      expect(await page.getByText("Not answered").count()).toBe(0);
    } finally {
      await flaky.close();
    }
  }, 120_000);

  it("shows a reply's details (model, tokens, first token, total) on hover and on keyboard focus", async () => {
    const page = await openNewChat();
    await sendChat(page, "how long did that take");
    await waitForReply(page, "Echo: how long did that take");
    const answer = reply(page, "Echo: how long did that take");
    const details = answer.getByTestId("reply-details");
    const actionsOpacity = () =>
      page.evaluate(
        `getComputedStyle(document.querySelectorAll('[data-testid="chat-message-assistant"] [data-testid="message-actions"]')[0]).opacity`,
      );
    await page.mouse.move(0, 0);
    await expect.poll(actionsOpacity).toBe("0");
    // Keyboard: Tab reaches the reply's actions, and the details show with them.
    await answer.getByRole("button", { name: "Copy" }).focus();
    await expect.poll(actionsOpacity).toBe("1");
    const text = await details.innerText();
    expect(text).toContain("fake-model");
    expect(text).toMatch(/\d+ prompt \+ \d+ reply tokens/);
    expect(text).toMatch(/first token \d+\.\d s/);
    expect(text).toMatch(/total \d+\.\d s/);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("takes screenshots: versions and actions, light, dark and phone-sized", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const [colorScheme, viewport, name] of [
      ["light", { width: 1280, height: 800 }, "message-actions-light-wide"],
      ["dark", { width: 1280, height: 800 }, "message-actions-dark-wide"],
      ["light", { width: 390, height: 844 }, "message-actions-light-phone"],
    ] as const) {
      const { context: themed } = await newContext(browser, { colorScheme, viewport });
      const page = await openNewChat(BOB, themed);
      await sendChat(page, "What is a closure?");
      await waitForReply(page, "Echo: What is a closure?");
      server.model.setBehaviour({
        tokens: ["A ", "function ", "with ", "the ", "scope ", "it ", "was ", "made ", "in."],
      });
      await reply(page, "Echo: What is a closure?").hover();
      await page.getByRole("button", { name: "Regenerate" }).click();
      await waitForReply(page, "A function with the scope it was made in.");
      server.model.setBehaviour({ tokens: undefined });
      await reply(page, "A function with the scope it was made in.").hover();
      await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
      await themed.close();
    }
  }, 180_000);
});
