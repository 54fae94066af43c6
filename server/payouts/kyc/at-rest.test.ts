/**
 * ID and card numbers are never stored in clear (issue 9 tests: "a pg_dump contains no ID or card
 * number in clear"), and key rotation moves every stored value to the new key.
 *
 * On real Postgres (TEST_DATABASE_URL) the run's fresh database is dumped with `pg_dump`, schema
 * and data, and the dump is searched. On PGlite, where there is no pg_dump, every row of every
 * table in every schema is cast to text (all columns at once, jsonb included) and searched.
 * Both also run the row scan, so a mistake in either method still fails.
 */
import crypto from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/db/client";
import { distributorIdentities } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { runCommand } from "@/server/cli/commands";
import { DEV_PII_KEYRING } from "@/server/env-policy";
import { env } from "@/server/env";
import { chain } from "@/server/network/test-helpers";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture } from "@/server/testing/fixtures";
import { createPiiCipher, decryptPii } from "@/server/payouts/crypto/pii";
import { reencryptPii } from "@/server/payouts/crypto/reencrypt";
import { saveGateway } from "@/server/payouts/gateways/store";
import { idCheckCharacter } from "./validate";

const run = promisify(execFile);

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

/** Numbers no other test file uses, so a hit can only come from this file's submissions. */
const first17 = `44052419880615${Math.floor(100 + Math.random() * 900)}`;
const ID = first17 + idCheckCharacter(first17);
const CARD = `62220212${String(Math.floor(Math.random() * 1e10)).padStart(10, "0")}`;
const GATEWAY_SECRET = `gw-secret-${crypto.randomUUID()}`;

async function submit(tenantId: string, slug: string, memberId: string, over: Record<string, string> = {}) {
  const s = await createPortalSession(t.db, tenantId, memberId);
  const caller = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.80" }));
  return caller.portalIdentity.submit({
    slug,
    realName: "赵六",
    idNumber: ID,
    bankCard: CARD,
    bankName: "中国银行",
    phone: "13900139000",
    alipayAccount: "",
    incomeType: "labour",
    sensitiveConsentVersion: 0,
    ...over,
  });
}

/** Rows, in any table of any schema, whose text form contains `needle` (run as the owner: no RLS). */
async function rowsContaining(needle: string): Promise<string[]> {
  const tables = rowsOf<{ s: string; t: string }>(
    await t.db.execute(sql`
      select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  expect(tables.length).toBeGreaterThan(30);
  const hits: string[] = [];
  for (const { s, t: name } of tables) {
    const r = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from ${sql.identifier(s)}.${sql.identifier(name)} x where x::text like ${`%${needle}%`}`),
    );
    if (r[0]!.n) hits.push(`${s}.${name}`);
  }
  return hits;
}

describe("at rest", () => {
  it("after submitting identity and a gateway secret, no table holds the ID, card number or secret in clear (and pg_dump finds none on Postgres)", async () => {
    const b = await createBrandFixture(t, "At rest");
    const [d] = await chain(t.db, b.tenantId, ["Holder"]);
    await submit(b.tenantId, b.slug, d!.memberId);
    // The brand's payout gateway secret is sealed the same way.
    await withTenant(t.db, b.tenantId, (tx) => saveGateway(tx, { type: "staff", id: b.ownerUserId }, { channel: "flexible", appId: "fx-app", secret: GATEWAY_SECRET, gatewayUrl: "https://8.8.8.8/" }));
    expect(await rowsContaining(GATEWAY_SECRET)).toEqual([]);
    // The scan does find what is there: the stored mask.
    expect(await rowsContaining(`${ID.slice(0, 6)}********${ID.slice(-4)}`)).toEqual(["public.distributor_identities"]);
    expect(await rowsContaining(ID)).toEqual([]);
    expect(await rowsContaining(CARD)).toEqual([]);
    // Nor the part of the ID between the region and the last four (the birth date and sequence).
    expect(await rowsContaining(ID.slice(6, 14) + ID.slice(14, 17))).toEqual([]);

    const url = inject("testDatabaseUrl");
    if (url) {
      const { stdout } = await run("pg_dump", ["--no-owner", "--no-privileges", url], { maxBuffer: 512 * 1024 * 1024 });
      expect(stdout).toContain("distributor_identities");
      expect(stdout).toContain(`${ID.slice(0, 6)}********${ID.slice(-4)}`);
      expect(stdout).not.toContain(ID);
      expect(stdout).not.toContain(CARD);
      expect(stdout).toContain("payout_gateways");
      expect(stdout).not.toContain(GATEWAY_SECRET);
    }
  });
});

describe("key rotation (pii:reencrypt)", () => {
  const k2 = `k2:${Buffer.alloc(32, 42).toString("base64")}`;

  it("old values still open under the new ring; the command moves every value to the new key id, then finds nothing to do", async () => {
    const b = await createBrandFixture(t, "Rotation");
    const holders = await chain(t.db, b.tenantId, ["R1", "R2", "R3"]);
    for (const [i, h] of holders.entries()) {
      const id = `1101051990010100${i}`;
      await submit(b.tenantId, b.slug, h.memberId, { idNumber: id + idCheckCharacter(id), bankCard: `411111111111111${i}` });
    }
    const stored = () =>
      withTenant(t.db, b.tenantId, (tx) => tx.select({ id: distributorIdentities.idNumberEnc, card: distributorIdentities.bankCardEnc }).from(distributorIdentities));
    const before = await stored();
    expect(before.every((r) => r.id!.startsWith("dev:") && r.card!.startsWith("dev:"))).toBe(true);
    expect(env.PII_ENCRYPTION_KEYS).toBe(DEV_PII_KEYRING);

    const rotated = createPiiCipher(`${k2},${DEV_PII_KEYRING}`);
    expect(rotated.decrypt(before[0]!.id!)).toBe(decryptPii(before[0]!.id!));

    const lines: string[] = [];
    await runCommand(t, ["pii:reencrypt", "--tenant", b.slug], (l) => lines.push(l), { piiCipher: rotated });
    expect(lines.at(-1)).toBe("Re-encrypted 6 value(s) in 1 brand(s); 0 already under the current key; 0 could not be decrypted.");
    const after = await stored();
    expect(after.every((r) => r.id!.startsWith("k2:") && r.card!.startsWith("k2:"))).toBe(true);
    expect(after.map((r) => rotated.decrypt(r.id!)).sort()).toEqual(before.map((r) => decryptPii(r.id!)).sort());
    expect(after.map((r) => rotated.decrypt(r.card!)).sort()).toEqual(["4111111111111110", "4111111111111111", "4111111111111112"]);
    // The output carries counts only.
    expect(lines.join("\n")).not.toMatch(/\d{12,}/);

    // Nothing left under an old key; the old ring alone can no longer read them.
    expect(await reencryptPii(t.db, { tenantId: b.tenantId, cipher: rotated })).toEqual({ tenants: 1, reencrypted: 0, failed: 0, current: 0 });
    expect(() => decryptPii(after[0]!.id!)).toThrow(/key "k2"/);
  });

  it("walks a brand in batches, and a value under a key that was removed is counted, left alone, and fails the command", async () => {
    const b = await createBrandFixture(t, "Lost key");
    const holders = await chain(t.db, b.tenantId, ["L1", "L2", "L3", "L4", "L5"]);
    for (const [i, h] of holders.entries()) {
      const id = `1101051991010100${i}`;
      await submit(b.tenantId, b.slug, h.memberId, { idNumber: id + idCheckCharacter(id), bankCard: `622202123456789${i}` });
    }
    // One card sealed under a key nobody has any more.
    const lost = createPiiCipher(`gone:${Buffer.alloc(32, 1).toString("base64")}`).encrypt("6222021234567890");
    await withTenant(t.db, b.tenantId, (tx) =>
      tx.update(distributorIdentities).set({ bankCardEnc: lost }).where(eq(distributorIdentities.distributorId, holders[0]!.id)),
    );
    const rotated = createPiiCipher(`${k2},${DEV_PII_KEYRING}`);
    const progress: string[] = [];
    const s = await reencryptPii(t.db, { tenantId: b.tenantId, cipher: rotated, batchSize: 2, log: (l) => progress.push(l) });
    expect(s).toEqual({ tenants: 1, reencrypted: 9, failed: 1, current: 0 });
    expect(progress).toHaveLength(3); // 2 + 2 + 1 rows
    const [row] = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select({ card: distributorIdentities.bankCardEnc, id: distributorIdentities.idNumberEnc }).from(distributorIdentities).where(eq(distributorIdentities.distributorId, holders[0]!.id)),
    );
    expect(row!.card).toBe(lost);
    expect(row!.id!.startsWith("k2:")).toBe(true);

    const lines: string[] = [];
    await expect(runCommand(t, ["pii:reencrypt", "--tenant", b.slug], (l) => lines.push(l), { piiCipher: rotated })).rejects.toThrow(/no longer in PII_ENCRYPTION_KEYS/);
    expect(lines.at(-1)).toMatch(/Re-encrypted 0 value\(s\).*1 could not be decrypted/);
  });
});
