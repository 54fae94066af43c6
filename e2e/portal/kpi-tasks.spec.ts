import { expect, test } from "@playwright/test";
import { brandWithApi, freshPhone, portalSignIn, staffPage, uniqueSuffix } from "../support/helpers";

/**
 * KPI tasks and leaderboards (issue 12 items 4–5): staff create a monthly GMV task in the
 * console and edit its target; two distributors sell through the public API; one of them sees the task's progress
 * bar and the leaderboard — the other distributor's name masked, its own in full.
 */
test("a distributor sees a KPI task's progress bar and the leaderboard", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const suffix = uniqueSuffix();
  const slug = `kpi-${suffix}`;
  const staff = await staffPage(browser, baseURL);
  const { auth, api } = await brandWithApi(staff, slug, suffix);

  // A GMV target of ¥1,000.00 this month with a ¥88.00 reward…
  await staff.goto("/console/kpi-tasks");
  await staff.getByTestId("kpi-name").fill("本月冲刺");
  await staff.getByTestId("kpi-metric").selectOption("gmv");
  await staff.getByTestId("kpi-target").fill("1000");
  await staff.getByTestId("kpi-reward").fill("88");
  await staff.getByTestId("kpi-save").click();
  const row = staff.getByTestId(/^kpi-row-/).filter({ hasText: "本月冲刺" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId(/^target-/)).toContainText("¥1,000.00");

  // …edited down to ¥500.00: the form opens prefilled, refuses a bad amount on its field, saves.
  await row.getByTestId(/^edit-/).click();
  const dialog = staff.getByTestId("kpi-edit-dialog");
  await expect(dialog.getByTestId("kpi-edit-name")).toHaveValue("本月冲刺");
  await expect(dialog.getByTestId("kpi-edit-target")).toHaveValue("1000.00");
  await expect(dialog.getByTestId("kpi-edit-reward")).toHaveValue("88.00");
  await dialog.getByTestId("kpi-edit-target").fill("5.001");
  await dialog.getByTestId("kpi-edit-save").click();
  await expect(dialog.locator("#kpi-edit-target-error")).toBeVisible();
  await dialog.getByTestId("kpi-edit-target").fill("500");
  await dialog.getByTestId("kpi-edit-save").click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId(/^target-/)).toContainText("¥500.00");
  await expect(row.getByTestId(/^target-/)).not.toContainText("1,000");

  const phone = freshPhone();
  const me = (await (await api.post("/api/v1/distributors", { headers: auth, data: { name: "李分享", phone } })).json()) as { code: string };
  const rival = (await (await api.post("/api/v1/distributors", { headers: auth, data: { name: "王大卖", phone: freshPhone() } })).json()) as { code: string };
  const sell = async (code: string, amountFen: number, n: number) => {
    const res = await api.post("/api/v1/orders", {
      headers: auth,
      data: {
        channel: "tmall",
        externalId: `KPI${suffix}${n}`.toUpperCase(),
        status: "paid",
        buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
        referralCode: code,
        items: [{ sku: "TEA-1", quantity: 1, amountFen }],
        paidAt: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    expect(res.status()).toBe(201);
  };
  await sell(me.code, 20_000, 1);
  await sell(rival.code, 35_000, 2);

  await page.goto(`/d/${slug}`);
  await portalSignIn(page, phone);
  await expect(page.getByTestId("portal-home")).toBeVisible();
  await page.getByTestId("home-tasks").click();
  await expect(page.getByTestId("tasks-page")).toBeVisible();

  // ¥200.00 of ¥500.00: the bar stands at 40%.
  const task = page.getByTestId(/^task-/).filter({ hasText: "本月冲刺" });
  await expect(task.getByTestId("task-progress")).toHaveAttribute("aria-valuenow", "40");
  await expect(task.getByTestId("task-progress-text")).toContainText("200.00");
  await expect(task.getByTestId("task-progress-text")).toContainText("500.00");

  // This week's GMV board: the rival first, masked; me second, in full.
  const board = page.getByTestId("leaderboard");
  await board.getByTestId("board-period-week").click();
  await board.getByTestId("board-metric-gmv").click();
  await expect(board.getByTestId("board-row-1").getByTestId("board-name")).toHaveText("王*卖");
  await expect(board.getByTestId("board-row-2").getByTestId("board-name")).toHaveText("李分享");
  await expect(board.getByTestId("board-row-2")).toContainText("200.00");
  await staff.context().close();
});
