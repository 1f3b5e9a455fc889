import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser } from "./helpers/browser.js";
import { startE2eServer, type E2eServer } from "./helpers/e2e-server.js";
import { newContext, settingsUrl, watchFailures } from "./helpers/pages.js";

const NAME = "Bob Technique";

/** The owner edits a Locrit's public page in its settings: a preview as typed, and the link to the page. */
describe.skipIf(!chromiumAvailable)("e2e: the public page in a Locrit's settings", () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    await server.createLocrit({
      name: NAME,
      public_page: { title: "Ask Bob", description: "Bikes", welcome_message: "Hello!", avatar: "", theme: "green" },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("previews the page as it is typed and links to it, saying when visitors cannot open it", async () => {
    const { context, errors } = await newContext(browser);
    const page = await context.newPage();
    errors.push(...watchFailures(page));
    await page.goto(settingsUrl(server.url, NAME));
    const preview = page.getByTestId("public-page-preview");
    await preview.filter({ hasText: "Ask Bob" }).waitFor();
    expect(await preview.textContent()).toContain("Hello!");

    await page.getByLabel("Page title").fill("Bob's bike corner");
    await page.getByLabel("Welcome message").fill("Flat tyre? Tell me.");
    await preview.filter({ hasText: "Bob's bike corner" }).waitFor();
    expect(await preview.textContent()).toContain("Flat tyre? Tell me.");

    const link = page.getByRole("link", { name: "Open the public page ↗" });
    expect(await link.getAttribute("href")).toBe(`/public/${encodeURIComponent(NAME)}`);
    // Not open to the internet yet: the owner is told what visitors will see.
    expect(await page.getByText("not open to visitors").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
