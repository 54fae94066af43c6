import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { brandWithApi, freshPhone, uniqueSuffix } from "../support/helpers";

/** The receiver's own check of Fenxiao-Signature (node:crypto only), as the API docs describe it. */
function verifies(header: string, body: string, secret: string) {
  const parts = header.split(",").map((p) => p.split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const v1 = parts.filter(([k]) => k === "v1").map(([, v]) => v!);
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const mac = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return v1.some((s) => Buffer.from(s, "hex").length === mac.length && crypto.timingSafeEqual(Buffer.from(s, "hex"), mac));
}

test("a webhook endpoint added in the console receives signed events for an API order, and the delivery log shows them", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  try {
    const suffix = uniqueSuffix();
    const ctx = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const staff = await ctx.newPage();
    const { auth, api } = await brandWithApi(staff, `hooks-${suffix}`, suffix);

    await staff.goto("/console/settings/webhooks");
    await staff.getByTestId("webhook-url").fill(url);
    await staff.getByTestId("webhook-description").fill("OMS");
    await staff.getByTestId("webhook-event-order.attributed").check();
    await staff.getByTestId("webhook-event-commission.created").check();
    await staff.getByTestId("webhook-create").click();
    const secret = (await staff.getByTestId("webhook-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await staff.getByTestId("webhook-secret-done").click();
    await expect(staff.getByTestId("webhook-secret")).toHaveCount(0);

    const dist = await api.post("/api/v1/distributors", { headers: auth, data: { name: "钩子分销", phone: freshPhone() } });
    const { code } = (await dist.json()) as { code: string };
    const order = await api.post("/api/v1/orders", {
      headers: auth,
      data: {
        channel: "tmall",
        externalId: `WH${suffix}`.toUpperCase(),
        status: "paid",
        buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
        referralCode: code,
        items: [{ sku: "TEA-1", quantity: 1, amountFen: 10_000 }],
        paidAt: new Date().toISOString(),
      },
    });
    expect(order.status()).toBe(201);

    // Delivered after commit by the in-process dispatcher (no Inngest in the e2e deployment).
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const types = received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types.slice(0, 2)).toEqual(["order.attributed", "commission.created"]);
    for (const r of received) expect(verifies(String(r.headers["fenxiao-signature"]), r.body, secret)).toBe(true);

    await staff.reload();
    const rows = staff.getByTestId(/^webhook-delivery-/);
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("已送达");
    await rows.first().getByRole("button").click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await ctx.close();
  } finally {
    server.close();
  }
});
