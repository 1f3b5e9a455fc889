import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Dialogue, DialogueWithMessagesResponse } from "@locrit/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext, watchFailures } from "./helpers/pages.js";

const screenshotDir = join(import.meta.dirname, "screenshots");
const ADA = "Ada Lovelock";
const BO = "Bo Technique";

/** Locrit-to-Locrit dialogues in the browser (SPEC §9): start one and watch it, reload while it runs. */
describe.skipIf(!chromiumAvailable)("e2e: dialogues", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  const fetchDialogue = async (id: string) =>
    (await (await fetch(`${server.url}/api/dialogues/${id}`)).json()) as DialogueWithMessagesResponse;
  const lines = (page: Page) => page.getByTestId("dialogue-line");
  const waitForStatus = (page: Page, status: string) =>
    page.getByTestId("dialogue-status").filter({ hasText: status }).first().waitFor({ timeout: 90_000 });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ context } = await newContext(browser));
    await server.createLocrit({ name: ADA, description: "A careful gardener" });
    await server.createLocrit({ name: BO, description: "A tinkering robot" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("starts a dialogue from the form and watches it to the end", async () => {
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Dialogues" }).click();
    await page.waitForURL(/\/dialogues$/);
    // The speaking order is the order of the picks.
    await page.locator("label", { hasText: ADA }).click();
    await page.locator("label", { hasText: BO }).click();
    expect(await page.getByRole("checkbox", { name: ADA }).isChecked()).toBe(true);
    await page.getByLabel("Topic").fill("Should robots keep gardens?");
    await page.getByLabel("Style").selectOption("debate");
    await page.getByLabel("Turns at most").fill("4");
    await page.getByRole("button", { name: "Start the dialogue" }).click();

    await page.waitForURL(/\/dialogues\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1)!);
    await waitForStatus(page, "finished");
    await expect.poll(() => lines(page).count()).toBe(4);
    expect(await lines(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-speaker")))).toEqual([
      ADA,
      BO,
      ADA,
      BO,
    ]);
    expect(await lines(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-status")))).toEqual([
      "complete",
      "complete",
      "complete",
      "complete",
    ]);
    // What the page shows is what the server stored.
    const stored = await fetchDialogue(id);
    expect(stored.dialogue).toMatchObject({ status: "finished", style: "debate", turns: 4 });
    expect(await page.getByTestId("dialogue-line-content").allTextContents()).toEqual(
      stored.messages.map((line) => line.content),
    );
    // The list shows it, finished.
    await page.getByRole("link", { name: "Dialogues" }).click();
    const listed = page.getByRole("list", { name: "Dialogues" }).getByRole("listitem").first();
    await listed.getByText("Should robots keep gardens?").waitFor();
    await listed.getByTestId("dialogue-status").filter({ hasText: "finished" }).waitFor();
    expect(failures).toEqual([]);
    await page.close();
  }, 150_000);

  it("carries on after a reload mid-dialogue, the line being said included", async () => {
    // Lines of 30 words, 200 ms apart: six seconds each, room to reload in the middle of one.
    server.model.setBehaviour({ tokenCount: 30, tokenDelayMs: 200 });
    const started = await fetch(`${server.url}/api/dialogues`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ participants: [BO, ADA], topic: "Is a lighthouse lonely?", max_turns: 3 }),
    });
    const { dialogue } = (await started.json()) as { dialogue: Dialogue };
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(`${server.url}/dialogues/${dialogue.id}`);
    // Ada speaks second, once: reload while her line is under way.
    const adaLine = page.locator(`[data-testid="dialogue-line"][data-speaker="${ADA}"]`);
    const adaText = async () =>
      ((await adaLine.getByTestId("dialogue-line-content").textContent()) ?? "").replace("▍", "");
    await expect.poll(adaText, { timeout: 60_000 }).toMatch(/^w1 w2 w3 w4 w5 /);
    expect(await adaLine.getAttribute("data-status")).toBe("streaming");
    const before = await adaText();
    await page.reload();
    // The line so far comes back and keeps growing, live, to its end.
    await expect.poll(adaText, { timeout: 30_000 }).toMatch(new RegExp(`^${before}`));
    await expect.poll(async () => (await adaText()).length, { timeout: 30_000 }).toBeGreaterThan(before.length + 6);
    await waitForStatus(page, "finished");
    await expect.poll(() => lines(page).count()).toBe(3);
    const stored = await fetchDialogue(dialogue.id);
    expect(await page.getByTestId("dialogue-line-content").allTextContents()).toEqual(
      stored.messages.map((line) => line.content),
    );
    expect(failures).toEqual([]);
    await page.close();
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
  }, 150_000);

  it("deletes a dialogue that is not running, from its page and from the list, after a confirmation", async () => {
    const start = async (topic: string, maxTurns: number) => {
      const started = await fetch(`${server.url}/api/dialogues`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ participants: [ADA, BO], topic, max_turns: maxTurns }),
      });
      return ((await started.json()) as { dialogue: Dialogue }).dialogue;
    };
    const statusOf = async (id: string) => (await fetch(`${server.url}/api/dialogues/${id}`)).status;
    const deleteButton = (page: Page, topic: string) =>
      page.getByRole("button", { name: `Delete the dialogue “${topic}”` });
    const confirmDialog = (page: Page) => page.getByRole("alertdialog");
    const listItem = (page: Page, topic: string) =>
      page.getByRole("list", { name: "Dialogues" }).getByRole("listitem").filter({ hasText: topic });

    // Slow lines: the first dialogue is still running while the test looks for a Delete.
    server.model.setBehaviour({ tokenCount: 30, tokenDelayMs: 200 });
    const running = await start("Do gardens dream?", 2);
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(`${server.url}/dialogues`);
    await listItem(page, "Do gardens dream?").getByTestId("dialogue-status").filter({ hasText: "running" }).waitFor();
    expect(await deleteButton(page, "Do gardens dream?").count()).toBe(0);
    await page.goto(`${server.url}/dialogues/${running.id}`);
    await page.getByRole("button", { name: "Stop" }).waitFor();
    expect(await deleteButton(page, "Do gardens dream?").count()).toBe(0);
    await page.getByRole("button", { name: "Stop" }).click();
    await waitForStatus(page, "stopped");

    // Stopped: Delete asks first; Cancel keeps it, Delete removes it and goes back to the list.
    await deleteButton(page, "Do gardens dream?").click();
    await confirmDialog(page).getByRole("button", { name: "Cancel" }).click();
    await confirmDialog(page).waitFor({ state: "detached" });
    expect(await statusOf(running.id)).toBe(200);
    await deleteButton(page, "Do gardens dream?").click();
    await confirmDialog(page).getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/dialogues$/);
    await page.getByText("Dialogue deleted").waitFor();
    expect(await statusOf(running.id)).toBe(404);
    await confirmDialog(page).waitFor({ state: "detached" });
    await listItem(page, "Should robots keep gardens?").waitFor();
    await expect.poll(() => listItem(page, "Do gardens dream?").count(), { timeout: 30_000 }).toBe(0);

    // From the list: a finished one; the list updates without a reload.
    server.model.setBehaviour({ tokenCount: undefined, tokenDelayMs: 15 });
    const finished = await start("Is rain music?", 1);
    await expect
      .poll(async () => (await fetchDialogue(finished.id)).dialogue.status, { timeout: 60_000 })
      .toBe("finished");
    await page.reload();
    await listItem(page, "Is rain music?").getByTestId("dialogue-status").filter({ hasText: "finished" }).waitFor();
    await deleteButton(page, "Is rain music?").click();
    await confirmDialog(page).getByRole("button", { name: "Delete" }).click();
    // While the dialog is open the page behind it is hidden from roles: wait for it to close first.
    await confirmDialog(page).waitFor({ state: "detached", timeout: 30_000 });
    await listItem(page, "Should robots keep gardens?").waitFor();
    await expect.poll(() => listItem(page, "Is rain music?").count(), { timeout: 30_000 }).toBe(0);
    expect(await statusOf(finished.id)).toBe(404);
    // The others stay.
    expect(await listItem(page, "Should robots keep gardens?").count()).toBe(1);
    expect(failures).toEqual([]);
    await page.close();
  }, 150_000);

  it("takes screenshots: the dialogue and the list, light and dark", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const list = (await (await fetch(`${server.url}/api/dialogues`)).json()) as { dialogues: Dialogue[] };
    const finished = list.dialogues.find((dialogue) => dialogue.topic === "Should robots keep gardens?")!;
    for (const colorScheme of ["light", "dark"] as const) {
      const { context: themed } = await newContext(browser, { colorScheme });
      const page = await themed.newPage();
      await page.goto(`${server.url}/dialogues/${finished.id}`);
      await lines(page).first().waitFor();
      await page.screenshot({ path: join(screenshotDir, `dialogue-${colorScheme}-wide.png`), fullPage: true });
      await page.goto(`${server.url}/dialogues`);
      await page.getByRole("list", { name: "Dialogues" }).getByRole("listitem").first().waitFor();
      await page.screenshot({ path: join(screenshotDir, `dialogues-${colorScheme}-wide.png`), fullPage: true });
      await themed.close();
    }
  }, 120_000);
});
