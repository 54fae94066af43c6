/**
 * npm run bench:tax [-- --distributors 120000 --keep --out FILE]
 *
 * Issue 9 performance: "the month's tax report for 120,000 distributors in < 30 s". On a real
 * Postgres server (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres): a fresh
 * database, migrated; one brand with N distributors, half with verified identities (masked ID
 * numbers), each paid 1–3 times in the month (paid withdrawals + their tax records, written
 * set-based as the owner: loading is not what is measured). Then, as the app does it — a staff
 * session, the export route's handler, RLS on, keyset chunks of 1,000, the body read to the end
 * — the month's CSV and XLSX files, and the console page's first screen (totals + 50 rows).
 * Writes its section of BENCHMARKS.md; the database is dropped unless --keep.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { createStaffSession, getStaffSession, switchBrand } from "@/server/auth/staff-auth";
import { exportCsv } from "@/server/export/handler";
import { taxReportChunk, taxReportSummary } from "@/server/payouts/tax/report";
import { createBrand } from "@/server/tenancy/brands";
import { benchDatabase, machine, ms, writeSection } from "./stats";

const { values: args } = parseArgs({
  options: {
    distributors: { type: "string", default: "120000" },
    month: { type: "string", default: "2026-11" },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: "BENCHMARKS.md" },
  },
});

const { serverUrl, dbName, dbUrl } = benchDatabase();
const LIMIT_SECONDS = 30;

async function drain(res: Response): Promise<{ bytes: number; lines: number }> {
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const b of value) if (b === 10) lines++;
  }
  return { bytes, lines };
}

async function main() {
  const n = Number.parseInt(args.distributors, 10);
  const month = args.month;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const database = await openDatabase({ url: dbUrl });
  const owner = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    await migrateDatabase(database);
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    const brand = await createBrand(database.db, {
      brandName: "Tax Bench",
      slug,
      ownerName: "Bench Owner",
      email: `owner@${slug}.test`,
      password: "bench-password-1234",
      acceptTerms: true,
    });
    const tenantId = brand.tenantId;
    const t0 = performance.now();
    await owner.begin(async (sql) => {
      await sql`create temp table gen on commit drop as
        select i, gen_random_uuid() as member_id, gen_random_uuid() as id from generate_series(1, ${n}::int) i`;
      await sql`insert into members (tenant_id, id, display_name, created_at) select ${tenantId}, member_id, '分销商' || i, now() from gen`;
      await sql`insert into distributors (tenant_id, id, member_id, code, name, status, role, path, depth, applied_at, approved_at, created_at)
        select ${tenantId}, id, member_id, 'T' || lpad(i::text, 8, '0'), '分销商' || i, 'active', 'distributor', '/' || id || '/', 0, now(), now(), now() from gen`;
      await sql`insert into distributor_identities (tenant_id, id, distributor_id, real_name, id_number_enc, id_number_hash, id_number_masked, status)
        select ${tenantId}, gen_random_uuid(), id, '实名' || i, 'k1:' || md5(i::text), md5('h' || i), '110105********' || lpad((i % 1000)::text, 3, '0') || 'X', 'verified'
        from gen where i % 2 = 0`;
      // 1–3 payouts each in the month: ¥1,500 labour (withheld) or, every 10th, by the platform.
      await sql`create temp table pay on commit drop as
        select gen_random_uuid() as wid, g.id as distributor_id, g.i, k,
          (case when g.i % 10 = 0 then 'not_withheld' else 'labour' end)::tax_method as method,
          150000::bigint as amount,
          (case when g.i % 10 = 0 then 0 when k = 1 then 14000 when k = 2 then 30000 else 28000 end)::bigint as tax
        from gen g cross join lateral generate_series(1, 1 + g.i % 3) k`;
      await sql`insert into withdrawals (tenant_id, id, distributor_id, out_bill_no, channel, status, amount_fen, fee_fen, tax_fen, net_fen,
          tax_month, tax_method, tax_note, reference, tax_withheld_by, paid_at, requested_at, updated_at)
        select ${tenantId}, wid, distributor_id, 'X' || replace(wid::text, '-', ''), 'external', 'paid', amount, 0, tax, amount - tax,
          ${month}, method, case when method = 'not_withheld' then 'withheld_by_platform' end, 'R-' || wid,
          case when method = 'not_withheld' then 'by_platform' else 'by_brand' end, now(), now(), now()
        from pay`;
      await sql`insert into tax_withholdings (tenant_id, id, distributor_id, withdrawal_id, month, method, income_fen, tax_fen, note, detail)
        select ${tenantId}, gen_random_uuid(), distributor_id, wid, ${month}, method, amount, tax,
          case when method = 'not_withheld' then 'withheld_by_platform' end, '{}'::jsonb
        from pay`;
    });
    await owner.unsafe("vacuum (analyze) members, distributors, distributor_identities, withdrawals, tax_withholdings");
    const loadSeconds = (performance.now() - t0) / 1000;
    const [{ payouts } = { payouts: 0 }] = await owner<{ payouts: number }[]>`select count(*)::int as payouts from tax_withholdings`;

    const sessionId = await createStaffSession(database.db, brand.ownerUserId);
    await switchBrand(database.db, (await getStaffSession(database.db, sessionId))!, tenantId);

    const timed = async <T>(fn: () => Promise<T>) => {
      const s = performance.now();
      const out = await fn();
      return { out, seconds: (performance.now() - s) / 1000 };
    };
    const page = await timed(() =>
      withTenant(database.db, tenantId, async (tx) => ({ summary: await taxReportSummary(tx, month), page: await taxReportChunk(tx, { month }, null, 50) })),
    );
    const csv = await timed(async () =>
      drain(await exportCsv({ database, staffSessionId: sessionId, list: "tax-report", query: new URLSearchParams({ month }), locale: "zh-CN" })),
    );
    const xlsx = await timed(async () =>
      drain(await exportCsv({ database, staffSessionId: sessionId, list: "tax-report", query: new URLSearchParams({ month, format: "xlsx" }), locale: "zh-CN" })),
    );
    if (page.out.summary.distributors !== n) throw new Error(`summary counts ${page.out.summary.distributors}, expected ${n}`);
    // Header + one line per distributor.
    if (csv.out.lines !== n + 1) throw new Error(`CSV has ${csv.out.lines} lines, expected ${n + 1}`);
    const m = machine();
    const verdict = (s: number) => (s < LIMIT_SECONDS ? `${s.toFixed(1)} s (< ${LIMIT_SECONDS} s)` : `${s.toFixed(1)} s — OVER ${LIMIT_SECONDS} s`);
    const md = `
## Monthly tax report (\`npm run bench:tax\`)

Written by bench/tax-report.ts; rerun it rather than editing by hand.

| | |
| --- | --- |
| date | ${m.date} |
| cores (nproc) / CPU | ${m.nproc} / ${m.cpu} |
| Node / Postgres | ${m.node} / ${version.split(" on ")[0]} |
| load average at the end | ${m.loadavg} |
| data | ${n.toLocaleString("en")} distributors (half with verified identities), ${payouts.toLocaleString("en")} paid payouts in ${month}, loaded set-based in ${loadSeconds.toFixed(1)} s |

Through the export route's handler (staff session, RLS on, keyset chunks of 1,000, the whole body read):

| | time | size |
| --- | --- | --- |
| console page: totals + first 50 rows | ${ms(page.seconds * 1000)} ms | |
| CSV, ${n.toLocaleString("en")} rows | ${verdict(csv.seconds)} | ${(csv.out.bytes / 2 ** 20).toFixed(1)} MiB |
| XLSX, ${n.toLocaleString("en")} rows | ${verdict(xlsx.seconds)} | ${(xlsx.out.bytes / 2 ** 20).toFixed(1)} MiB |
`;
    writeSection(args.out, "tax", md);
    console.log(md);
    if (csv.seconds >= LIMIT_SECONDS || xlsx.seconds >= LIMIT_SECONDS) process.exitCode = 1;
  } finally {
    await owner.end();
    await database.close();
    if (args.keep) console.log(`kept database ${dbName}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

void main();
