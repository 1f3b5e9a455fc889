import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locrit, LocritExport, Memory, MemoryHistoryResponse, Message } from "@locrit/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { chatUrl, memoryUrl, newContext, sendChat, settingsUrl, waitConnected, waitForReply } from "./helpers/pages.js";

const NAME = "Miso Keeper";
const FACT = "My cat is called Miso.";
const EDITED = "My cat is called Miso and she is grey.";
const screenshotDir = join(import.meta.dirname, "screenshots");

/**
 * SPEC §7.3 in the browser: the Locrit writes a memory from a turn (the fake model server answers the
 * structured-output request with an `add` citing the user's message), the chat says so and links to it;
 * the memory shows its origin and source, its history, and Restore brings an old version back; with
 * extraction switched off in the settings, a turn writes nothing. The settings page exports the Locrit
 * and imports a file back.
 */
describe.skipIf(!chromiumAvailable)("e2e: memories the Locrit writes itself", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];

  const api = async <T>(rest: string): Promise<T> => {
    const response = await fetch(`${server.url}/api/locrits/${encodeURIComponent(NAME)}${rest}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const memories = async () => (await api<{ memories: Memory[] }>("/memory/memories")).memories;
  const memoryRow = (page: Page, id: string) => page.locator(`[data-testid="memory-row"][data-memory-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({ name: NAME, description: "Remembers on its own", memory_extraction: "auto" });
    ({ context, errors: pageErrors } = await newContext(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("says under the reply what it remembered from the turn, and links to that memory", async () => {
    const page = await context.newPage();
    await page.goto(`${chatUrl(server.url, NAME)}?session=cat`);
    await waitConnected(page);
    await sendChat(page, FACT);
    await waitForReply(page, `Echo: ${FACT}`);
    // The server's side first (the turn was queued as it completed), so a failure says which side failed.
    await server.app.app.memoryExtraction.whenIdle();
    const { messages } = await api<{ messages: Message[] }>("/memory/sessions/cat/messages?limit=500");
    const userMessage = messages.find((message) => message.role === "user")!;
    const storedReply = messages.find((message) => message.role === "assistant")!;
    expect(storedReply.metadata.memory_extraction).toMatchObject({ outcome: "added 1" });

    const note = page.getByTestId("chat-message-assistant").last().getByTestId("extraction-note");
    await note.filter({ hasText: "Remembered 1 new thing" }).waitFor();
    // What the note links to is the memory the server stored, written from the user's message.
    const [memory] = await memories();
    expect(memory).toMatchObject({ content: FACT, origin: "extracted", source_message_ids: [userMessage.id] });
    const link = note.getByTestId("extraction-memory-link");
    expect(await link.getAttribute("data-memory-id")).toBe(memory!.id);
    expect(await link.textContent()).toBe(`“${FACT}”`);
    await page.screenshot({ path: join(screenshotDir, "chat-extraction-note-light.png") });
    await link.click();

    await page.waitForURL(/tab=memories/);
    const row = memoryRow(page, memory!.id);
    await row.and(page.locator('[data-highlighted="true"]')).waitFor();
    expect(await row.getByTestId("memory-origin").textContent()).toBe(`Noted by ${NAME}`);
    // Its source: the user's message, a link into its conversation.
    await row.getByTestId("memory-sources").getByRole("button", { name: "From 1 message" }).click();
    const source = row.getByTestId("memory-source").getByRole("link");
    await source.filter({ hasText: FACT }).waitFor();
    expect(await source.getAttribute("href")).toContain(`message=${userMessage.id}`);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("lists an edited memory's versions, and Restore brings the first one back", async () => {
    const [memory] = await memories();
    const page = await context.newPage();
    await page.goto(`${memoryUrl(server.url, NAME)}?tab=memories`);
    const row = memoryRow(page, memory!.id);
    await row.getByRole("button", { name: "Edit memory" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit memory" });
    await dialog.getByLabel("What to remember").fill(EDITED);
    await dialog.getByRole("button", { name: "Save" }).click();
    await row.filter({ hasText: EDITED }).waitFor();

    await row.getByRole("button", { name: "Memory history" }).click();
    const history = page.getByRole("dialog", { name: "Memory history" });
    const versions = history.getByTestId("memory-version");
    await versions.nth(1).waitFor();
    // Newest first: the user's edit (current, nothing to restore), then what the Locrit wrote.
    expect(await versions.count()).toBe(2);
    expect(await versions.nth(0).getAttribute("aria-current")).toBe("true");
    expect(await versions.nth(0).getByTestId("memory-version-content").textContent()).toBe(EDITED);
    expect(await versions.nth(0).getByTestId("memory-version-changer").textContent()).toBe("by you");
    expect(await versions.nth(0).getByRole("button", { name: "Restore" }).count()).toBe(0);
    const first = history.locator('[data-testid="memory-version"][data-version="1"]');
    expect(await first.getByTestId("memory-version-content").textContent()).toBe(FACT);
    expect(await first.getByTestId("memory-version-changer").textContent()).toBe(`by ${NAME}`);
    await page.screenshot({ path: join(screenshotDir, "memory-history-light.png") });

    await first.getByRole("button", { name: "Restore" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Restore version 1?" });
    await confirm.getByRole("button", { name: "Restore" }).click();
    // The list updates: a third version, current, restored by the user; the memory says the fact again.
    await history.locator('[data-testid="memory-version"][data-version="3"][aria-current="true"]').waitFor();
    expect(await history.locator('[data-version="3"]').getAttribute("data-action")).toBe("restored");
    await page.keyboard.press("Escape");
    await row.filter({ hasText: FACT }).filter({ hasNotText: EDITED }).waitFor();
    const stored = await api<MemoryHistoryResponse>(`/memory/memories/${memory!.id}/history`);
    expect(stored.versions.map((version) => [version.action, version.content])).toEqual([
      ["created", FACT],
      ["updated", EDITED],
      ["restored", FACT],
    ]);
    expect((await memories()).map((each) => each.content)).toEqual([FACT]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("reads in dark mode", async () => {
    const [memory] = await memories();
    const { context: dark, errors } = await newContext(browser, { colorScheme: "dark" });
    const page = await dark.newPage();
    await page.goto(`${memoryUrl(server.url, NAME)}?tab=memories&memory=${memory!.id}`);
    await memoryRow(page, memory!.id).getByRole("button", { name: "Memory history" }).click();
    await page.getByRole("dialog", { name: "Memory history" }).getByTestId("memory-version").nth(2).waitFor();
    expect(/\bdark\b/.test((await page.locator("html").getAttribute("class")) ?? "")).toBe(true);
    await page.screenshot({ path: join(screenshotDir, "memory-history-dark.png") });
    expect(errors).toEqual([]);
    await dark.close();
  });

  it("undoes a deletion: the memory comes back with its id", async () => {
    const [memory] = await memories();
    const page = await context.newPage();
    await page.goto(`${memoryUrl(server.url, NAME)}?tab=memories`);
    await memoryRow(page, memory!.id).getByRole("button", { name: "Delete memory" }).click();
    await page
      .getByRole("alertdialog", { name: "Delete this memory?" })
      .getByRole("button", { name: "Delete" })
      .click();
    const undo = page.getByTestId("memory-deleted").getByRole("button", { name: "Undo" });
    await undo.waitFor();
    expect(await memoryRow(page, memory!.id).count()).toBe(0);
    expect(await memories()).toEqual([]);
    await undo.click();
    await memoryRow(page, memory!.id).filter({ hasText: FACT }).waitFor();
    await page.getByTestId("memory-deleted").waitFor({ state: "detached" });
    const stored = await api<MemoryHistoryResponse>(`/memory/memories/${memory!.id}/history`);
    expect(stored.versions.slice(-2).map((version) => [version.action, version.content])).toEqual([
      ["deleted", FACT],
      ["restored", FACT],
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("says why under the reply when the model's answer could not be used, and writes nothing", async () => {
    server.model.setBehaviour({ structured: { fault: "invalid-json" } });
    const asked = server.model.structuredRequests().length;
    const page = await context.newPage();
    await page.goto(`${chatUrl(server.url, NAME)}?session=lyon`);
    await waitConnected(page);
    await sendChat(page, "I live in Lyon.");
    await waitForReply(page, "Echo: I live in Lyon.");
    const note = page.getByTestId("chat-message-assistant").last().getByTestId("extraction-note");
    await note.and(page.locator('[data-outcome="failed"]')).waitFor();
    expect(await note.textContent()).toMatch(/^Could not update its memories: the model's answer was .+, twice$/);
    // Asked twice (the retry showed the model its mistake), then skipped.
    expect(server.model.structuredRequests().length).toBe(asked + 2);
    expect((await memories()).map((memory) => memory.content)).toEqual([FACT]);
    server.model.setBehaviour({ structured: {} });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("writes nothing after a turn once extraction is switched off in the settings", async () => {
    const page = await context.newPage();
    await page.goto(settingsUrl(server.url, NAME));
    const toggle = page.getByRole("switch", { name: "Writes its own memories" });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await toggle.click();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect((await api<{ locrit: Locrit }>("")).locrit.memory_extraction).toBe("off");

    const asked = server.model.structuredRequests().length;
    await page.goto(`${chatUrl(server.url, NAME)}?session=dog`);
    await waitConnected(page);
    await sendChat(page, "My dog is called Rex.");
    await waitForReply(page, "Echo: My dog is called Rex.");
    // The turn was handed to the extraction queue as it completed; once that is idle, nothing was asked or written.
    await server.app.app.memoryExtraction.whenIdle();
    expect(server.model.structuredRequests().length).toBe(asked);
    expect((await memories()).map((memory) => memory.content)).toEqual([FACT]);
    const { messages } = await api<{ messages: Message[] }>("/memory/sessions/dog/messages?limit=500");
    expect(messages.every((message) => message.metadata.memory_extraction === undefined)).toBe(true);
    expect(await page.getByTestId("extraction-note").count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("exports the Locrit from its settings and imports the file back under a new name, or says why not", async () => {
    const page = await context.newPage();
    await page.goto(settingsUrl(server.url, NAME));
    const card = page.getByTestId("locrit-transfer");
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByTestId("locrit-export").click()]);
    expect(download.suggestedFilename()).toBe("Miso_Keeper.locrit.json");
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as LocritExport;
    expect(exported.memories.map((memory) => memory.content)).toEqual([FACT]);

    const chooser = card.getByLabel("Import a Locrit from an export file");
    const importButton = card.getByRole("button", { name: "Import", exact: true });
    const error = card.getByTestId("locrit-import-error");
    await chooser.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not json") });
    await importButton.click();
    await error.filter({ hasText: "This file is not JSON" }).waitFor();
    const newer = { ...exported, format_version: exported.format_version + 1 };
    await chooser.setInputFiles({
      name: "newer.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(newer)),
    });
    await importButton.click();
    await error.filter({ hasText: String(newer.format_version) }).waitFor();

    await chooser.setInputFiles((await download.path())!);
    await importButton.click();
    const result = card.getByTestId("locrit-import-result");
    await result.waitFor();
    expect(await result.textContent()).toContain(`The name ${NAME} was taken, so it is ${NAME} (2).`);
    expect(await result.textContent()).toContain("3 conversations, 6 messages, 1 memory.");
    expect(await card.getByTestId("locrit-import-error").count()).toBe(0);
    const copy = await fetch(`${server.url}/api/locrits/${encodeURIComponent(`${NAME} (2)`)}/memory/memories`);
    expect(((await copy.json()) as { memories: Memory[] }).memories.map((memory) => memory.content)).toEqual([FACT]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
