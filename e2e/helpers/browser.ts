import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  console.warn(
    [
      "",
      "!!! BROWSER TESTS SKIPPED: no Chromium at " + CHROMIUM_PATH + ".",
      "!!! Install it with `apt-get install chromium` (or run `.ci/run`, which installs it),",
      "!!! or point CHROMIUM_PATH at a Chromium binary, then run `npm test` again.",
      "",
    ].join("\n"),
  );
}

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary --user-data-dir,
 * so no profile, cache or storage leaks between runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
