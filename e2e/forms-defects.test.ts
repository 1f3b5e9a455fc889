import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import {
  chatUrl,
  memoryUrl,
  newContext,
  sendChat,
  settingsUrl,
  waitConnected,
  watchFailures,
} from "./helpers/pages.js";

/** Issue 19's defects outside the chat: the create and settings forms, the dashboard, the words. */
describe.skipIf(!chromiumAvailable)("e2e: forms, layout and words (issue 19)", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ context } = await newContext(browser, { viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("(4, 10) creates nothing until a model is picked, and offers the in-process model", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/create-locrit`);
    await page.getByLabel("Name", { exact: true }).fill("Picky Pat");
    await page.locator('#create-model option[value="fake-model"]').waitFor({ state: "attached" });
    const create = page.getByRole("button", { name: "Create Locrit" });
    expect(await page.getByLabel("Model", { exact: true }).inputValue()).toBe("");
    expect(await create.isDisabled()).toBe(true);
    await page.getByText("Choose a model to create the Locrit.").waitFor();

    // The in-process model (SPEC §11) can be picked.
    const embedded = page.locator('#create-provider option[value="embedded"]');
    expect(await embedded.isDisabled()).toBe(false);
    expect(await embedded.innerText()).toBe("Embedded (in-process)");

    await page.getByLabel("Model", { exact: true }).selectOption("fake-model");
    await create.click();
    await page.waitForURL(/Picky%20Pat\/chat/);
    const stored = (await (await fetch(`${server.url}/api/locrits/Picky%20Pat`)).json()) as {
      locrit: { model: string };
    };
    expect(stored.locrit.model).toBe("fake-model");

    // A model typed by hand (the server cannot list its models) counts as chosen too.
    await page.goto(`${server.url}/create-locrit`);
    await page.getByLabel("Name", { exact: true }).fill("Typist Tom");
    await page.getByLabel("Model server URL").fill("http://127.0.0.1:9");
    const typed = page.locator("input#create-model");
    await typed.waitFor();
    expect(await create.isDisabled()).toBe(true);
    await typed.fill("my-own-model");
    expect(await create.isEnabled()).toBe(true);
    await page.close();
  }, 90_000);

  it("(5) settings: the server URL and provider are not cut, and the Save bar never covers the model's hint", async () => {
    await server.createLocrit({ name: "Layout Lea", base_url: "http://model-server.home.example.org:11434" });
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(settingsUrl(server.url, "Layout Lea"));
      const url = page.getByLabel("Model server URL");
      await url.waitFor();
      // On a phone a long URL scrolls inside its field like any text; on a computer screen it shows whole.
      if (viewport.width > 1000)
        expect(await url.evaluate((input) => input.scrollWidth <= input.clientWidth)).toBe(true);

      const provider = page.getByLabel("Provider");
      await provider.selectOption("openai-compatible");
      // The selected option's text must fit inside the select, beside its arrow.
      const fits = await provider.evaluate((select) => {
        const style = select.ownerDocument.defaultView.getComputedStyle(select);
        const canvas = select.ownerDocument.createElement("canvas").getContext("2d");
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = canvas.measureText(select.selectedOptions[0]!.text).width;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return text <= room;
      });
      expect(fits, `provider select at ${viewport.width}px`).toBe(true);

      // Arriving on the Model field by keyboard: its hint shows above the Save bar, not under it.
      await page.getByLabel("Model", { exact: true }).focus();
      const hint = await page.getByTestId("model-hint").boundingBox();
      const bar = await page.getByTestId("settings-save-bar").boundingBox();
      expect(hint!.y + hint!.height, `at ${viewport.width}px`).toBeLessThanOrEqual(bar!.y);
      await page.close();
    }
  }, 90_000);

  it("(5) the dashboard's System card wraps between words, never inside one", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const line = page.getByTestId("system-model-server");
    await line.filter({ hasText: "reachable" }).waitFor();
    for (let width = 320; width <= 700; width += 6) {
      await page.setViewportSize({ width, height: 800 });
      // Every word but the URL (which may break anywhere) sits on one line.
      const split = await line.evaluate((element) => {
        const broken: string[] = [];
        const document = element.ownerDocument;
        const walker = document.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? "";
          for (const match of text.matchAll(/\S+/g)) {
            if (match[0].includes("://")) continue;
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
            if (tops.size > 1) broken.push(match[0]);
          }
        }
        return broken;
      });
      expect(split, `at ${width}px`).toEqual([]);
    }
    await page.close();
  }, 90_000);

  it("(7) no favicon 404, and renaming a Locrit asks nothing under its old name", async () => {
    await server.createLocrit({ name: "Old Name" });
    const page = await context.newPage();
    const failures = watchFailures(page);
    await page.goto(settingsUrl(server.url, "Old Name"));
    await page.getByLabel("Name", { exact: true }).waitFor();
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect((await fetch(new URL(icon!, server.url))).status).toBe(200);

    await page.getByLabel("Name", { exact: true }).fill("New Name");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/New%20Name\/settings/);
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    // What a refetch storm would need to show up.
    await page.waitForTimeout(1_000);
    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);

  it("(9) says Deactivate on a Locrit card, conversations everywhere, and counts in correct English", async () => {
    // Its model is missing, so each conversation holds one message: the user's, not answered.
    await server.createLocrit({ name: "Wordy Will", model: "no-such-model" });
    const page = await context.newPage();
    await page.goto(`${server.url}/my-locrits`);
    const card = page.getByTestId("locrit-card-Wordy Will");
    await card.getByRole("button", { name: "Deactivate Wordy Will" }).click();
    await card.getByRole("button", { name: "Activate Wordy Will" }).waitFor();
    expect(await card.getByRole("button", { name: /^Stop/ }).count()).toBe(0);
    await card.getByRole("button", { name: "Activate Wordy Will" }).click();
    await card.getByRole("button", { name: "Deactivate Wordy Will" }).waitFor();

    await page.goto(chatUrl(server.url, "Wordy Will"));
    await waitConnected(page);
    await sendChat(page, "Just one");
    await page.getByTestId("chat-error").waitFor();

    await page.goto(memoryUrl(server.url, "Wordy Will"));
    await page.getByRole("tab", { name: "Conversations" }).click();
    expect(await page.getByRole("tab", { name: "Sessions" }).count()).toBe(0);
    const row = page.getByTestId("session-row").first();
    await row.getByText("1 message").waitFor();
    expect(await row.innerText()).not.toContain("websocket_user");
    await row.getByRole("button", { name: /Delete/ }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("Delete this conversation?").waitFor();
    await dialog.getByText("Its 1 message is deleted with it.").waitFor();
    await page.close();
  }, 60_000);
});
