import type { Message } from "@locrit/protocol";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, memoryUrl, newContext, sendChat, waitConnected, waitForReply } from "./helpers/pages.js";

const BOB = "Bob Technique";

/** The seed's verification steps, then streaming, Stop, reload mid-reply and a second tab. */
describe.skipIf(!chromiumAvailable)("e2e: chat and Memory Explorer", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];

  const storedMessages = async (sessionId: string) => {
    const response = await fetch(
      `${server.url}/api/locrits/${encodeURIComponent(BOB)}/memory/sessions/${sessionId}/messages?limit=500`,
    );
    return ((await response.json()) as { messages: Message[] }).messages;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({ name: BOB, description: "Expert in programming and technology" });
    ({ context, errors: pageErrors } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("stores both turns of a conversation and shows them in the Messages tab, grouped under one session", async () => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await waitConnected(page);

    await sendChat(page, "Hello, testing conversation storage");
    await waitForReply(page, "Echo: Hello, testing conversation storage");
    await sendChat(page, "Do you remember what I just said?");
    await waitForReply(page, "Echo: Do you remember what I just said?");
    const sessionId = new URL(page.url()).searchParams.get("session");
    expect(sessionId).toMatch(/^session_\d+_[a-z0-9]+$/);

    await page.goto(memoryUrl(server.url, BOB));
    await page.getByRole("tab", { name: "Messages" }).click();
    const groups = page.getByTestId("session-group");
    await groups.first().waitFor();
    expect(await groups.count()).toBe(1);
    expect(await groups.first().getAttribute("data-session-id")).toBe(sessionId);

    const rows = groups.first().getByTestId("stored-message");
    await rows.nth(3).waitFor();
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute("data-role")))).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(await rows.getByTestId("message-content").allInnerTexts()).toEqual([
      "Hello, testing conversation storage",
      "Echo: Hello, testing conversation storage",
      "Do you remember what I just said?",
      "Echo: Do you remember what I just said?",
    ]);
    for (const time of await rows
      .getByTestId("message-timestamp")
      .evaluateAll((items) => items.map((item) => item.getAttribute("datetime") ?? ""))) {
      expect(Number.isNaN(Date.parse(time))).toBe(false);
    }
    // The model saw the first turn when asked about it: memory within a session is real.
    const lastPrompt =
      server.model
        .chatRequests()
        .at(-1)
        ?.body?.messages?.map((message) => message.content) ?? [];
    expect(lastPrompt).toContain("Hello, testing conversation storage");
    await page.close();
  }, 60_000);

  it("streams tokens as they arrive and Stop ends the reply, stored as stopped", async () => {
    server.model.setBehaviour({ tokenCount: 400, tokenDelayMs: 30 });
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    await sendChat(page, "Count for me, slowly");

    const reply = page.getByTestId("chat-message-assistant").last();
    await reply.filter({ hasText: "w3 " }).waitFor();
    // Still streaming: part of the reply is on screen, the rest has not been generated yet.
    expect(await reply.innerText()).not.toContain("w400");
    expect(await reply.getAttribute("data-status")).toBe("streaming");

    await page.getByTestId("chat-stop").click();
    await page.locator('[data-testid="chat-message-assistant"][data-status="stopped"]').waitFor();
    await page.getByTestId("chat-send").waitFor();
    const sessionId = new URL(page.url()).searchParams.get("session")!;
    const stored = await storedMessages(sessionId);
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "stopped"],
    ]);
    expect(stored[1]!.content).not.toContain("w400");
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
    await page.close();
  }, 60_000);

  it("a reload mid-reply shows the reply carrying on, without a gap or a duplicate", async () => {
    server.model.setBehaviour({ tokenCount: 60, tokenDelayMs: 50 });
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    await sendChat(page, "Tell me a long story");
    await page.getByTestId("chat-message-assistant").filter({ hasText: "w5 " }).waitFor();
    const sessionBefore = new URL(page.url()).searchParams.get("session");

    await page.reload();
    expect(new URL(page.url()).searchParams.get("session")).toBe(sessionBefore);
    await waitForReply(page, "w60");
    const text = await page
      .getByTestId("chat-message-assistant")
      .last()
      .getByTestId("chat-message-content")
      .innerText();
    const words = text.trim().split(/\s+/);
    expect(words).toEqual(Array.from({ length: 60 }, (_, index) => `w${index + 1}`));
    expect(await page.getByTestId("chat-message-user").filter({ hasText: "Tell me a long story" }).count()).toBe(1);
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
    await page.close();
  }, 60_000);

  it("a second tab sees the conversation live, and the Memory Explorer updates while the chat runs", async () => {
    server.model.setBehaviour({ tokenCount: 40, tokenDelayMs: 50 });
    const first = await context.newPage();
    await first.goto(chatUrl(server.url, BOB));
    await first.getByTestId("new-conversation").click();
    await waitConnected(first);
    const sessionUrl = first.url();
    const sessionId = new URL(sessionUrl).searchParams.get("session")!;

    const second = await context.newPage();
    await second.goto(sessionUrl);
    await waitConnected(second);
    const explorer = await context.newPage();
    await explorer.goto(`${memoryUrl(server.url, BOB)}?tab=messages`);
    await explorer.getByTestId("messages-tab").waitFor();

    await sendChat(first, "Shared across tabs");
    // The second tab gets the chunks while they stream, not only the finished reply.
    await second
      .locator('[data-testid="chat-message-assistant"][data-status="streaming"]')
      .filter({ hasText: "w2 " })
      .waitFor();
    await waitForReply(second, "w40");
    await second.getByTestId("chat-message-user").filter({ hasText: "Shared across tabs" }).waitFor();
    // The explorer, opened before the message was sent, shows it without a reload.
    const group = explorer.locator(`[data-testid="session-group"][data-session-id="${sessionId}"]`);
    await group.getByTestId("stored-message").filter({ hasText: "Shared across tabs" }).waitFor();
    await group.locator('[data-testid="stored-message"][data-role="assistant"]').filter({ hasText: "w40" }).waitFor();
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
