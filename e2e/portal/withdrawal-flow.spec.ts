import { expect, test } from "@playwright/test";
import { brandWithApi, freshPhone, portalSignIn, staffPage, uniqueSuffix } from "../support/helpers";

/**
 * A withdrawal end to end (issue 9), the distributor on a phone: verify identity, request a
 * bank-card withdrawal and see the tax estimate before confirming; staff approve it, export the
 * bank batch and import the bank's result file; the distributor sees it paid with the net amount.
 */
test("a distributor verifies, withdraws ¥1,000 with ¥40 tax withheld, and sees ¥960 paid after the bank batch", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const suffix = uniqueSuffix();
  const slug = `wd-${suffix}`;
  const staff = await staffPage(browser, baseURL);
  const { auth, api } = await brandWithApi(staff, slug, suffix);

  // ¥2,000 of commission settled: one tier, a ¥20,000 order at 10%, completed with a zero-day window.
  expect((await api.patch("/api/v1/program", { headers: auth, data: { commissionLevels: 1, afterSalesDays: 0 } })).status()).toBe(200);
  const phone = freshPhone();
  const dist = await api.post("/api/v1/distributors", { headers: auth, data: { name: "王提现", phone } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };
  const externalId = `JD${suffix}`.toUpperCase();
  const order = await api.post("/api/v1/orders", {
    headers: auth,
    data: {
      channel: "jd",
      externalId,
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
      referralCode: code,
      items: [{ sku: "TEA-GIFT", category: "tea", quantity: 1, amountFen: 2_000_000 }],
      paidAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  expect(order.status()).toBe(201);
  const completed = await api.post(`/api/v1/orders/jd/${externalId}/events`, {
    headers: auth,
    data: { type: "completed", at: new Date(Date.now() - 60_000).toISOString() },
  });
  expect(completed.status()).toBe(200);
  await staff.goto("/console/settlement/orders");
  await staff.getByTestId("settlement-run").click();
  await expect(staff.getByTestId("settlement-run-result")).toContainText("2,000.00");

  // The distributor verifies identity (the sensitive-information consent is its own box).
  await page.goto(`/d/${slug}`);
  await portalSignIn(page, phone);
  await page.goto(`/d/${slug}/identity`);
  await page.getByTestId("identity-realName").fill("王提现");
  await page.getByTestId("identity-idNumber").fill("11010519491231002X");
  await page.getByTestId("identity-bankCard").fill("4111111111111111");
  await page.getByTestId("identity-bankName").fill("招商银行");
  await page.getByTestId("identity-phone").fill(phone);
  await page.getByTestId("identity-consent").check();
  await page.getByTestId("identity-submit").click();
  await expect(page.getByTestId("identity-saved")).toBeVisible();
  await expect(page.getByTestId("identity-summary")).toContainText("**** 1111");
  await expect(page.getByTestId("identity-summary")).not.toContainText("4111111111111111");

  // ¥1,000 to the bank card: labour remuneration (1,000 − 800) × 20% = ¥40 withheld, ¥960 net.
  await page.goto(`/d/${slug}/withdraw`);
  await expect(page.getByTestId("available")).toContainText("2,000.00");
  await page.getByTestId("channel-bank").check();
  await page.getByTestId("withdraw-amount").fill("1000");
  await expect(page.getByTestId("quote-tax")).toContainText("40.00");
  await expect(page.getByTestId("quote-net")).toContainText("960.00");
  await page.getByTestId("withdraw-confirm").click();
  await expect(page.getByTestId("withdraw-requested")).toBeVisible();
  await expect(page.getByTestId("available")).toContainText("1,000.00");
  const link = page.getByTestId(/^withdrawal-W/);
  await expect(link).toHaveCount(1);
  const outBillNo = ((await link.getAttribute("data-testid")) ?? "").replace(/^withdrawal-/, "");
  const detailPath = (await link.getAttribute("href")) ?? "";
  const withdrawalId = detailPath.split("/").pop() ?? "";
  expect(withdrawalId).not.toBe("");

  // Finance approves it, exports the bank batch, and imports the bank's result file.
  await staff.goto(`/console/withdrawals/${withdrawalId}`);
  await expect(staff.getByTestId("withdrawal-review")).toContainText(outBillNo);
  await staff.getByTestId("approve").click();
  await expect(staff.getByTestId("timeline")).toContainText(/已通过|Approved/);
  await staff.goto("/console/payouts/bank-batches");
  await staff.getByTestId("bank-batch-export").click();
  await expect(staff.getByTestId("bank-batch-created")).toBeVisible();
  await staff.locator('[data-testid^="bank-batch-import-file-"]').first().setInputFiles({
    name: "bank-result.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`商户单号,金额,状态\n${outBillNo},960.00,成功\n`, "utf8"),
  });
  await expect(staff.getByTestId("bank-batch-report")).toContainText(outBillNo);

  // The distributor sees it paid, with the net amount and the whole timeline.
  await page.goto(detailPath);
  await expect(page.getByTestId("withdrawal-detail")).toContainText(/已到账|Paid/);
  await expect(page.getByTestId("detail-net")).toContainText("960.00");
  await expect(page.getByTestId("portal-timeline")).toContainText(/已到账|Paid/);
  await staff.context().close();
});
