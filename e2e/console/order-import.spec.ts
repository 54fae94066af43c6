import path from "node:path";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { uniqueSuffix } from "../support/helpers";

const FIXTURES = path.join(import.meta.dirname, "../../server/orders/import/fixtures");

test("a brand imports a Pinduoduo GBK export, sees it complete with its counts, and downloads the error report of a refund file for orders it lacks", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();

  // A fresh brand: its import history is empty and says what to do.
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`导入品牌 ${suffix}`);
  await page.getByTestId("signup-slug").fill(`import-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@import.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);
  await page.goto("/console/settlement/import");
  await expect(page.getByTestId("import-empty")).toBeVisible();

  // The order export: recognised, imported in the background, progress runs to done.
  await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "pdd-orders.gbk.csv"));
  const detail = page.getByTestId("import-detail");
  await expect(detail).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("import-progress")).toHaveAttribute("aria-valuenow", "100");
  expect(Number(await page.getByTestId("import-count-created").textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId("import-history")).toContainText("pdd-orders.gbk.csv");

  // The same file again changes nothing.
  await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "pdd-orders.gbk.csv"));
  await expect(detail).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("import-count-created")).toHaveText("0");

  // A refund export with a row for an order the brand lacks: rows to check, and the report.
  await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "taobao-refunds.csv"));
  await expect(detail).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("import-issues")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByTestId("import-report").click();
  const file = await readFile(await (await download).path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  // A file nobody recognises is refused with its headers and a mapping editor.
  await page.getByTestId("import-file").setInputFiles({ name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from("单号,金额\nA1,10.00\n") });
  await expect(page.getByTestId("import-refused")).toContainText("单号");
  await expect(page.getByTestId("mapping-editor")).toBeVisible();
});
