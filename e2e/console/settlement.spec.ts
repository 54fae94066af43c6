import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { freshPhone, uniqueSuffix } from "../support/helpers";

test("an order sent through the API is found by filter, explained on its detail page, settled and exported", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();

  // A fresh brand and an API key from the console.
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`结算品牌 ${suffix}`);
  await page.getByTestId("signup-slug").fill(`settle-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@settle.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);

  // Before any order, the orders list says how orders arrive.
  await page.goto("/console/settlement");
  await expect(page).toHaveURL(/\/console\/settlement\/orders/);
  await expect(page.getByTestId("orders-empty")).toContainText("API");

  await page.goto("/console/settings/api-keys");
  await page.getByTestId("api-key-name").fill("OMS");
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  const auth = { authorization: `Bearer ${secret}` };

  // Program, a rule, a distributor and two orders, through the public API.
  expect((await page.request.patch("/api/v1/program", { headers: auth, data: { commissionLevels: 1, afterSalesDays: 0 } })).status()).toBe(200);
  const rule = await page.request.post("/api/v1/commission-rules", {
    headers: auth,
    data: { name: "全场 10%", match: {}, tiers: [{ tier: 1, rateBp: 1000 }] },
  });
  expect(rule.status()).toBe(201);
  const dist = await page.request.post("/api/v1/distributors", { headers: auth, data: { name: "张小分", phone: freshPhone() } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };
  const paidAt = new Date(Date.now() - 3_600_000).toISOString();
  const ours = `TM${suffix}`.toUpperCase();
  for (const [externalId, amountFen] of [
    [ours, 25_800],
    [`JD${suffix}`.toUpperCase(), 9_900],
  ] as const) {
    const created = await page.request.post("/api/v1/orders", {
      headers: auth,
      data: {
        channel: externalId.startsWith("TM") ? "tmall" : "jd",
        externalId,
        status: "paid",
        buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
        referralCode: code,
        items: [{ sku: "TEA-1", category: "tea", quantity: 2, amountFen }],
        paidAt,
      },
    });
    expect(created.status()).toBe(201);
  }
  const completed = await page.request.post(`/api/v1/orders/tmall/${ours}/events`, {
    headers: auth,
    data: { type: "completed", at: new Date(Date.now() - 60_000).toISOString() },
  });
  expect(completed.status()).toBe(200);

  // The list shows both; the order-number filter narrows to ours, and the view survives a reload.
  await page.goto("/console/settlement/orders");
  await expect(page.getByTestId(/^order-row-/)).toHaveCount(2);
  await expect(page.getByTestId("settlement-status-pending")).toContainText("¥35.70");
  await page.getByTestId("orders-filter-externalId").fill(ours);
  await expect(page.getByTestId(/^order-row-/)).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`externalId=${ours}`));
  await page.getByTestId("orders-filter-channel").selectOption("tmall");
  await expect(page).toHaveURL(/channel=tmall/);
  await page.reload();
  await expect(page.getByTestId("orders-chip-externalId")).toContainText(ours);
  await expect(page.getByTestId("orders-chip-channel")).toContainText("天猫");
  const row = page.getByTestId(`order-row-${ours}`);
  await expect(row).toContainText("张小分");
  await expect(row).toContainText("¥258.00");
  await expect(row).toContainText("¥25.80");

  // Export the filtered list: a UTF-8 CSV with a BOM, Chinese headers and our order only.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("orders-export").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^结算品牌 ${suffix}-订单-\\d{8}\\.csv$`));
  const csv = await readFile(await download.path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split("\r\n");
  expect(lines[0]).toBe("渠道,订单号,付款时间,买家,实付金额（元）,已退款（元）,状态,归属分销商,分销商编码,归属方式,风控,佣金合计（元）");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`天猫,${ours},`);
  expect(lines[1]).toContain(",258.00,0.00,已完成,张小分,");

  // The detail: attribution, the commission with its rule and readable trace, the ledger.
  await row.getByRole("link", { name: ours }).click();
  await expect(page).toHaveURL(/\/console\/settlement\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("order-attribution")).toContainText(code);
  await expect(page.getByTestId("order-risk")).toContainText("没有命中风控规则");
  const commission = page.getByTestId("order-commission-1-TEA-1");
  await expect(commission).toContainText("全场 10% v1");
  await expect(commission.getByTestId("commission-trace")).toHaveText("¥25.80 = ¥258.00 × 10%，规则「全场 10%」v1，第 1 级");
  await expect(page.getByTestId("order-event-created")).toBeVisible();
  await expect(page.getByTestId("order-event-completed")).toContainText("API");
  await expect(page.getByTestId("journal-accrual")).toContainText("佣金费用");

  // Run the due settlement from the panel: our completed order's commission settles.
  await page.getByTestId("order-back").click();
  await expect(page.getByTestId("orders-chip-externalId")).toContainText(ours);
  await page.getByTestId("settlement-run").click();
  await expect(page.getByTestId("settlement-run-result")).toContainText("已结算 1 笔佣金，共 ¥25.80");
  await expect(page.getByTestId("settlement-status-settled")).toContainText("¥25.80");
  await expect(page.getByTestId("settlement-balanced")).toBeVisible();

  // The commissions tab filters by status; the settled one is ours, and its detail shows the settlement journal.
  await page.getByTestId("settlement-tab-commissions").click();
  await expect(page.getByTestId(/^commission-row-/)).toHaveCount(2);
  await page.getByTestId("commissions-filter-status").selectOption("settled");
  await expect(page.getByTestId(/^commission-row-/)).toHaveCount(1);
  await expect(page.getByTestId(/^commission-row-/)).toContainText(ours);
  await page.getByTestId(/^commission-row-/).getByRole("link", { name: ours }).click();
  await expect(page.getByTestId("journal-settlement")).toContainText("可提现");
});
