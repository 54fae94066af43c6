/** The month-close Inngest function, run with @inngest/test against a real database. */
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { monthCloses, tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createJobFunctions } from "@/server/jobs/functions";
import { moneyBrand } from "@/server/orders/testing";
import { lastEndedMonth } from "./team-bonus/period";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("month-close job", () => {
  it("closes the last ended month for every brand once", async () => {
    const tenantId = await moneyBrand(t);
    // A brand that existed before last month ended (the owner connection, outside any tenant).
    await t.db.update(tenants).set({ createdAt: new Date(Date.now() - 70 * 86_400_000) }).where(eq(tenants.id, tenantId));
    const fns = createJobFunctions(() => Promise.resolve(t.db));
    const engine = () => new InngestTestEngine({ function: fns.find((f) => f.id() === "month-close")! as never });
    const month = lastEndedMonth(new Date());
    const { result } = await engine().execute();
    expect(result).toMatchObject({ month, failures: 0 });
    expect((result as { closed: number }).closed).toBeGreaterThanOrEqual(1);
    const again = await engine().execute();
    expect(again.result).toMatchObject({ month, closed: 0, failures: 0 });
    const rows = await withTenant(t.db, tenantId, (tx) => tx.select().from(monthCloses).where(eq(monthCloses.month, month)));
    expect(rows).toHaveLength(1);
  });
});
