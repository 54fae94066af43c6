import { expect, test } from "@playwright/test";
import { consoleSignIn, DEMO, freshPhone, uniqueSuffix } from "../support/helpers";

/**
 * The demo brand's console home is its performance dashboard. A test deployment seeds the demo
 * brand without orders (DEMO_ORDERS defaults to 0 there), so the spec sends two of its own through
 * the public API, for a distributor of its own, and reads them back: that distributor's row in
 * the top table carries exactly their GMV, the brand's figures include them, the charts draw.
 */
test("the dashboard shows the demo brand's figures and a chart", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  await page.setViewportSize({ width: 1366, height: 900 });
  await consoleSignIn(page, DEMO.email, DEMO.password);

  await page.goto("/console/settings/api-keys");
  await page.getByTestId("api-key-name").fill(`Dashboard e2e ${suffix}`);
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  const auth = { authorization: `Bearer ${secret}` };

  const name = `看板分销 ${suffix}`;
  const dist = await page.request.post("/api/v1/distributors", { headers: auth, data: { name, phone: freshPhone() } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };
  const paidAt = new Date(Date.now() - 60_000).toISOString();
  for (const [externalId, channel, amountFen] of [
    [`DB${suffix}A`.toUpperCase(), "tmall", 12_300],
    [`DB${suffix}B`.toUpperCase(), "jd", 45_600],
  ] as const) {
    const created = await page.request.post("/api/v1/orders", {
      headers: auth,
      data: { channel, externalId, status: "paid", buyer: { identities: [{ kind: "phone", value: freshPhone() }] }, referralCode: code, items: [{ sku: "TEA-1", quantity: 1, amountFen }], paidAt },
    });
    expect(created.status()).toBe(201);
  }

  await page.goto("/console");
  await expect(page.getByTestId("performance-dashboard")).toBeVisible();
  // Headline figures: at least our distributor is active, and GMV is at least our ¥579.00.
  await expect(page.getByTestId("dashboard-figure-active-value")).toHaveText(/[1-9]/);
  await expect(page.getByTestId("dashboard-figure-gmv-value")).toHaveText(/¥\s?[\d,]*[1-9][\d,]*\.\d{2}/);
  await expect(page.getByTestId("dashboard-figure-commission-value")).toHaveText(/¥/);
  await expect(page.getByTestId("dashboard-figure-blocked-value")).toHaveText(/\d/);

  // Our distributor's row: exactly its two orders' GMV, linking to the distributor.
  const row = page.getByTestId("dashboard-top-row").filter({ hasText: name });
  await expect(row).toContainText("¥579.00");
  await expect(row.getByRole("link", { name })).toHaveAttribute("href", /\/console\/distributors\/[0-9a-f-]{36}$/);

  // The daily chart draws (recharts: an SVG surface with a bar for today), and the channel mix.
  const daily = page.getByTestId("dashboard-daily-chart");
  // The chart's own surface (role "application"), not the legend's icons (also recharts surfaces).
  await expect(daily.locator("svg.recharts-surface[role=application]")).toBeVisible();
  await expect(daily.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("dashboard-channel-chart").locator("svg.recharts-surface[role=application]")).toBeVisible();

  // The channel filter is kept in the URL and narrows the table to that channel's GMV.
  await page.getByTestId("dashboard-channel").selectOption("jd");
  await expect(page).toHaveURL(/channel=jd/);
  await expect(page.getByTestId("dashboard-top-row").filter({ hasText: name })).toContainText("¥456.00");

  // Every figure opens the list behind it: GMV → this month's orders on that channel.
  await page.getByTestId("dashboard-figure-gmv").click();
  await expect(page).toHaveURL(/\/console\/settlement\/orders\?/);
  const params = new URL(page.url()).searchParams;
  expect(params.get("channel")).toBe("jd");
  expect(params.get("paidFrom")).toMatch(/^\d{4}-\d{2}-01$/);
});
