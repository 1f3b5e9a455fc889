import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, newContext, sendChat, waitConnected, waitForReply, watchFailures } from "./helpers/pages.js";

const BOB = "Bob Technique";
const LIMIT = 32 * 1024;

/**
 * Issue 19's chat defects, each as a user meets it. The server's default model server is down (as for a
 * user without Ollama), so the health banner shows; the Locrits talk to the fake model server.
 */
describe.skipIf(!chromiumAvailable)("e2e: the chat's defects (issue 19)", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer({ defaultModelServerDown: true }), launchBrowser()]);
    await server.createLocrit({ name: BOB, description: "Expert in programming and technology" });
    ({ context, errors: pageErrors } = await newContext(browser, { viewport: { width: 1280, height: 800 } }));
  });

  // A test that fails leaves no page and no model behaviour behind to weigh on the next ones.
  afterEach(async () => {
    server.model.setBehaviour({ tokens: undefined, tokenCount: undefined, tokenDelayMs: 15 });
    await Promise.all(context.pages().map((page) => page.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openNewChat = async (name = BOB) => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, name));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    return page;
  };

  it("(2) a failed turn stays after a reload, marked, with a Retry that answers it", async () => {
    await server.createLocrit({ name: "Lost Model", model: "no-such-model" });
    const page = await openNewChat("Lost Model");
    await sendChat(page, "Are you there?");
    await page.getByTestId("chat-error").waitFor();

    await page.reload();
    await waitConnected(page);
    const failed = page.locator('[data-testid="chat-message-user"][data-status="error"]');
    await failed.filter({ hasText: "Are you there?" }).waitFor();
    await failed.getByText("Not answered").waitFor();
    await failed.getByText("does not have this Locrit's model").waitFor();

    // Once the model is fixed, Retry sends the same words again and they are answered.
    await fetch(`${server.url}/api/locrits/${encodeURIComponent("Lost Model")}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "fake-model" }),
    });
    await failed.getByRole("button", { name: "Retry" }).click();
    await waitForReply(page, "Echo: Are you there?");
    // Answered now: the old turn keeps its marker, but no second Retry is offered.
    expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
    await page.close();
  }, 90_000);

  it("(2) a turn whose model server is down is marked too after a reload", async () => {
    await server.createLocrit({ name: "Unplugged", base_url: "http://127.0.0.1:9" });
    const page = await openNewChat("Unplugged");
    await sendChat(page, "Hello?");
    await page.getByTestId("chat-error").waitFor();
    await page.reload();
    const failed = page.locator('[data-testid="chat-message-user"][data-status="error"]');
    await failed.getByText("model server is not reachable").waitFor();
    await failed.getByRole("button", { name: "Retry" }).waitFor();
    await page.close();
  }, 90_000);

  it("(3) shows the size limit near it, refuses over it with the reason, and never loses the text", async () => {
    const page = await openNewChat();
    const input = page.getByTestId("chat-input");
    const counter = page.getByTestId("chat-size");
    await input.fill("short");
    expect(await counter.count()).toBe(0);

    await input.fill("a".repeat(LIMIT - 1_000));
    await counter.filter({ hasText: "32,768" }).waitFor();
    expect(await page.getByTestId("chat-send").isEnabled()).toBe(true);

    // Bytes, not characters: 16,385 "é" are 32,770 bytes of UTF-8.
    const tooLong = "é".repeat(LIMIT / 2 + 1);
    await input.fill(tooLong);
    await page.getByTestId("chat-too-large").filter({ hasText: "2 bytes over" }).waitFor();
    expect(await page.getByTestId("chat-send").isDisabled()).toBe(true);
    await input.press("Enter");
    await page.getByTestId("chat-send").click({ force: true });
    expect(await input.inputValue()).toBe(tooLong);
    expect(await page.getByTestId("chat-message-user").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("(6) renders tables, labels code blocks with a copy button, and opens links in a new tab", async () => {
    const markdown = [
      "| Name | Role |",
      "| --- | --- |",
      "| Bob | Expert |",
      "",
      "```python",
      "print('hi')",
      "```",
      "",
      "See [the docs](https://example.org/docs).",
    ].join("\n");
    server.model.setBehaviour({ tokens: [markdown] });
    const page = await openNewChat();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await sendChat(page, "Show me markdown");
    const reply = page.getByTestId("chat-message-assistant").last();
    await reply.locator("table td", { hasText: "Expert" }).waitFor();
    await page.getByTestId("chat-send").waitFor();
    expect(await reply.getByTestId("code-language").innerText()).toBe("python");
    await reply.getByRole("button", { name: "Copy code" }).click();
    await reply.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe("print('hi')\n");
    const link = reply.getByRole("link", { name: "the docs" });
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toContain("noopener");
    await page.close();
  }, 60_000);

  it("(7) a new conversation asks for nothing that is not there, and the console stays clean", async () => {
    const page = await context.newPage();
    const problems = watchFailures(page);
    await page.goto(chatUrl(server.url, BOB));
    await waitConnected(page);
    await page.getByTestId("new-conversation").click();
    await page.getByTestId("new-conversation").click();
    await sendChat(page, "First words here");
    await waitForReply(page, "Echo: First words here");
    await page.reload();
    await waitConnected(page);
    await page.getByTestId("chat-message-user").filter({ hasText: "First words here" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("(7) the chat of a Locrit that does not exist says so, and claims no connection", async () => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, "Nobody Here"));
    await page.getByText("No Locrit is named “Nobody Here”").waitFor();
    expect(await page.getByTestId("connection-status").count()).toBe(0);
    expect(await page.getByTestId("chat-input").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("(8) arriving on the chat focuses the composer; Enter during a reply says why nothing is sent", async () => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await waitConnected(page);
    await page.getByTestId("chat-input").waitFor();
    await page.waitForFunction(`document.activeElement?.getAttribute("data-testid") === "chat-input"`);

    server.model.setBehaviour({ tokenCount: 200, tokenDelayMs: 40 });
    await sendChat(page, "Talk for a while");
    await page.locator('[data-testid="chat-message-assistant"][data-status="streaming"]').waitFor();
    await page.getByTestId("chat-input").fill("A second thought");
    await page.getByTestId("chat-input").press("Enter");
    await page.getByTestId("chat-busy-hint").filter({ hasText: "Stop" }).waitFor();
    expect(await page.getByTestId("chat-input").inputValue()).toBe("A second thought");
    await page.getByTestId("chat-stop").click();
    await page.getByTestId("chat-send").waitFor();
    await page.close();
  }, 60_000);

  it("(5) with the model-server banner showing, the composer's Send button stays on a 1280×800 screen", async () => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await page.getByTestId("health-banner").waitFor();
    await waitConnected(page);
    const send = await page.getByTestId("chat-send").boundingBox();
    expect(send).not.toBeNull();
    expect(send!.y + send!.height).toBeLessThanOrEqual(800);
    expect(await page.evaluate("document.documentElement.scrollHeight")).toBeLessThanOrEqual(800);
    await page.close();
  }, 60_000);

  it("(5, 9) on a phone the History panel closes after picking; a renamed conversation keeps its place", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(30_000);
    await server.createLocrit({ name: "Sidebar Bob" });
    const page = await phone.newPage();
    // Two conversations; the older one is renamed afterwards.
    for (const words of ["Older conversation", "Newer conversation"]) {
      await page.goto(chatUrl(server.url, "Sidebar Bob"));
      await page.getByTestId("new-conversation").tap();
      await waitConnected(page);
      await sendChat(page, words);
      await waitForReply(page, `Echo: ${words}`);
    }
    const sessions = await (await fetch(`${server.url}/api/locrits/Sidebar%20Bob/memory/sessions?limit=10`)).json();
    const older = (sessions as { sessions: { id: string; title: string }[] }).sessions.find(
      (session) => session.title === "Older conversation",
    )!;
    await fetch(`${server.url}/api/locrits/Sidebar%20Bob/memory/sessions/${older.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Renamed but older" }),
    });
    await page.reload();
    await page.getByRole("button", { name: "History" }).tap();
    const list = page.getByTestId("session-list");
    await list.getByText("Renamed but older").waitFor();
    const titles = await list.locator("button[data-session-id] > span:first-child").allInnerTexts();
    expect(titles).toEqual(["Newer conversation", "Renamed but older"]);

    await list.getByText("Renamed but older").tap();
    await page.waitForURL((url) => url.searchParams.get("session") === older.id);
    await list.waitFor({ state: "hidden" });
    await page.getByTestId("chat-message-user").filter({ hasText: "Older conversation" }).waitFor();
    await phone.close();
  }, 90_000);

  it("(1) reconnects by itself after a server restart and answers the next message without a reload", async () => {
    const page = await openNewChat();
    await sendChat(page, "Before the restart");
    await waitForReply(page, "Echo: Before the restart");
    await page.evaluate("window.sameDocument = true");

    await server.restart({
      whileDown: async () => {
        await page.locator('[data-testid="connection-status"]:not([data-status="connected"])').waitFor();
      },
    });
    // SPEC/issue 19: the open page is connected again within 10 s of the server being back.
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 10_000 });
    await sendChat(page, "After the restart");
    await waitForReply(page, "Echo: After the restart");
    expect(await page.evaluate("window.sameDocument")).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
