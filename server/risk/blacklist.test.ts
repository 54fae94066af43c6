/**
 * The brand blacklist and the shared cross-brand list (issue 10 item 4): add / list / remove /
 * bulk add / check, expiry, brand isolation, opt-in on both sides of the shared list, and the
 * shared list holding no raw identifier anywhere in the database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import { createBrandFixture } from "@/server/testing/fixtures";
import { appErrorOf, outcomeOf } from "@/server/testing/outcomes";
import { distributorIdentities } from "@/db/schema";
import { adminCreateDistributor } from "@/server/network/distributors";
import { encryptPii, maskCard, maskIdNumber, piiHash } from "@/server/payouts/crypto/pii";
import {
  addBlacklistEntry,
  blacklistDistributor,
  bulkAddBlacklist,
  checkValues,
  listBlacklist,
  removeBlacklistEntry,
  updateRiskSharing,
} from "./blacklist";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const brand = async () => (await createBrandFixture(t, "Risk Brand")).tenantId;
const as = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenantId, fn);

describe("brand blacklist", () => {
  it("adds, finds by any spelling of the value, lists masked, removes", async () => {
    const b = await brand();
    const phone = nextPhone();
    const entry = await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "phone", value: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}`, reason: "chargebacks" }));
    expect(entry.masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(entry.shared).toBe(false);
    const hits = await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }, { kind: "phone", value: nextPhone() }]));
    expect(hits).toMatchObject([{ index: 0, list: "brand", entryId: entry.id, reason: "chargebacks" }]);
    const listed = await as(b, (tx) => listBlacklist(tx, {}));
    expect(listed.items.map((i) => i.id)).toEqual([entry.id]);
    expect(JSON.stringify(listed)).not.toContain(phone);

    await as(b, (tx) => removeBlacklistEntry(tx, b, ADMIN, { id: entry.id }));
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]))).toEqual([]);
    expect((await as(b, (tx) => listBlacklist(tx, {}))).items).toEqual([]);
    expect((await as(b, (tx) => listBlacklist(tx, { includeInactive: true }))).items).toHaveLength(1);
    // Removed, it can be listed again.
    await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "phone", value: phone, reason: "again" }));
  });

  it("refuses a duplicate live value, an invalid value and a past expiry", async () => {
    const b = await brand();
    await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "device", value: "DEV-1", reason: "farm" }));
    const dup = await appErrorOf(as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "device", value: " dev-1 ", reason: "farm" })));
    expect(dup.code).toBe("CONFLICT");
    const bad = await appErrorOf(as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "bank_card", value: "12", reason: "x" })));
    expect(bad.fields).toEqual({ value: "invalid_format" });
    const past = await appErrorOf(
      as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "device", value: "D2", reason: "x", expiresAt: new Date(Date.now() - 1000) })),
    );
    expect(past.fields).toEqual({ expiresAt: "in_past" });
  });

  it("an expired entry no longer matches", async () => {
    const b = await brand();
    await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "device", value: "EXP-1", reason: "x", expiresAt: new Date(Date.now() + 60_000) }));
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "device", value: "EXP-1" }]))).toHaveLength(1);
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "device", value: "EXP-1" }], new Date(Date.now() + 120_000)))).toEqual([]);
  });

  it("an IP range matches the addresses inside it only", async () => {
    const b = await brand();
    await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "ip_range", value: "203.0.113.77/24", reason: "proxy farm" }));
    const hits = await as(b, (tx) => checkValues(tx, b, [{ kind: "ip", value: "203.0.113.5" }, { kind: "ip", value: "203.0.114.5" }]));
    expect(hits.map((h) => [h.index, h.kind])).toEqual([[0, "ip_range"]]);
  });

  it("bulk add reports bad rows by number, skips duplicates, adds the rest", async () => {
    const b = await brand();
    const phone = nextPhone();
    await as(b, (tx) => addBlacklistEntry(tx, b, ADMIN, { kind: "phone", value: phone, reason: "x" }));
    const res = await as(b, (tx) =>
      bulkAddBlacklist(tx, b, ADMIN, [
        { kind: "phone", value: phone, reason: "already" },
        { kind: "address", value: "上海市浦东新区世纪大道100号", reason: "drop point" },
        { kind: "ADDRESS", value: "上海浦东新区 世纪大道１００号", reason: "same place" },
        { kind: "fax", value: "1", reason: "x" },
        { kind: "phone", value: "12", reason: "x" },
        { kind: "device", value: "d", reason: "" },
      ]),
    );
    expect(res).toEqual({
      added: 1,
      duplicates: 2,
      errors: [
        { row: 4, field: "kind", key: "invalid_value" },
        { row: 5, field: "value", key: "invalid_format" },
        { row: 6, field: "reason", key: "required" },
      ],
    });
  });

  it("another brand sees none of it and cannot remove it", async () => {
    const a = await brand();
    const b = await brand();
    const phone = nextPhone();
    const entry = await as(a, (tx) => addBlacklistEntry(tx, a, ADMIN, { kind: "phone", value: phone, reason: "x" }));
    expect((await as(b, (tx) => listBlacklist(tx, {}))).items).toEqual([]);
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]))).toEqual([]);
    expect(await outcomeOf(as(b, (tx) => removeBlacklistEntry(tx, b, ADMIN, { id: entry.id })))).toBe("NOT_FOUND");
    expect(await as(a, (tx) => checkValues(tx, a, [{ kind: "phone", value: phone }]))).toHaveLength(1);
  });
});

describe("shared cross-brand list", () => {
  it("matches across brands only when one contributes and the other consumes, showing date and category only", async () => {
    const a = await brand();
    const b = await brand();
    const phone = nextPhone();
    await as(a, (tx) => updateRiskSharing(tx, a, ADMIN, { shareContribute: true }));
    const entry = await as(a, (tx) => addBlacklistEntry(tx, a, ADMIN, { kind: "phone", value: phone, reason: "stolen cards", reasonCategory: "fraud" }));
    expect(entry.shared).toBe(true);
    // b has not opted in to consume.
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]))).toEqual([]);
    await as(b, (tx) => updateRiskSharing(tx, b, ADMIN, { shareConsume: true }));
    const [hit] = await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]));
    expect(hit).toMatchObject({ list: "shared", entryId: null, reason: null, reasonCategory: "fraud" });
    expect(Object.values(hit!)).not.toContain(a);
    // a's own entry is not reported back to a as a shared hit.
    await as(a, (tx) => updateRiskSharing(tx, a, ADMIN, { shareConsume: true }));
    expect((await as(a, (tx) => checkValues(tx, a, [{ kind: "phone", value: phone }]))).map((h) => h.list)).toEqual(["brand"]);
    // Removing the entry withdraws a's shared copy.
    await as(a, (tx) => removeBlacklistEntry(tx, a, ADMIN, { id: entry.id }));
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]))).toEqual([]);
  });

  it("a brand that does not contribute adds nothing to the shared list", async () => {
    const a = await brand();
    const b = await brand();
    await as(b, (tx) => updateRiskSharing(tx, b, ADMIN, { shareConsume: true }));
    const phone = nextPhone();
    await as(a, (tx) => addBlacklistEntry(tx, a, ADMIN, { kind: "phone", value: phone, reason: "x" }));
    expect(await as(b, (tx) => checkValues(tx, b, [{ kind: "phone", value: phone }]))).toEqual([]);
  });

  it("the runtime role cannot read or write the shared table directly, nor call its functions outside a brand", async () => {
    const a = await brand();
    const denied = (e: unknown) => {
      const err = e as { message?: string; cause?: { message?: string } };
      return /permission denied/.test(`${err.message} ${err.cause?.message}`);
    };
    const read = await as(a, (tx) => tx.execute(sql`select count(*) from risk_shared_entries`)).then(() => null, (e: unknown) => e);
    expect(denied(read)).toBe(true);
    const write = await as(a, (tx) =>
      tx.execute(sql`insert into risk_shared_entries (id, kind, value_hash, contributor_tenant_id, reason_category) values (gen_random_uuid(), 'phone', 'x', ${a}::uuid, 'other')`),
    ).then(() => null, (e: unknown) => e);
    expect(denied(write)).toBe(true);
  });

  it("no raw identifier is stored anywhere: a scan of every table for the test values finds none", async () => {
    const a = await brand();
    await as(a, (tx) => updateRiskSharing(tx, a, ADMIN, { shareContribute: true }));
    const phone = nextPhone();
    const card = "6222021234567890123";
    const idNumber = "11010519491231002X";
    const device = "RAW-DEVICE-ID-7f3a9c";
    await as(a, (tx) =>
      bulkAddBlacklist(tx, a, ADMIN, [
        { kind: "phone", value: phone, reason: "x" },
        { kind: "bank_card", value: card, reason: "x" },
        { kind: "id_number", value: idNumber, reason: "x" },
        { kind: "device", value: device, reason: "x" },
      ]),
    );
    // As the owner (sees every row of every table): the same as grepping a dump.
    const tables = rowsOf<{ relname: string }>(
      await t.db.execute(sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`),
    );
    const found: string[] = [];
    for (const { relname } of tables) {
      for (const needle of [phone, card, idNumber, device.toLowerCase(), device]) {
        const [row] = rowsOf<{ n: number }>(
          await t.db.execute(sql`select count(*)::int as n from ${sql.identifier(relname)} x where lower(x::text) like ${`%${needle.toLowerCase()}%`}`),
        );
        if (row!.n) found.push(`${relname}:${needle}`);
      }
    }
    expect(found).toEqual([]);
    const [shared] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from risk_shared_entries where contributor_tenant_id = ${a}::uuid`));
    expect(shared!.n).toBe(4);
  });
});

describe("freezing a distributor for fraud lists its identifiers in one step", () => {
  it("its phone, ID and bank card go on the brand's list (and, contributed, on the shared list as hashes)", async () => {
    const a = await brand();
    const b = await brand();
    const phone = nextPhone();
    const idNumber = "44030519800101123X";
    const card = "6222029876543210";
    const d = await as(a, (tx) => adminCreateDistributor(tx, ADMIN, { name: "Fraudster", phone }));
    await as(a, (tx) =>
      tx.insert(distributorIdentities).values({
        tenantId: a,
        distributorId: d.id,
        realName: "张三",
        idNumberEnc: encryptPii(idNumber),
        idNumberHash: piiHash(a, idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        bankCardEnc: encryptPii(card),
        bankCardHash: piiHash(a, card),
        bankCardMasked: maskCard(card),
        bankName: "招商银行",
        bankCardLuhnOk: true,
        phone,
        incomeType: "labour",
        status: "verified",
        verifiedAt: new Date(),
      }),
    );
    await as(a, (tx) => updateRiskSharing(tx, a, ADMIN, { shareContribute: true }));
    expect(await as(a, (tx) => blacklistDistributor(tx, a, ADMIN, { distributorId: d.id, reason: "cash-out ring" }))).toEqual({ added: 3, candidates: 3 });
    // Again: nothing new.
    expect(await as(a, (tx) => blacklistDistributor(tx, a, ADMIN, { distributorId: d.id, reason: "again" }))).toEqual({ added: 0, candidates: 3 });
    const list = await as(a, (tx) => listBlacklist(tx, {}));
    expect(list.items.map((i) => [i.kind, i.source, i.shared, i.distributorId]).sort()).toEqual([
      ["bank_card", "freeze", true, d.id],
      ["id_number", "freeze", true, d.id],
      ["phone", "freeze", true, d.id],
    ]);
    const hits = await as(a, (tx) => checkValues(tx, a, [{ kind: "phone", value: phone }, { kind: "id_number", value: idNumber }, { kind: "bank_card", value: card }]));
    expect(hits.map((h) => h.list)).toEqual(["brand", "brand", "brand"]);
    await as(b, (tx) => updateRiskSharing(tx, b, ADMIN, { shareConsume: true }));
    const shared = await as(b, (tx) => checkValues(tx, b, [{ kind: "id_number", value: idNumber }, { kind: "bank_card", value: card }, { kind: "phone", value: phone }]));
    expect(shared.map((h) => [h.kind, h.list, h.reasonCategory])).toEqual([
      ["id_number", "shared", "fraud"],
      ["bank_card", "shared", "fraud"],
      ["phone", "shared", "fraud"],
    ]);
    expect(await outcomeOf(as(b, (tx) => blacklistDistributor(tx, b, ADMIN, { distributorId: d.id, reason: "x" })))).toBe("NOT_FOUND");
  });
});
