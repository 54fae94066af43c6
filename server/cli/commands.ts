/**
 * Platform operator commands. Each uses the same services as the app; output goes to `out`
 * so tests can read it.
 */
import { parseArgs } from "node:util";
import type { Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { createApiKey } from "@/server/tenancy/api-keys";
import { createBrand, findTenantBySlug } from "@/server/tenancy/brands";
import { DEMO, seedDemoBrand } from "@/server/tenancy/demo";
import { sweepPayouts } from "@/server/payouts/providers/executor";
import { settleAll } from "@/server/settlement/run";
import { yuanText } from "@/server/commission/trace-text";
import type { PiiCipher } from "@/server/payouts/crypto/pii";
import { reencryptPii } from "@/server/payouts/crypto/reencrypt";

export type Out = (line: string) => void;
const CLI_ACTOR = { type: "cli", id: null } as const;

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                     apply committed migrations, secure the schema
  tenant:create --name <brand> --slug <slug> --owner-email <email> --owner-password <pw>
                                 [--owner-name <name>]
  apikey:create --tenant <slug> --name <key name>
                                 prints the key once; it is stored hashed
  demo:seed [--orders <n>]       create the demo brand "${DEMO.name}" if missing, with n demo
                                 orders (once; default 0, the dev server seeds DEMO_ORDERS)
  settle:run [--tenant <slug>]   settle every commission that is due now (all brands, or one);
                                 the jobs and the sweeper run the same settlement on their own
  pii:reencrypt [--tenant <slug>] rewrite every ID / card number not under the current
                                 PII_ENCRYPTION_KEYS key (run after putting a new key first)
  payouts:run [--tenant <slug>]  pay approved WeChat / Alipay / flexible withdrawals, ask the
                                 gateways about unclear ones, expire unconfirmed WeChat transfers
`;

function required(values: Record<string, string | boolean | undefined>, names: string[]) {
  const missing = names.filter((n) => typeof values[n] !== "string" || values[n] === "");
  if (missing.length) {
    throw new AppError("BAD_REQUEST", `Missing option(s): ${missing.map((m) => `--${m}`).join(", ")}`);
  }
  return values as Record<string, string>;
}

export async function runCommand(
  database: Database,
  argv: string[],
  out: Out,
  opts: { appPassword?: string; piiCipher?: PiiCipher } = {},
) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      name: { type: "string" },
      slug: { type: "string" },
      "owner-email": { type: "string" },
      "owner-password": { type: "string" },
      "owner-name": { type: "string" },
      tenant: { type: "string" },
      orders: { type: "string" },
    },
  });
  switch (command) {
    case "db:migrate": {
      await migrateDatabase(database, { appPassword: opts.appPassword });
      out(`Migrations applied (${database.kind}); row-level security enforced.`);
      return;
    }
    case "tenant:create": {
      const v = required(values, ["name", "slug", "owner-email", "owner-password"]);
      const brand = await createBrand(
        database.db,
        {
          brandName: v.name!,
          slug: v.slug!,
          ownerName: v["owner-name"] ?? v["owner-email"]!.split("@")[0]!,
          email: v["owner-email"]!,
          password: v["owner-password"]!,
          acceptTerms: true,
        },
        CLI_ACTOR,
      );
      out(`Created brand "${brand.name}" (slug ${brand.slug}, id ${brand.tenantId}).`);
      out(`Owner ${v["owner-email"]} can sign in now.`);
      return;
    }
    case "apikey:create": {
      const v = required(values, ["tenant", "name"]);
      const tenant = await findTenantBySlug(database.db, v.tenant!);
      if (!tenant) throw new AppError("NOT_FOUND", `No brand with slug "${v.tenant}".`);
      const key = await withTenant(database.db, tenant.id, (tx) =>
        createApiKey(tx, CLI_ACTOR, { name: v.name! }),
      );
      out(`API key "${key.name}" for ${tenant.slug} (shown once, store it now):`);
      out(key.key);
      return;
    }
    case "settle:run": {
      let tenantId: string | undefined;
      if (values.tenant) {
        const tenant = await findTenantBySlug(database.db, values.tenant);
        if (!tenant) throw new AppError("NOT_FOUND", `No brand with slug "${values.tenant}".`);
        tenantId = tenant.id;
      }
      const s = await settleAll(database.db, { tenantId });
      out(`Settled ${s.commissions} commission(s) in ${s.tenants} brand(s): ${yuanText(s.settledFen)} to available, ${yuanText(s.offsetFen)} of it against arrears.`);
      for (const f of s.failures) out(`Brand ${f.tenantId} failed: ${f.error}`);
      if (s.failures.length) throw new AppError("SERVICE_UNAVAILABLE", `${s.failures.length} brand(s) could not be settled; see above.`);
      return;
    }
    case "payouts:run": {
      let tenantId: string | undefined;
      if (values.tenant) {
        const tenant = await findTenantBySlug(database.db, values.tenant);
        if (!tenant) throw new AppError("NOT_FOUND", `No brand with slug "${values.tenant}".`);
        tenantId = tenant.id;
      }
      const p = await sweepPayouts(database.db, { tenantId });
      out(`Payouts: ${p.runs} run(s) in ${p.tenants} brand(s), ${p.paid} paid, ${p.returned} returned.`);
      for (const f of p.failures) out(`Withdrawal ${f.withdrawalId} (brand ${f.tenantId}) failed: ${f.error}`);
      if (p.failures.length) throw new AppError("SERVICE_UNAVAILABLE", `${p.failures.length} payout(s) failed; see above.`);
      return;
    }
    case "pii:reencrypt": {
      let tenantId: string | undefined;
      if (values.tenant) {
        const tenant = await findTenantBySlug(database.db, values.tenant);
        if (!tenant) throw new AppError("NOT_FOUND", `No brand with slug "${values.tenant}".`);
        tenantId = tenant.id;
      }
      const s = await reencryptPii(database.db, { tenantId, cipher: opts.piiCipher, log: out });
      out(`Re-encrypted ${s.reencrypted} value(s) in ${s.tenants} brand(s); ${s.current} already under the current key; ${s.failed} could not be decrypted.`);
      if (s.failed) throw new AppError("SERVICE_UNAVAILABLE", `${s.failed} value(s) are sealed with a key that is no longer in PII_ENCRYPTION_KEYS; put that key back (after the current one) and run again.`);
      return;
    }
    case "demo:seed": {
      const orders = values.orders === undefined ? 0 : Number(values.orders);
      if (!Number.isSafeInteger(orders) || orders < 0 || orders > 200_000) {
        throw new AppError("BAD_REQUEST", "--orders must be a whole number from 0 to 200000.");
      }
      const created = await seedDemoBrand(database.db, { orders, log: out });
      out(created ? `Demo brand "${DEMO.slug}" created.` : `Demo brand "${DEMO.slug}" already exists.`);
      out(`Owner sign-in: ${DEMO.email} / ${DEMO.password}`);
      return;
    }
    default:
      throw new AppError("BAD_REQUEST", command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
  }
}
