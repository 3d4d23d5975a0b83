import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

/**
 * Keeps a full-page screenshot as `<STAFFROOM_SCREENSHOTS>/<name>.png` when that variable is
 * set (to look at the screens a test passed through); does nothing otherwise.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.STAFFROOM_SCREENSHOTS;
  if (dir === undefined || dir === "") return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
