import path from "node:path";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { signUpBrand, uniqueSuffix } from "../support/helpers";

const FIXTURES = path.join(import.meta.dirname, "../../server/orders/import/fixtures");

test("a brand imports a Pinduoduo GBK export, sees it complete with its counts, and downloads the error report of a refund file for orders it lacks", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();

  // A fresh brand: its import history is empty and says what to do.
  await signUpBrand(page, { name: `导入品牌 ${suffix}`, slug: `import-${suffix}`, email: `owner-${suffix}@import.test` });
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

test("a brand maps its own ERP export by hand, status values included, and a known export can be mapped by hand too", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  await signUpBrand(page, { name: `映射品牌 ${suffix}`, slug: `mapping-${suffix}`, email: `owner-${suffix}@mapping.test` });
  await page.goto("/console/settlement/import");

  // Its status 已付款 is no platform's: the mapping says what it means.
  const erp = "单号,状态,付款时间,金额,商品编码\nE-1001,已付款,2025-11-11 10:00:00,88.00,SKU-1\nE-1002,已签收,2025-11-11 11:00:00,66.00,SKU-2\n";
  await page.getByTestId("import-file").setInputFiles({ name: "erp.csv", mimeType: "text/csv", buffer: Buffer.from(erp) });
  await expect(page.getByTestId("import-refused")).toContainText("状态");
  const fields: Record<string, string> = { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "商品编码" };
  for (const [field, header] of Object.entries(fields)) await page.getByTestId(`mapping-field-${field}`).selectOption(header);
  await page.getByTestId("mapping-name").fill("ERP");
  await page.getByTestId("mapping-value-add").click();
  await page.getByTestId("mapping-value-label-0").fill("已付款");
  await page.getByTestId("mapping-value-meaning-0").selectOption("paid");
  await page.getByTestId("mapping-save").click();
  const detail = page.getByTestId("import-detail");
  await expect(detail).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  // Both rows import: 已付款 by the brand's value, 已签收 by the built-in ones.
  await expect(page.getByTestId("import-count-created")).toHaveText("2");

  // "Map by hand" on an export the import recognises: its headers, for the editor; nothing imported.
  await page.getByTestId("import-manual").check();
  await page.getByTestId("import-file").setInputFiles(path.join(FIXTURES, "pdd-orders.gbk.csv"));
  await expect(page.getByTestId("import-refused")).toContainText("商家实收金额");
  await expect(page.getByTestId("mapping-editor")).toBeVisible();
});

test("a brand imports the legacy Taobao item report by picking it with its order report, and is told to when it picks it alone", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  await signUpBrand(page, { name: `旧版淘宝 ${suffix}`, slug: `legacy-${suffix}`, email: `owner-${suffix}@legacy.test` });
  await page.goto("/console/settlement/import");

  // The 宝贝报表 alone has no payment time, buyer or amount paid: refused, naming the 订单报表.
  const items = path.join(FIXTURES, "taobao-items-legacy.gbk.csv");
  await page.getByTestId("import-file").setInputFiles(items);
  await expect(page.getByTestId("import-refused")).toContainText("订单报表");

  // Both picked at once: the browser sends them as one ZIP, and the lines import with their orders.
  const pair = unzipSync(new Uint8Array(await readFile(path.join(FIXTURES, "taobao-legacy-pair.zip"))));
  const orderReport = Object.entries(pair).find(([name]) => name.startsWith("ExportOrderList"));
  if (!orderReport) throw new Error("the fixture ZIP has no 订单报表");
  await page.getByTestId("import-file").setInputFiles([
    { name: "宝贝报表.csv", mimeType: "text/csv", buffer: await readFile(items) },
    { name: "订单报表.csv", mimeType: "text/csv", buffer: Buffer.from(orderReport[1]) },
  ]);
  const detail = page.getByTestId("import-detail");
  await expect(detail).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("import-count-created")).toHaveText("3");
  await expect(page.getByTestId("import-history")).toContainText("订单报表");
});
