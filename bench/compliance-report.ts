/**
 * npm run bench:compliance [-- --distributors 120000 --orders 2000000 --month 2026-11 --keep --out FILE]
 *
 * Issue 11 performance: "the compliance report for a month in < 30 s" for a brand with 120,000
 * distributors and 2,000,000 orders. On a real Postgres server (DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres): a fresh database, migrated; one brand with N
 * distributors and M orders in the month (plus a tenth as many the month before, so the period
 * filters have history to skip), each order with a line, two or three commission tiers, its
 * accrual journal and postings; one order in a thousand held by risk review (journal + audit),
 * one distributor in a hundred paid out with tax withheld, and a few hundred re-parents and
 * binding overrides. Written set-based as the owner: loading is not what is measured. Then, as
 * the app does it — a staff session, the download route's handler, RLS on — the month's
 * report as PDF and as CSV, and the figures alone (the console preview).
 * Writes its section of BENCHMARKS.md; the database is dropped unless --keep.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { createStaffSession, getStaffSession, switchBrand } from "@/server/auth/staff-auth";
import { createRule } from "@/server/commission/rules";
import { downloadComplianceReport } from "@/server/compliance/download";
import { DEFAULT_PDF_FONT, DEFAULT_PDF_FONT_FACE } from "@/server/compliance/pdf";
import { resolvePeriod } from "@/server/compliance/period";
import { complianceReport } from "@/server/compliance/report";
import { taxMonthBounds } from "@/server/payouts/tax/month";
import { createBrand } from "@/server/tenancy/brands";
import { benchDatabase, machine, writeSection } from "./stats";

const { values: args } = parseArgs({
  options: {
    distributors: { type: "string", default: "120000" },
    orders: { type: "string", default: "2000000" },
    month: { type: "string", default: "2026-11" },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: "BENCHMARKS.md" },
  },
});

const { serverUrl, dbName, dbUrl } = benchDatabase();
const LIMIT_SECONDS = 30;
const STAFF = "00000000-0000-7000-8000-0000000000b1";

async function main() {
  const n = Number.parseInt(args.distributors, 10);
  const m = Number.parseInt(args.orders, 10);
  const month = args.month;
  const { start, end } = taxMonthBounds(month);
  const seconds = Math.floor((end.getTime() - start.getTime()) / 1000);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const database = await openDatabase({ url: dbUrl });
  const owner = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    await migrateDatabase(database);
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    const brand = await createBrand(database.db, {
      brandName: "合规 Bench",
      slug,
      ownerName: "Bench Owner",
      email: `owner@${slug}.test`,
      password: "bench-password-1234",
      acceptTerms: true,
    });
    const tenantId = brand.tenantId;
    const rule = await withTenant(database.db, tenantId, (tx) =>
      createRule(tx, { type: "staff", id: STAFF }, { name: "flat", priority: 0, stackable: false, match: {}, tiers: [{ tier: 1, rateBp: 1000 }, { tier: 2, rateBp: 500 }, { tier: 3, rateBp: 200 }] }),
    );
    const t0 = performance.now();
    await owner.begin(async (sql) => {
      await sql`create temp table gen on commit drop as
        select i, gen_random_uuid() as member_id, gen_random_uuid() as id, gen_random_uuid() as pending_id, gen_random_uuid() as held_id
          from generate_series(1, ${n}::int) i`;
      await sql`create unique index on gen (i)`;
      await sql`insert into members (tenant_id, id, display_name, created_at) select ${tenantId}::uuid, member_id, '分销商' || i, now() from gen`;
      await sql`insert into distributors (tenant_id, id, member_id, code, name, status, role, path, depth, applied_at, approved_at, created_at)
        select ${tenantId}::uuid, id, member_id, 'C' || lpad(i::text, 8, '0'), '分销商' || i, 'active', 'distributor', '/' || id || '/', 0, now(), now(), now() from gen`;
      await sql`insert into ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
        select ${tenantId}::uuid, pending_id, id, 'pending'::ledger_account_type, 0 from gen
        union all select ${tenantId}::uuid, held_id, id, 'held'::ledger_account_type, 0 from gen`;
      // Orders: m in the month, m/10 the month before. Earners: three distributors per order,
      // the third tier on every tenth order.
      await sql`create temp table o on commit drop as
        select k, gen_random_uuid() as id, gen_random_uuid() as line_id, gen_random_uuid() as journal_id,
               case when k <= ${m}::int then ${start.toISOString()}::timestamptz + ((k::bigint * 7) % ${seconds}::int) * interval '1 second'
                    else ${start.toISOString()}::timestamptz - interval '1 day' - (k % 86400) * interval '1 second' end as at,
               1 + ((k::bigint * 7919) % ${n}::int)::int as d1, 1 + ((k::bigint * 104729) % ${n}::int)::int as d2, 1 + ((k::bigint * 1299709) % ${n}::int)::int as d3,
               1 + ((k::bigint * 15485863) % ${n}::int)::int as b
          from generate_series(1, ${m + Math.floor(m / 10)}::int) k`;
      await sql`insert into orders (tenant_id, id, channel, external_id, status, buyer_member_id, distributor_id, attribution_source, amount_fen, paid_at, source, created_at, updated_at)
        select ${tenantId}::uuid, o.id, 'tmall', 'B' || o.k, 'paid', gb.member_id, g1.id, 'referral_code', 10000, o.at, 'api', o.at, o.at
          from o join gen g1 on g1.i = o.d1 join gen gb on gb.i = o.b`;
      await sql`insert into order_lines (tenant_id, id, order_id, line_no, sku, quantity, amount_fen)
        select ${tenantId}::uuid, line_id, id, 1, 'SKU-1', 1, 10000 from o`;
      await sql`create temp table c on commit drop as
        select o.k, o.id as order_id, o.line_id, o.journal_id, o.at, t.tier, g.id as distributor_id, g.pending_id,
               (array[1000, 500, 200])[t.tier] as amount
          from o cross join lateral (values (1, o.d1), (2, o.d2), (3, o.d3)) t(tier, d)
          join gen g on g.i = t.d
         where t.tier < 3 or o.k % 10 = 0`;
      await sql`insert into commissions (tenant_id, id, order_id, line_id, tier, distributor_id, rule_id, rule_version, kind, rate_bp, amount_fen, status, trace, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), order_id, line_id, tier, distributor_id, ${rule.id}::uuid, 1, 'percent', amount / 10, amount, 'pending', '{}'::jsonb, at from c`;
      await sql`insert into ledger_journals (tenant_id, id, kind, idempotency_key, cause_type, cause_id, order_id, created_at)
        select ${tenantId}::uuid, journal_id, 'accrual', 'order:' || id || ':accrual', 'order', id::text, id, at from o`;
      // One statement per set of journals: the balance trigger sees each journal's postings together.
      await sql`insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), o.journal_id, x.id, 'commission_expense'::ledger_account_type, null, s.total, o.at
          from o join (select order_id, sum(amount) as total from c group by order_id) s on s.order_id = o.id
          cross join (select id from ledger_accounts where distributor_id is null and type = 'commission_expense') x
        union all
        select ${tenantId}::uuid, gen_random_uuid(), journal_id, pending_id, 'pending'::ledger_account_type, distributor_id, -amount, at from c`;
      await sql`update ledger_accounts a set balance_fen = s.total
          from (select pending_id, sum(amount) as total from c group by pending_id) s where a.id = s.pending_id`;
      // Risk: one order in a thousand held (tier 1's commission), audited as the service does.
      await sql`create temp table h on commit drop as
        select c.*, gen_random_uuid() as hold_journal, g.held_id from c join gen g on g.id = c.distributor_id where c.k % 1000 = 0 and c.tier = 1`;
      await sql`insert into ledger_journals (tenant_id, id, kind, idempotency_key, cause_type, cause_id, order_id, created_at)
        select ${tenantId}::uuid, hold_journal, 'adjustment', 'order:' || order_id || ':hold:' || hold_journal, 'risk_decision', order_id::text, order_id, at + interval '1 minute' from h`;
      await sql`insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), hold_journal, pending_id, 'pending'::ledger_account_type, distributor_id, amount, at + interval '1 minute' from h
        union all
        select ${tenantId}::uuid, gen_random_uuid(), hold_journal, held_id, 'held'::ledger_account_type, distributor_id, -amount, at + interval '1 minute' from h`;
      await sql`insert into audit_logs (tenant_id, id, actor_type, actor_id, action, target_type, target_id, data, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), 'staff', ${STAFF}, 'commission.hold', 'order', order_id::text,
               jsonb_build_object('commissions', 1, 'amountFen', amount, 'reason', 'bench'), at + interval '1 minute' from h`;
      // Payouts: one distributor in a hundred, ¥100 with ¥10 tax, from pending (the brand side is what the report reads).
      await sql`create temp table p on commit drop as
        select g.*, gen_random_uuid() as journal_id, ${start.toISOString()}::timestamptz + (g.i % ${seconds}::int) * interval '1 second' as at
          from gen g join (select pending_id, sum(amount) as total from c group by pending_id) s on s.pending_id = g.pending_id
         where g.i % 100 = 0 and s.total >= 10000`;
      await sql`insert into ledger_journals (tenant_id, id, kind, idempotency_key, cause_type, cause_id, created_at)
        select ${tenantId}::uuid, journal_id, 'payout', 'payout:' || journal_id, 'withdrawal', journal_id::text, at from p`;
      await sql`insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), journal_id, pending_id, 'pending'::ledger_account_type, id, 10000, at from p
        union all select ${tenantId}::uuid, gen_random_uuid(), p.journal_id, x.id, 'payouts'::ledger_account_type, null, -9000, p.at from p, ledger_accounts x where x.distributor_id is null and x.type = 'payouts'
        union all select ${tenantId}::uuid, gen_random_uuid(), p.journal_id, x.id, 'tax_payable'::ledger_account_type, null, -1000, p.at from p, ledger_accounts x where x.distributor_id is null and x.type = 'tax_payable'`;
      await sql`update ledger_accounts a set balance_fen = balance_fen - 10000 from p where a.id = p.pending_id`;
      // Admin actions: a few hundred re-parents and binding overrides.
      await sql`insert into referral_changes (tenant_id, id, distributor_id, from_upline_id, to_upline_id, reason, actor_type, actor_id, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), g.id, null, u.id, '区域调整', 'staff', ${STAFF}, ${start.toISOString()}::timestamptz + g.i * interval '1 minute'
          from gen g join gen u on u.i = g.i + 1 where g.i <= 300`;
      await sql`insert into audit_logs (tenant_id, id, actor_type, actor_id, action, target_type, target_id, data, created_at)
        select ${tenantId}::uuid, gen_random_uuid(), 'staff', ${STAFF}, 'binding.overridden', 'member', g.member_id::text,
               jsonb_build_object('from', g.id, 'to', u.id, 'reason', '客服核实'), ${start.toISOString()}::timestamptz + g.i * interval '1 minute'
          from gen g join gen u on u.i = g.i + 1 where g.i <= 300`;
    });
    await owner.unsafe("vacuum (analyze) members, distributors, orders, order_lines, commissions, ledger_accounts, ledger_journals, ledger_postings, audit_logs, referral_changes");
    const loadSeconds = (performance.now() - t0) / 1000;
    const [counts] = await owner<{ orders: number; commissions: number; postings: number }[]>`
      select (select count(*)::int from orders) as orders, (select count(*)::int from commissions) as commissions, (select count(*)::int from ledger_postings) as postings`;

    const sessionId = await createStaffSession(database.db, brand.ownerUserId);
    await switchBrand(database.db, (await getStaffSession(database.db, sessionId))!, tenantId);
    const timed = async <T>(fn: () => Promise<T>) => {
      const s = performance.now();
      const out = await fn();
      return { out, seconds: (performance.now() - s) / 1000 };
    };
    const period = resolvePeriod({ month });
    const figures = await timed(() => withTenant(database.db, tenantId, (tx) => complianceReport(tx, period)));
    const download = (format: "pdf" | "csv") =>
      timed(async () => {
        const res = await downloadComplianceReport({
          database,
          staffSessionId: sessionId,
          query: new URLSearchParams({ format, month }),
          locale: "zh-CN",
          font: { path: process.env.COMPLIANCE_PDF_FONT ?? DEFAULT_PDF_FONT, face: process.env.COMPLIANCE_PDF_FONT_FACE ?? DEFAULT_PDF_FONT_FACE },
        });
        if (res.status !== 200) throw new Error(`download answered ${res.status}: ${await res.text()}`);
        return { bytes: (await res.arrayBuffer()).byteLength, fingerprint: res.headers.get("x-report-fingerprint") };
      });
    const pdf = await download("pdf");
    const csv = await download("csv");
    const f = figures.out.figures;
    // The load's own arithmetic: 2 tiers per order, a third on every tenth; nothing without an order.
    const expected = m * 2 + Math.floor(m / 10);
    if (f.integrity.commissions !== expected) throw new Error(`report counts ${f.integrity.commissions} commissions, expected ${expected}`);
    if (f.tiers.deepestEver !== 3 || f.integrity.withoutOrderLine !== 0 || f.integrity.expenseJournalsWithoutOrder !== 0) throw new Error("unexpected integrity figures");
    if (pdf.out.fingerprint !== figures.out.fingerprint || csv.out.fingerprint !== figures.out.fingerprint) throw new Error("the fingerprint moved between generations");

    const mach = machine();
    const verdict = (s: number) => (s < LIMIT_SECONDS ? `${s.toFixed(1)} s (< ${LIMIT_SECONDS} s)` : `${s.toFixed(1)} s — OVER ${LIMIT_SECONDS} s`);
    const md = `
## Compliance report (\`npm run bench:compliance\`)

Written by bench/compliance-report.ts; rerun it rather than editing by hand.

| | |
| --- | --- |
| date | ${mach.date} |
| cores (nproc) / CPU | ${mach.nproc} / ${mach.cpu} |
| Node / Postgres | ${mach.node} / ${version.split(" on ")[0]} |
| load average at the end | ${mach.loadavg} |
| data | ${n.toLocaleString("en")} distributors, ${counts!.orders.toLocaleString("en")} orders (${m.toLocaleString("en")} in ${month}), ${counts!.commissions.toLocaleString("en")} commissions, ${counts!.postings.toLocaleString("en")} postings, loaded set-based in ${loadSeconds.toFixed(1)} s |

The month's report through the download route's handler (staff session, RLS on, audited):

| | time | size |
| --- | --- | --- |
| figures only (console preview) | ${verdict(figures.seconds)} | |
| PDF | ${verdict(pdf.seconds)} | ${(pdf.out.bytes / 1024).toFixed(0)} KiB |
| CSV | ${verdict(csv.seconds)} | ${(csv.out.bytes / 1024).toFixed(0)} KiB |
`;
    writeSection(args.out, "compliance", md);
    console.log(md);
    if (pdf.seconds >= LIMIT_SECONDS || csv.seconds >= LIMIT_SECONDS) process.exitCode = 1;
  } finally {
    await owner.end();
    await database.close();
    if (args.keep) console.log(`kept database ${dbName}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

void main();
