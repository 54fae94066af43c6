import { expect, test, type Page } from "@playwright/test";
import { brandWithApi, freshPhone, portalSignIn, staffPage, uniqueSuffix } from "../support/helpers";

/**
 * The money path end to end (issue 8): a rule made in the console, an order through the public
 * API, the distributor seeing it pending in the portal, completion past the after-sales window,
 * the settlement run, the money available, then a refund clawing it back.
 */
test("a commission goes pending → available → clawed back, as the distributor sees it", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const suffix = uniqueSuffix();
  const slug = `earn-${suffix}`;

  // Brand staff, on a desktop: a fresh brand, a 10% rule from the console, an API key.
  const staff = await staffPage(browser, baseURL);
  const { auth, api } = await brandWithApi(staff, slug, suffix);

  // One tier, settle as soon as the order completes; a distributor and a ¥200.00 order.
  expect((await api.patch("/api/v1/program", { headers: auth, data: { commissionLevels: 1, afterSalesDays: 0 } })).status()).toBe(200);
  const phone = freshPhone();
  const dist = await api.post("/api/v1/distributors", { headers: auth, data: { name: "李分享", phone } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };
  const externalId = `TM${suffix}`.toUpperCase();
  const created = await api.post("/api/v1/orders", {
    headers: auth,
    data: {
      channel: "tmall",
      externalId,
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
      referralCode: code,
      items: [{ sku: "TEA-1", category: "tea", quantity: 1, amountFen: 20_000 }],
      paidAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  expect(created.status()).toBe(201);

  // The distributor, on a phone: the commission is pending, with its reason.
  await page.goto(`/d/${slug}`);
  await portalSignIn(page, phone);
  await expect(page.getByTestId("portal-home")).toBeVisible();
  await page.goto(`/d/${slug}/earnings`);
  await expectBalances(page, { pending: "20.00", available: "0.00", arrears: "0.00" });
  const row = page.getByTestId("earning-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-state", "pending");
  await expect(row.getByTestId("earning-why")).toContainText("¥20.00");
  await expect(row.getByTestId("earning-why")).toContainText("全场 10%");

  // Completed a minute ago with a zero-day window: due now. Staff run the settlement.
  const completed = await api.post(`/api/v1/orders/tmall/${externalId}/events`, {
    headers: auth,
    data: { type: "completed", at: new Date(Date.now() - 60_000).toISOString() },
  });
  expect(completed.status()).toBe(200);
  await staff.goto("/console/settlement/orders");
  await staff.getByTestId("settlement-run").click();
  await expect(staff.getByTestId("settlement-run-result")).toContainText("¥20.00");

  await page.reload();
  await expectBalances(page, { pending: "0.00", available: "20.00", arrears: "0.00" });
  await expect(row).toHaveAttribute("data-state", "settled");

  // A full refund after settlement claws the ¥20.00 back out of what is available.
  const refunded = await api.post(`/api/v1/orders/tmall/${externalId}/events`, {
    headers: auth,
    data: { type: "refund", refundId: `R${suffix}`, items: [{ sku: "TEA-1", amountFen: 20_000 }], at: new Date().toISOString() },
  });
  expect(refunded.status()).toBe(200);
  await page.reload();
  await expectBalances(page, { pending: "0.00", available: "0.00", arrears: "0.00" });
  await expect(row).toHaveAttribute("data-state", "refunded");
  await staff.context().close();
});

async function expectBalances(page: Page, want: { pending: string; available: string; arrears: string }) {
  for (const [key, yuan] of Object.entries(want)) {
    await expect(page.getByTestId(`balance-${key}`)).toContainText(yuan);
  }
}
