import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Message, SessionListItem } from "@locrit/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../apps/server/test/helpers/test-app.js";
import { webDistDir } from "./global-setup.js";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, newContext, waitConnected, watchFailures } from "./helpers/pages.js";

const screenshotDir = join(import.meta.dirname, "screenshots");
const BOB = "Bob Technique";
const ADA = "Ada Lovelace";
const CY = "Cy Quiet";
const LIMIT = 32 * 1024;

/**
 * Issue 19 "Build": the chat sidebar's conversations (rename, delete, search, export), the search across
 * all Locrits, toasts and the message-size meter, as a user meets them in the built UI.
 */
describe.skipIf(!chromiumAvailable)("e2e: chat sidebar, search across Locrits, toasts, size meter", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];
  /** Session ids by their first message, which is also their title. */
  const sessions = new Map<string, string>();

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return (await response.json()) as T;
  };
  const sessionPath = (name: string, id: string) =>
    `/api/locrits/${encodeURIComponent(name)}/memory/sessions/${encodeURIComponent(id)}`;

  /** A conversation stored through the REST chat: each message answered ("Echo: …") before the next. */
  const converse = async (name: string, messages: string[]) => {
    const sessionId = `session_e2e_${sessions.size + 1}`;
    for (const message of messages) {
      const answer = await api<{ success: boolean }>(`/api/locrits/${encodeURIComponent(name)}/chat`, {
        method: "POST",
        body: { message, session_id: sessionId, stream: false },
      });
      expect(answer.success).toBe(true);
    }
    sessions.set(messages[0]!, sessionId);
    return sessionId;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    for (const name of [BOB, ADA, CY]) await server.createLocrit({ name });
    await converse(BOB, ["Cooking pasta", "Boil the water first"]);
    await converse(BOB, ["Trip to Rome", "Where to eat near the Pantheon?"]);
    await converse(BOB, ["Airships", "The zeppelin Hindenburg flew in 1936"]);
    await converse(BOB, ["To be deleted", "Nothing worth keeping"]);
    await converse(ADA, ["History notes", "Count von Zeppelin built the first zeppelin"]);
    await converse(CY, ["Weather", "Sunny today"]);
    ({ context, errors: pageErrors } = await newContext(browser));
  });

  afterEach(async () => {
    await Promise.all(context.pages().map((page) => page.close()));
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Bob's chat on a conversation, with every failed request and console error collected. */
  const openChat = async (sessionTitle: string, target: BrowserContext = context) => {
    const page = await target.newPage();
    const failures = watchFailures(page);
    await page.goto(`${chatUrl(server.url, BOB)}?session=${sessions.get(sessionTitle)}`);
    await waitConnected(page);
    return { page, failures };
  };
  const sidebarItem = (page: Page, title: string) =>
    page.getByTestId("session-item").filter({ has: page.locator(`button[data-session-id]`, { hasText: title }) });
  const openActions = async (page: Page, title: string) => {
    const item = sidebarItem(page, title);
    await item.getByTestId("session-actions").click();
    return item;
  };
  const sidebarTitles = (page: Page) =>
    page.getByTestId("session-list").locator("button[data-session-id] > span:first-child").allInnerTexts();

  it("renames a conversation in place (Enter saves, Escape gives up); the title stays after a reload; a toast says so and goes", async () => {
    const { page, failures } = await openChat("Cooking pasta");
    let item = await openActions(page, "Trip to Rome");
    await item.getByTestId("session-rename").click();
    const input = page.getByTestId("session-title-input");
    expect(await input.inputValue()).toBe("Trip to Rome");
    await input.fill("Rome in spring");
    await input.press("Enter");

    const toast = page.getByTestId("toast").filter({ hasText: "Conversation renamed" });
    await toast.waitFor();
    await sidebarItem(page, "Rome in spring").waitFor();
    expect(await input.count()).toBe(0);
    // The keyboard carries on from the renamed conversation.
    const renamed = sidebarItem(page, "Rome in spring").locator("button[data-session-id]");
    await expect.poll(() => renamed.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    // The toast leaves by itself (after ~5 s), without being clicked.
    await toast.waitFor({ state: "detached", timeout: 30_000 });

    await page.reload();
    await sidebarItem(page, "Rome in spring").waitFor();
    const stored = await api<{ session: SessionListItem }>(sessionPath(BOB, sessions.get("Trip to Rome")!));
    expect(stored.session.title).toBe("Rome in spring");

    // Escape leaves the title as it was, on screen and stored.
    item = await openActions(page, "Rome in spring");
    await item.getByTestId("session-rename").click();
    await input.fill("Not this title");
    await input.press("Escape");
    await sidebarItem(page, "Rome in spring").waitFor();
    expect(await input.count()).toBe(0);
    const after = await api<{ session: SessionListItem }>(sessionPath(BOB, sessions.get("Trip to Rome")!));
    expect(after.session.title).toBe("Rome in spring");
    // Renaming does not move a conversation: the list keeps its order by last activity.
    expect(await sidebarTitles(page)).toEqual(["To be deleted", "Airships", "Rome in spring", "Cooking pasta"]);
    expect(failures).toEqual([]);
  }, 90_000);

  it("deletes the open conversation after a confirmation; the chat moves to a new conversation, with no failed request", async () => {
    const { page, failures } = await openChat("To be deleted");
    await page.getByTestId("chat-message-user").filter({ hasText: "To be deleted" }).waitFor();

    // Cancel keeps it.
    let item = await openActions(page, "To be deleted");
    await item.getByTestId("session-delete").click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("Its 4 messages are deleted with it").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await sidebarItem(page, "To be deleted").count()).toBe(1);

    item = sidebarItem(page, "To be deleted");
    await item.getByTestId("session-delete").click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("toast").filter({ hasText: "Conversation deleted" }).waitFor();
    await sidebarItem(page, "To be deleted").waitFor({ state: "detached" });
    await page.waitForURL((url) => url.searchParams.get("session") !== sessions.get("To be deleted"));
    await page.getByTestId("session-list").locator('[aria-current="page"]', { hasText: "New conversation" }).waitFor();
    expect(await page.getByTestId("chat-message-user").count()).toBe(0);

    const gone = await fetch(`${server.url}${sessionPath(BOB, sessions.get("To be deleted")!)}`);
    expect(gone.status).toBe(404);
    // Give the memory event of the deletion time to arrive: it must not ask for the deleted history.
    await page.getByTestId("toast").filter({ hasText: "Conversation deleted" }).waitFor({ state: "detached" });
    expect(failures).toEqual([]);
    sessions.delete("To be deleted");
  }, 90_000);

  it("searches conversations by title at once and by content through the memory search", async () => {
    const { page, failures } = await openChat("Cooking pasta");
    const search = page.getByTestId("session-search");
    await search.fill("rome");
    await page.getByTestId("session-search-status").filter({ hasText: "1 conversation matches" }).waitFor();
    expect(await sidebarTitles(page)).toEqual(["Rome in spring"]);

    // Nowhere in a title: found in the messages, the matching one shown with the word marked.
    await search.fill("zeppelin");
    await page
      .getByTestId("session-search-status")
      .filter({ hasText: /^1 conversation matches$/ })
      .waitFor();
    expect(await sidebarTitles(page)).toEqual(["Airships"]);
    const preview = sidebarItem(page, "Airships").getByTestId("session-preview");
    expect(await preview.locator("mark").first().innerText()).toBe("zeppelin");

    await search.fill("no such word anywhere");
    await page
      .getByTestId("session-search-status")
      .filter({ hasText: /^0 conversations match$/ })
      .waitFor();
    expect(await sidebarTitles(page)).toEqual([]);

    await search.press("Escape");
    expect(await search.inputValue()).toBe("");
    expect(await sidebarTitles(page)).toEqual(["Airships", "Rome in spring", "Cooking pasta"]);
    expect(failures).toEqual([]);
  }, 90_000);

  it("searches conversations beyond the pages shown so far", async () => {
    const name = "Many Talks";
    await server.createLocrit({ name });
    await converse(name, ["Oldest words about quokkas"]);
    for (let index = 1; index <= 21; index += 1) await converse(name, [`Talk number ${index}`]);
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(chatUrl(server.url, name));
    await waitConnected(page);
    await sidebarItem(page, "Talk number 21").waitFor();
    // The first page holds the 20 newest; the oldest is not on it.
    expect(await sidebarItem(page, "Oldest words about quokkas").count()).toBe(0);
    await page.getByTestId("session-search").fill("oldest");
    await sidebarItem(page, "Oldest words about quokkas").waitFor();
    expect(await sidebarTitles(page)).toEqual(["Oldest words about quokkas"]);
    expect(failures).toEqual([]);
  }, 90_000);

  it("exports one conversation as Markdown and as JSON (the session and its messages as the API returns them)", async () => {
    const { page, failures } = await openChat("Cooking pasta");
    const item = await openActions(page, "Airships");
    const airships = sessions.get("Airships")!;

    const [markdownFile] = await Promise.all([
      page.waitForEvent("download"),
      item.getByTestId("session-export-md").click(),
    ]);
    expect(markdownFile.suggestedFilename()).toBe(`${BOB} - Airships.md`);
    const markdown = readFileSync((await markdownFile.path())!, "utf8");
    expect(markdown.startsWith("# Airships\n")).toBe(true);
    expect(markdown).toContain(`Conversation with ${BOB} · 4 messages`);
    const headings = markdown.split("\n").filter((line) => line.startsWith("## "));
    expect(headings.map((line) => line.split(" · ")[0])).toEqual(["## You", `## ${BOB}`, "## You", `## ${BOB}`]);
    expect(markdown).toContain("\nThe zeppelin Hindenburg flew in 1936\n");
    expect(markdown).toContain("\nEcho: The zeppelin Hindenburg flew in 1936\n");

    const [jsonFile] = await Promise.all([
      page.waitForEvent("download"),
      item.getByTestId("session-export-json").click(),
    ]);
    expect(jsonFile.suggestedFilename()).toBe(`${BOB} - Airships.json`);
    const exported = JSON.parse(readFileSync((await jsonFile.path())!, "utf8")) as {
      session: SessionListItem;
      messages: Message[];
    };
    const session = await api<{ session: SessionListItem }>(sessionPath(BOB, airships));
    const messages = await api<{ messages: Message[] }>(`${sessionPath(BOB, airships)}/messages?limit=500`);
    expect(exported).toEqual({ session: session.session, messages: messages.messages });
    expect(exported.messages.map((message) => message.content)).toEqual([
      "Airships",
      "Echo: Airships",
      "The zeppelin Hindenburg flew in 1936",
      "Echo: The zeppelin Hindenburg flew in 1936",
    ]);
    expect(failures).toEqual([]);
  }, 90_000);

  it("searches every Locrit from the top bar (/ and Ctrl-K), grouped by Locrit; a result opens its message", async () => {
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(`${server.url}/my-locrits`);
    const field = page.getByTestId("search-all-input");
    await page.getByRole("heading", { name: "My Locrits" }).waitFor();
    await page.keyboard.press("/");
    expect(await field.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await field.inputValue()).toBe("");
    await field.press("Escape");
    await page.keyboard.press("Control+k");
    expect(await field.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);

    await field.fill("zeppelin");
    await field.press("Enter");
    await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === "zeppelin");
    const group = (name: string) => page.locator(`[data-testid="search-group"][data-locrit="${name}"]`);
    await group(CY).getByText("no match").waitFor();
    await group(ADA).getByTestId("search-result").first().waitFor();
    await group(BOB).getByTestId("search-result").first().waitFor();
    // Ada's and Bob's matches (each message and its echo), each under its Locrit; those without any last.
    expect(await group(ADA).getByTestId("search-result").count()).toBe(2);
    expect(await group(BOB).getByTestId("search-result").count()).toBe(2);
    const order = await page.getByTestId("search-group").evaluateAll((groups) =>
      groups
        .map((element) => ({ name: element.getAttribute("data-locrit"), top: element.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top)
        .map((entry) => entry.name),
    );
    expect(order).toEqual([ADA, BOB, CY, "Many Talks"]);
    expect(await group(BOB).locator("mark").first().innerText()).toMatch(/^zeppelin$/i);

    const firstOfBob = group(BOB).getByTestId("search-result").first();
    const text = await firstOfBob.innerText();
    await firstOfBob.click();
    await page.waitForURL(
      (url) =>
        url.pathname === `/my-locrits/${encodeURIComponent(BOB)}/memory-explorer` &&
        url.searchParams.get("session") === sessions.get("Airships") &&
        url.searchParams.get("message") !== null,
    );
    const highlighted = page.locator('[data-testid="stored-message"][data-highlighted]');
    await highlighted.waitFor();
    expect(text).toContain((await highlighted.getByTestId("message-content").innerText()).slice(0, 30));
    expect(failures).toEqual([]);
  }, 90_000);

  it("shows a toast for a saved setting and one for a deleted Locrit, each going by itself", async () => {
    await server.createLocrit({ name: "Short Lived" });
    const page = await context.newPage();
    await page.goto(`${server.url}/my-locrits`);
    await page.getByRole("button", { name: "Delete Short Lived" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    const toast = page.getByTestId("toast").filter({ hasText: "Short Lived deleted" });
    await toast.waitFor();
    // Announced politely by screen readers, from the region that holds the toasts.
    expect(await page.getByRole("region", { name: "Notifications" }).getAttribute("aria-live")).toBe("polite");
    await toast.waitFor({ state: "detached", timeout: 30_000 });

    // Dismissed at once by its button.
    await page.goto(`${server.url}/my-locrits/${encodeURIComponent(CY)}/settings`);
    await page.getByLabel("Description", { exact: true }).fill("Says little");
    await page.getByRole("button", { name: "Save changes" }).click();
    const saved = page.getByTestId("toast").filter({ hasText: `${CY}: settings saved` });
    await saved.waitFor();
    await saved.getByRole("button", { name: "Dismiss" }).click();
    await saved.waitFor({ state: "detached" });
  }, 90_000);

  it("shows the size meter from 80 % of the limit, refuses an oversized message and keeps it in the box", async () => {
    const page = await context.newPage();
    await page.goto(chatUrl(server.url, BOB));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    const input = page.getByTestId("chat-input");
    const meter = page.getByRole("meter", { name: "Message size" });

    await input.fill("a".repeat(Math.floor(LIMIT * 0.79)));
    expect(await meter.count()).toBe(0);
    await input.fill("a".repeat(Math.ceil(LIMIT * 0.8)));
    await meter.waitFor();
    await page
      .getByTestId("chat-size")
      .filter({ hasText: `/ 32,768 bytes · ${LIMIT - Math.ceil(LIMIT * 0.8)} bytes left` })
      .waitFor();
    expect(await page.getByTestId("chat-send").isEnabled()).toBe(true);

    const tooLong = `${"b".repeat(LIMIT)}!`;
    await input.fill(tooLong);
    await page.getByTestId("chat-too-large").filter({ hasText: "1 byte over the limit of 32,768 bytes" }).waitFor();
    expect(await meter.getAttribute("aria-valuenow")).toBe(String(LIMIT));
    expect(await page.getByTestId("chat-send").isDisabled()).toBe(true);
    await input.press("Enter");
    expect(await input.inputValue()).toBe(tooLong);
    expect(await page.getByTestId("chat-message-user").count()).toBe(0);
  }, 60_000);

  it("takes screenshots: the sidebar and search results, light, dark and phone-sized", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const colorScheme of ["light", "dark"] as const) {
      const { context: themed } = await newContext(browser, { colorScheme });
      const { page } = await openChat("Airships", themed);
      await page.getByTestId("chat-message-assistant").first().waitFor();
      await openActions(page, "Airships");
      await page.screenshot({ path: join(screenshotDir, `chat-sidebar-${colorScheme}-wide.png`) });
      await page.goto(`${server.url}/search?q=zeppelin`);
      await page.locator('[data-testid="search-group"]').getByTestId("search-result").first().waitFor();
      await page.screenshot({ path: join(screenshotDir, `search-all-${colorScheme}-wide.png`) });
      await themed.close();
    }
    const { context: phone } = await newContext(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const { page } = await openChat("Airships", phone);
    await page.getByRole("button", { name: "History" }).tap();
    await openActions(page, "Airships");
    await page.screenshot({ path: join(screenshotDir, "chat-sidebar-light-phone.png") });
    await page.goto(`${server.url}/search?q=zeppelin`);
    await page.locator('[data-testid="search-group"]').getByTestId("search-result").first().waitFor();
    await page.screenshot({ path: join(screenshotDir, "search-all-light-phone.png") });
    await phone.close();
  }, 120_000);
});

describe.skipIf(!chromiumAvailable)("e2e: a message the server still refuses as too large", () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // A server whose limit is below the default the page assumes when it cannot read /health.
    [app, browser] = await Promise.all([startTestApp({ webDistDir, maxMessageBytes: 1_000 }), launchBrowser()]);
    url = await app.listen();
    const created = await fetch(`${url}/api/locrits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Small Limit", model: "fake-model", base_url: "http://127.0.0.1:9", active: true }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("puts the refused text back into the box, with the server's reason", async () => {
    const { context, errors } = await newContext(browser);
    const page = await context.newPage();
    // The page cannot read /health (something in between blocks it): it does not know this server's limit.
    await page.route("**/health", (route) => route.abort());
    await page.goto(chatUrl(url, "Small Limit"));
    await page.getByTestId("new-conversation").click();
    await waitConnected(page);
    const input = page.getByTestId("chat-input");
    const text = "x".repeat(2_000);
    await input.fill(text);
    await input.press("Enter");
    await page.getByTestId("chat-error").filter({ hasText: "the limit is 1000" }).waitFor();
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toBe(text);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
