/**
 * The endpoint-disabled mail, end to end: a real receiver fails until the dispatcher disables
 * the endpoint, and the dev mail outbox shows who was told (owners and admins, once each), with
 * what; nothing when the endpoint stays on, or when the disable rolls back.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { listMailOutbox } from "@/server/email/outbox";
import { ADMIN } from "@/server/network/test-helpers";
import { inviteStaff, joinWithNewAccount } from "@/server/tenancy/staff";
import { createBrandFixture } from "@/server/testing/fixtures";
import type { EmailProvider } from "@/server/email/provider";
import { deliverTenant, type DispatchOptions } from "./deliver";
import { mailEndpointDisabled } from "./disabled-notice";
import { redeliver } from "./deliveries";
import { createEndpoint } from "./endpoints";
import { emitRiskCaseOpened } from "./emit";
import { startReceiver, type Receiver } from "./testing";

let t: Database;
let rx: Receiver;
beforeAll(async () => {
  t = await createTestDatabase();
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await t.close();
});

const LOCAL: DispatchOptions = { allowPrivate: true, timeoutMs: 2_000, disableAfterFailures: 2 };

/** A brand with an owner, an admin and an operator, and one endpoint on the receiver. */
async function team() {
  const b = await createBrandFixture(t, "Notice Brand");
  const people = {
    owner: b.email,
    admin: `admin@${b.slug}.test`,
    operator: `operator@${b.slug}.test`,
  };
  for (const role of ["admin", "operator"] as const) {
    const inv = await withTenant(t.db, b.tenantId, (tx) =>
      inviteStaff(
        tx,
        { type: "staff", id: b.ownerUserId },
        { email: people[role], role },
        { appUrl: "http://x.test", tenantSlug: b.slug },
      ),
    );
    await joinWithNewAccount(t.db, {
      slug: b.slug,
      token: inv.link.split("/").at(-1)!,
      name: `The ${role}`,
      password: "fresh-pass-123",
    });
  }
  // A URL of its own, so the mail is seen to name this brand's endpoint.
  const url = `${rx.url}/${b.slug}`;
  const made = await withTenant(t.db, b.tenantId, (tx) =>
    createEndpoint(tx, ADMIN, { url, events: ["risk.case_opened"] }, { allowPrivate: true }),
  );
  return { tenantId: b.tenantId, url, endpointId: made.endpoint.id, people };
}

async function emit(tenantId: string, caseIds: string[]) {
  await withTenant(t.db, tenantId, async (tx) => {
    for (const caseId of caseIds) {
      await emitRiskCaseOpened(tx, tenantId, {
        caseId,
        subjectType: "member",
        subjectId: caseId,
        verdict: "review",
        rules: [],
        openedAt: new Date().toISOString(),
      });
    }
  });
}

const mailTo = async (to: string) => listMailOutbox(t.db, { to });

describe("endpoint disabled notice", () => {
  it("mails each owner and admin once, with the URL, the reason and the link; not plain staff", async () => {
    const b = await team();
    await emit(b.tenantId, ["n1", "n2"]);
    rx.script.push(503, 503);
    expect(await deliverTenant(t.db, b.tenantId, LOCAL)).toMatchObject({
      attempted: 2,
      disabled: 1,
    });

    for (const who of [b.people.owner, b.people.admin]) {
      const mails = await mailTo(who);
      expect(mails).toHaveLength(1);
      const m = mails[0]!;
      expect(m.subject).toContain("Webhook 端点已被停用");
      expect(m.subject).toContain("A webhook endpoint was disabled");
      expect(m.body).toContain(b.url);
      expect(m.body).toContain("HTTP 503");
      expect(m.body).toContain("2 failed deliveries in a row");
      expect(m.body).toContain("连续 2 次投递失败");
      expect(m.body).toMatch(/https?:\/\/\S+\/console\/settings\/webhooks/);
      expect(m.body).toContain("Notice Brand");
    }
    expect(await mailTo(b.people.operator)).toEqual([]);

    // Already off: a manual redelivery failing again does not disable (or mail) a second time.
    const [d] = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).limit(1),
    );
    await withTenant(t.db, b.tenantId, (tx) => redeliver(tx, d!.id));
    rx.script.push(503);
    expect(await deliverTenant(t.db, b.tenantId, LOCAL)).toMatchObject({
      attempted: 1,
      disabled: 0,
    });
    expect(await mailTo(b.people.owner)).toHaveLength(1);
  });

  it("mails nobody while the endpoint stays enabled", async () => {
    const b = await team();
    await emit(b.tenantId, ["s1", "s2"]);
    rx.script.push(500);
    // One failure (below the limit of two), then a success that resets the count.
    expect(await deliverTenant(t.db, b.tenantId, LOCAL)).toMatchObject({
      attempted: 2,
      disabled: 0,
    });
    for (const who of Object.values(b.people)) expect(await mailTo(who)).toEqual([]);
  });

  it("one person's failed send does not keep the notice from the others", async () => {
    const b = await team();
    const sent: string[] = [];
    const flaky: EmailProvider = {
      name: "outbox",
      send: (m) =>
        m.to === b.people.owner
          ? Promise.reject(new Error("mailbox full"))
          : Promise.resolve(void sent.push(m.to)),
    };
    const notice = {
      url: b.url,
      failures: 20,
      statusCode: null,
      error: "timed out after 10000 ms",
    };
    expect(await mailEndpointDisabled(t.db, b.tenantId, notice, flaky)).toBe(1);
    expect(sent).toEqual([b.people.admin]);
  });

  it("mails nobody when the transaction that disabled the endpoint rolls back", async () => {
    const b = await team();
    await emit(b.tenantId, ["r1", "r2"]);
    // The first failure disables the endpoint (limit 1); recording the second attempt, later in
    // the same transaction, then fails for this brand alone, so the disable rolls back after
    // its notice was already asked for.
    const fn = `fail_after_disable_${b.tenantId.replaceAll("-", "")}`;
    await t.db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$ begin
        if new.tenant_id = '${b.tenantId}' and exists (select 1 from webhook_endpoints e
            where e.tenant_id = new.tenant_id and not e.enabled) then
          raise exception 'injected failure';
        end if;
        return new; end $$`),
    );
    await t.db.execute(
      sql.raw(
        `create trigger ${fn} before insert on webhook_attempts for each row execute function ${fn}()`,
      ),
    );
    try {
      rx.script.push(500, 500);
      await expect(
        deliverTenant(t.db, b.tenantId, { ...LOCAL, disableAfterFailures: 1 }),
      ).rejects.toThrow();
    } finally {
      await t.db.execute(sql.raw(`drop trigger ${fn} on webhook_attempts`));
      await t.db.execute(sql.raw(`drop function ${fn}()`));
    }
    const [e] = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select({ enabled: webhookEndpoints.enabled }).from(webhookEndpoints),
    );
    expect(e).toEqual({ enabled: true });
    for (const who of Object.values(b.people)) expect(await mailTo(who)).toEqual([]);
  });
});
