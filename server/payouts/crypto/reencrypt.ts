/**
 * Key rotation, second half: after a new key is put first in PII_ENCRYPTION_KEYS, rewrite every
 * stored value still sealed with an older key (`npm run cli -- pii:reencrypt [--tenant slug]`).
 *
 * Brand by brand, inside withTenant (RLS applies as for the app), in batches of `batchSize` rows,
 * each batch its own short transaction so a large brand neither holds one long transaction nor
 * trips the statement timeout. Rows are walked by id, so a value that cannot be decrypted (its
 * key was removed too early) is counted and skipped instead of being selected forever. Each
 * update only applies if the value is still the one that was read: a distributor saving new
 * details meanwhile wins, and their value is already under the current key.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { appPiiCipher, type PiiCipher } from "./pii";

/** Every column holding `encryptPii` output. A slice that adds one lists it here. */
export const PII_COLUMNS: readonly { table: string; columns: readonly string[] }[] = [
  { table: "distributor_identities", columns: ["id_number_enc", "bank_card_enc"] },
  { table: "payout_gateways", columns: ["secrets_enc"] },
];

export interface ReencryptSummary {
  tenants: number;
  /** Values that were under an older key and now are under the current one. */
  reencrypted: number;
  /** Values that could not be decrypted with any key in the ring (left as they were). */
  failed: number;
  /** Values already under the current key. */
  current: number;
}

export interface ReencryptOptions {
  tenantId?: string;
  batchSize?: number;
  cipher?: PiiCipher;
  /** Progress lines (counts only: never a value). */
  log?: (line: string) => void;
}

const notCurrent = (column: string, keyId: string): SQL =>
  sql`(${sql.identifier(column)} is not null and left(${sql.identifier(column)}, ${keyId.length + 1}) <> ${`${keyId}:`})`;

export async function reencryptPii(db: Db, opts: ReencryptOptions = {}): Promise<ReencryptSummary> {
  const cipher = opts.cipher ?? appPiiCipher();
  const batchSize = opts.batchSize ?? 500;
  const tenants = opts.tenantId
    ? [opts.tenantId]
    : await withPlatform(db, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select id from tenants order by id`)).map((r) => r.id));
  const summary: ReencryptSummary = { tenants: tenants.length, reencrypted: 0, failed: 0, current: 0 };
  for (const tenantId of tenants) {
    for (const { table, columns } of PII_COLUMNS) {
      let after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const batch = await withTenant(db, tenantId, async (tx) => {
          const rows = rowsOf<Record<string, string | null> & { id: string }>(
            await tx.execute(sql`
              select id, ${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)}
              from ${sql.identifier(table)}
              where id > ${after}::uuid and (${sql.join(columns.map((c) => notCurrent(c, cipher.currentKeyId)), sql` or `)})
              order by id
              limit ${batchSize}`),
          );
          for (const row of rows) {
            for (const column of columns) {
              const old = row[column];
              if (!old) continue;
              if (cipher.keyIdOf(old) === cipher.currentKeyId) {
                summary.current++;
                continue;
              }
              let fresh: string;
              try {
                fresh = cipher.encrypt(cipher.decrypt(old));
              } catch {
                summary.failed++;
                continue;
              }
              const updated = rowsOf(
                await tx.execute(sql`
                  update ${sql.identifier(table)} set ${sql.identifier(column)} = ${fresh}
                  where id = ${row.id} and ${sql.identifier(column)} = ${old}
                  returning id`),
              );
              if (updated.length) summary.reencrypted++;
              else summary.current++;
            }
          }
          return rows;
        });
        if (batch.length) {
          after = batch[batch.length - 1]!.id;
          opts.log?.(`${table}: ${summary.reencrypted} re-encrypted, ${summary.failed} failed so far`);
        }
        if (batch.length < batchSize) break;
      }
    }
  }
  return summary;
}
