import { expect, test } from "@playwright/test";
import { brandWithApi, freshPhone, portalSignIn, staffPage, uniqueSuffix } from "../support/helpers";

/**
 * Team bonus end to end (issue 12): the brand sets a ladder in the console, a team lead's team
 * sells through the public API, the lead sees the ladder and this month's progress in the
 * portal, the console closes last month, and the lead sees that month's calculation and the
 * bonus available.
 */
const SHANGHAI = 8 * 3_600_000;
/** A moment on the 10th of last month, Shanghai time, and that month as YYYY-MM. */
function lastMonth() {
  const s = new Date(Date.now() + SHANGHAI);
  const first = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1, 10, 4) - SHANGHAI;
  const d = new Date(first + SHANGHAI);
  return { at: new Date(first), month: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}` };
}

test("a team lead sees the ladder and progress; the console closes a month and the bonus is available", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const suffix = uniqueSuffix();
  const slug = `team-${suffix}`;
  const staff = await staffPage(browser, baseURL);
  const { auth, api } = await brandWithApi(staff, slug, suffix);
  expect((await api.patch("/api/v1/program", { headers: auth, data: { commissionLevels: 3, afterSalesDays: 0 } })).status()).toBe(200);

  // Ladder: from ¥1,000 → 1%, from ¥3,000 → 2% (small, so a few orders reach it).
  await staff.goto("/console/team-bonus");
  await staff.getByTestId("ladder-team-lead").fill("1000 1\n3000 2");
  await staff.getByTestId("team-bonus-settings-save").click();
  await expect(staff.getByTestId("team-bonus-settings")).toContainText(/已保存|Saved/);

  // The lead and one member of its team.
  const leadPhone = freshPhone();
  const lead = await api.post("/api/v1/distributors", { headers: auth, data: { name: "王团长", phone: leadPhone, role: "team_lead" } });
  expect(lead.status()).toBe(201);
  const { code: leadCode } = (await lead.json()) as { code: string };
  const member = await api.post("/api/v1/distributors", { headers: auth, data: { name: "李成员", phone: freshPhone(), uplineCode: leadCode } });
  const { code: memberCode } = (await member.json()) as { code: string };

  const order = (externalId: string, amountFen: number, at: Date) =>
    api.post("/api/v1/orders", {
      headers: auth,
      data: {
        channel: "tmall",
        externalId,
        status: "completed",
        buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
        referralCode: memberCode,
        items: [{ sku: "TEA-1", quantity: 1, amountFen }],
        paidAt: new Date(at.getTime() - 3_600_000).toISOString(),
        completedAt: at.toISOString(),
      },
    });
  const last = lastMonth();
  // Last month: ¥1,200.00 settled → 1% = ¥12.00. This month so far: ¥500.00.
  expect((await order(`TB${suffix}A`.toUpperCase(), 120_000, last.at)).status()).toBe(201);
  expect((await order(`TB${suffix}B`.toUpperCase(), 50_000, new Date(Date.now() - 120_000))).status()).toBe(201);

  // The lead, on a phone: the ladder, this month's ¥500.00 and ¥500.00 to go to 1%.
  await page.goto(`/d/${slug}`);
  await portalSignIn(page, leadPhone);
  await expect(page.getByTestId("portal-home")).toBeVisible();
  await page.getByTestId("home-bonus").click();
  await expect(page.getByTestId("team-bonus-ladder")).toContainText("1,000.00");
  await expect(page.getByTestId("team-bonus-ladder")).toContainText("3,000.00");
  await expect(page.getByTestId("team-bonus-gmv")).toContainText("500.00");
  await expect(page.getByTestId("team-bonus-next")).toContainText("500.00");
  await expect(page.getByTestId("level-progress")).toBeVisible();

  // Staff close last month: one statement, ¥12.00.
  await staff.goto("/console/team-bonus");
  await staff.getByTestId("month-close-month").fill(last.month);
  await staff.getByTestId("month-close-button").click();
  await expect(staff.getByTestId("month-close-result")).toContainText("12.00");
  await expect(staff.getByTestId(`month-closed-${last.month}`)).toBeVisible();
  await expect(staff.getByTestId(`statement-${leadCode}-${last.month}`)).toContainText("1,200.00");
  // Closing it again changes nothing.
  await staff.getByTestId("month-close-button").click();
  await expect(staff.getByTestId("month-close-result")).toContainText(last.month);

  // The lead sees last month's calculation and the bonus available.
  await page.reload();
  await expect(page.getByTestId(`team-bonus-period-${last.month}`)).toContainText("12.00");
  await page.goto(`/d/${slug}/earnings`);
  await expect(page.getByTestId("balance-available")).toContainText("12.00");
  await staff.context().close();
});
