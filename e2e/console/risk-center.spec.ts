import { expect, test } from "@playwright/test";
import { brandWithApi, freshPhone, uniqueSuffix } from "../support/helpers";

test("an order from a blacklisted phone is held for review; a reviewer releases it and the commission becomes pending", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const { auth, api } = await brandWithApi(page, `risk-${suffix}`, suffix, 10);

  const dist = await api.post("/api/v1/distributors", { headers: auth, data: { name: "王风控", phone: freshPhone() } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };

  // The reviewer lists the buyer's phone on the brand's blacklist in the Risk Control Center.
  const buyerPhone = freshPhone();
  await page.goto("/console");
  await page.getByRole("link", { name: "风控中心" }).click();
  await expect(page).toHaveURL(/\/console\/risk\/queue/);
  await page.getByTestId("risk-tab-blacklist").click();
  await page.getByTestId("bl-kind").selectOption("phone");
  await page.getByTestId("bl-value").fill(buyerPhone);
  await page.getByTestId("bl-reason").fill("已知套现号码");
  await page.getByTestId("bl-add").click();
  await expect(page.getByTestId("bl-list")).toContainText(buyerPhone.slice(-4));

  // An order from that phone: the blacklist rule sends it to review and its commission is held.
  const externalId = `TM${suffix}`.toUpperCase();
  const created = await api.post("/api/v1/orders", {
    headers: auth,
    data: {
      channel: "tmall",
      externalId,
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: buyerPhone }] },
      referralCode: code,
      items: [{ sku: "TEA-1", quantity: 1, amountFen: 20_000 }],
      paidAt: new Date(Date.now() - 600_000).toISOString(),
    },
  });
  expect(created.status()).toBe(201);
  const order = (await created.json()) as { risk: { verdict: string; rules: { code: string }[] } };
  expect(order.risk.verdict).toBe("review");
  expect(order.risk.rules.map((r) => r.code)).toContain("blacklist");
  const before = (await (await api.get(`/api/v1/distributors/${code}`, { headers: auth })).json()) as { balances: { heldFen: number; pendingFen: number } };
  expect(before.balances).toMatchObject({ heldFen: 2_000, pendingFen: 0 });

  // It waits in the queue with its held commission and rule.
  await page.getByTestId("risk-tab-queue").click();
  const row = page.getByTestId(`risk-row-${externalId}`);
  await expect(row).toContainText("¥20.00");
  await expect(row).toContainText("黑名单");
  await row.getByRole("link", { name: externalId }).click();

  // The review view shows the evidence; the reviewer approves with a reason.
  await expect(page.getByTestId("risk-order-review")).toBeVisible();
  await expect(page.getByTestId("risk-rule-blacklist")).toBeVisible();
  await page.getByTestId("approve").click();
  await page.getByTestId("decision-reason").fill("核实为真实买家，手机号已换主");
  await page.getByTestId("confirm-decision").click();
  await expect(page.getByTestId("decision-history")).toContainText("核实为真实买家");

  // The held commission is released: pending now, and the order has left the waiting queue.
  const after = (await (await api.get(`/api/v1/distributors/${code}`, { headers: auth })).json()) as { balances: { heldFen: number; pendingFen: number } };
  expect(after.balances).toMatchObject({ heldFen: 0, pendingFen: 2_000 });
  await page.goto("/console/risk/queue");
  await expect(page.getByTestId(`risk-row-${externalId}`)).toHaveCount(0);
  await page.goto("/console/risk/queue?state=approved");
  await expect(page.getByTestId(`risk-row-${externalId}`)).toContainText("已通过");
});

test("an order from a blacklisted phone is rejected by the reviewer: the distributor's held amount disappears and nothing becomes payable", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const { auth, api } = await brandWithApi(page, `riskrej-${suffix}`, suffix, 10);
  const dist = await api.post("/api/v1/distributors", { headers: auth, data: { name: "李驳回", phone: freshPhone() } });
  expect(dist.status()).toBe(201);
  const { code } = (await dist.json()) as { code: string };

  // The brand's system lists a phone through the API; an order from that phone is held.
  const buyerPhone = freshPhone();
  const listed = await api.post("/api/v1/risk/blacklist", { headers: auth, data: { kind: "phone", value: buyerPhone, reason: "刷单号码" } });
  expect(listed.status()).toBe(201);
  const externalId = `JD${suffix}`.toUpperCase();
  const created = await api.post("/api/v1/orders", {
    headers: auth,
    data: {
      channel: "jd",
      externalId,
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: buyerPhone }] },
      referralCode: code,
      items: [{ sku: "TEA-1", quantity: 1, amountFen: 30_000 }],
      paidAt: new Date(Date.now() - 600_000).toISOString(),
    },
  });
  expect(created.status()).toBe(201);
  expect(((await created.json()) as { risk: { verdict: string } }).risk.verdict).toBe("review");
  const balances = async () =>
    ((await (await api.get(`/api/v1/distributors/${code}`, { headers: auth })).json()) as { balances: { heldFen: number; pendingFen: number; availableFen: number } }).balances;
  expect(await balances()).toMatchObject({ heldFen: 3_000, pendingFen: 0 });

  // The reviewer opens it from the queue and rejects it with a reason.
  await page.goto("/console/risk/queue");
  const row = page.getByTestId(`risk-row-${externalId}`);
  await expect(row).toContainText("¥30.00");
  await row.getByRole("link", { name: externalId }).click();
  await expect(page.getByTestId("risk-order-review")).toBeVisible();
  await page.getByTestId("reject").click();
  await page.getByTestId("decision-reason").fill("同一号码批量下单，确认刷单");
  await page.getByTestId("confirm-decision").click();
  await expect(page.getByTestId("decision-history")).toContainText("确认刷单");

  // The held ¥30 is gone (not released to pending, not payable), and the order is listed as rejected.
  expect(await balances()).toMatchObject({ heldFen: 0, pendingFen: 0, availableFen: 0 });
  await page.goto("/console/risk/queue?state=rejected");
  await expect(page.getByTestId(`risk-row-${externalId}`)).toContainText("已驳回");

  // The workbench's risk card counts it and the commission kept back, and leads to the queue.
  await page.goto("/console");
  await expect(page.getByTestId("dashboard-risk-review")).toContainText("1");
  await expect(page.getByTestId("dashboard-risk-withheld")).toContainText("¥30.00");
  await page.getByTestId("dashboard-risk-review").click();
  await expect(page).toHaveURL(/\/console\/risk\/queue\?state=all/);
  await expect(page.getByTestId(`risk-row-${externalId}`)).toBeVisible();
});
