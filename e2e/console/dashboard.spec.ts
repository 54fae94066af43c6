import { expect, test } from "@playwright/test";
import { consoleSignIn, DEMO } from "../support/helpers";

// The demo brand is seeded with orders over the last 90 days, so this month has figures.
test("the console home shows the demo brand's performance dashboard with its figures and charts", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await consoleSignIn(page, DEMO.email, DEMO.password);
  await page.goto("/console");

  const dashboard = page.getByTestId("performance-dashboard");
  await expect(dashboard).toBeVisible();
  // Headline figures: a number of active distributors and a GMV in yuan, neither zero.
  await expect(page.getByTestId("dashboard-figure-active-value")).toHaveText(/[1-9]/);
  await expect(page.getByTestId("dashboard-figure-gmv-value")).toHaveText(/¥\s?[\d,]*[1-9][\d,]*\.\d{2}/);
  await expect(page.getByTestId("dashboard-figure-commission-value")).toHaveText(/¥/);
  await expect(page.getByTestId("dashboard-figure-blocked-value")).toHaveText(/\d/);

  // The daily chart draws bars (recharts renders an SVG surface with one rectangle per day with sales).
  const daily = page.getByTestId("dashboard-daily-chart");
  await expect(daily.locator("svg.recharts-surface")).toBeVisible();
  await expect(daily.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("dashboard-channel-chart").locator("svg.recharts-surface")).toBeVisible();

  // The top-distributors table leads with a TOP badge and links to the distributor.
  const rows = page.getByTestId("dashboard-top-row");
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText("TOP");
  await expect(rows.first().getByRole("link").first()).toHaveAttribute("href", /\/console\/distributors\/[0-9a-f-]{36}$/);

  // A channel filter is kept in the URL and narrows the figures.
  await page.getByTestId("dashboard-channel").selectOption("tmall");
  await expect(page).toHaveURL(/channel=tmall/);
  await expect(page.getByTestId("dashboard-figure-gmv-value")).toBeVisible();

  // Every figure opens the list behind it: GMV → this month's orders on that channel.
  await page.getByTestId("dashboard-figure-gmv").click();
  await expect(page).toHaveURL(/\/console\/settlement\/orders\?.*paidFrom=\d{4}-\d{2}-01.*channel=tmall/);
});
