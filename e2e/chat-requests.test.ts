import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, newContext, sendChat, waitConnected, waitForReply } from "./helpers/pages.js";

const BOB = "Bob Technique";

type TimelineEntry = { type: "request"; method: string; path: string } | { type: "socket"; event: string };

/**
 * One timeline of the page's HTTP requests and the socket.io events it receives. Both come from the
 * browser's network events, in the order they happened, so "between the first chunk and the end"
 * does not depend on how fast the test notices either.
 */
function recordTimeline(page: Page): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    timeline.push({ type: "request", method: request.method(), path: decodeURIComponent(url.pathname) });
  });
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => {
      // socket.io event frames look like `42["chat_chunk",{…}]`.
      const event = typeof payload === "string" ? /^42(?:\/[^,]*,)?\["([a-z_]+)"/.exec(payload)?.[1] : undefined;
      if (event) timeline.push({ type: "socket", event });
    });
  });
  return timeline;
}

/** The chat page's network cost of a long streamed reply (issue 15: no history refetch while streaming). */
describe.skipIf(!chromiumAvailable)("e2e: requests of the chat page during a streamed reply", () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({ name: BOB, description: "Expert in programming and technology" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("does not refetch the history while a 10-second reply streams, and makes a few requests in all", async () => {
    const { context, errors } = await newContext(browser);
    const page = await context.newPage();
    // From the start: the page's socket opens once, with the page.
    const timeline = recordTimeline(page);
    await page.goto(chatUrl(server.url, BOB));
    await waitConnected(page);
    await page.getByTestId("chat-input").waitFor();
    const sessionId = new URL(page.url()).searchParams.get("session")!;
    // A first turn, so the session exists and the page has loaded everything it loads at all.
    await sendChat(page, "Hello");
    await waitForReply(page, "Echo: Hello");

    // About ten seconds of streaming: 100 tokens, 100 ms apart (the server flushes every 500 ms).
    server.model.setBehaviour({ tokenCount: 100, tokenDelayMs: 100 });
    const turnStart = timeline.length;
    const started = Date.now();
    await sendChat(page, "Tell me a long story");
    await page
      .locator('[data-testid="chat-message-assistant"][data-status="streaming"]')
      .filter({ hasText: "w50 " })
      .waitFor();
    await waitForReply(page, "w100");
    const streamedMs = Date.now() - started;
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
    // The stored copy replaces the live one (it has a time), then what else the end sets off has time to be counted.
    await page
      .getByTestId("chat-message-assistant")
      .filter({ hasText: "w100" })
      .filter({ has: page.locator("time") })
      .waitFor();
    await page.waitForTimeout(1_500);

    const turn = timeline.slice(turnStart);
    const firstChunk = turn.findIndex((entry) => entry.type === "socket" && entry.event === "chat_chunk");
    const complete = turn.findIndex((entry) => entry.type === "socket" && entry.event === "chat_complete");
    expect(firstChunk).toBeGreaterThanOrEqual(0);
    expect(complete).toBeGreaterThan(firstChunk);
    expect(streamedMs).toBeGreaterThan(9_000);
    const chunks = turn.filter((entry) => entry.type === "socket" && entry.event === "chat_chunk").length;
    // Tokens that reach the server together are relayed as one chunk: on a busy machine fewer than 100.
    expect(chunks).toBeGreaterThanOrEqual(2);

    const requests = (entries: TimelineEntry[]) =>
      entries.flatMap((entry) => (entry.type === "request" ? [`${entry.method} ${entry.path}`] : []));
    const historyPath = `/api/locrits/${BOB}/memory/sessions/${sessionId}/messages`;
    const all = requests(turn);
    const whileStreaming = requests(turn.slice(firstChunk, complete));
    expect(
      whileStreaming.filter((request) => request.endsWith(historyPath)),
      `requests while streaming: ${JSON.stringify(whileStreaming)}`,
    ).toEqual([]);
    // The session list may follow the reply's creation and end; the history is fetched at most when the new
    // session appears and once after the end (before this was fixed: 22 history refetches while streaming).
    expect(all.filter((request) => request.endsWith(historyPath)).length, JSON.stringify(all)).toBeLessThanOrEqual(2);
    expect(all.length, `requests during the turn: ${JSON.stringify(all)}`).toBeLessThanOrEqual(8);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
