/**
 * "Freezing a distributor for fraud can add its identifiers in one step" (issue 10 item 4): the
 * distributor is frozen (its pending commissions stop settling, its code stops binding) and, in
 * the same transaction, what identifies it goes on the brand's blacklist with the same reason:
 * the person (its phones, KYC id number and bank card: blacklistDistributor, which also shares
 * them when the brand contributes to the cross-brand list) and the devices, receiver phones and
 * shipping addresses of its own purchases in the last 90 days.
 *
 * For the purchases only the keyed hashes the brand stores are available (raw values were never
 * kept), so those entries are the brand's own: they match at ingest exactly like typed ones, but
 * do not go to the shared list, whose platform-keyed hash needs the raw value. A value already
 * live on the list keeps its existing entry.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { jsonParam } from "@/server/ledger/post";
import { changeStatus } from "@/server/network/distributors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { actorRef, blacklistDistributor } from "./blacklist";

export const FREEZE_LOOKBACK_DAYS = 90;

interface Identifier {
  kind: "phone" | "device" | "address";
  hash: string;
  masked: string;
}

/** The devices, receiver phones and addresses of the distributor's own purchases since `since`. */
async function purchaseSignalsOf(tx: Tx, distributorId: string, since: Date): Promise<Identifier[]> {
  return rowsOf<Identifier>(
    await tx.execute(sql`
      with d as (select id, member_id from distributors where id = ${distributorId})
      -- An order's device / receiver phone / address have no masked form of their own: the
      -- entry names the order it was seen on, which a reviewer can open.
      (select distinct on (k.kind, k.hash) k.kind, k.hash, k.masked from (
        select 'device' as kind, o.device_hash as hash, o.channel || ':' || o.external_id as masked, o.paid_at from orders o join d on o.buyer_member_id = d.member_id
          where o.device_hash is not null and o.paid_at >= ${since.toISOString()}::timestamptz
        union all
        select 'phone', o.receiver_phone_hash, o.channel || ':' || o.external_id, o.paid_at from orders o join d on o.buyer_member_id = d.member_id
          where o.receiver_phone_hash is not null and o.paid_at >= ${since.toISOString()}::timestamptz
        union all
        select 'address', o.shipping_hash, coalesce(o.shipping_region, '') || ' ' || o.channel || ':' || o.external_id, o.paid_at from orders o join d on o.buyer_member_id = d.member_id
          where o.shipping_hash is not null and o.paid_at >= ${since.toISOString()}::timestamptz
      ) k order by k.kind, k.hash, k.paid_at desc)`),
  );
}

export async function freezeForFraud(tx: Tx, tenantId: string, actor: Actor, input: { distributorId: string; reason: string; blacklist: boolean }, now = new Date()) {
  const reason = input.reason.trim();
  if (!reason) throw new AppError("BAD_REQUEST", "Give a reason.", { fields: { reason: "required" } });
  await changeStatus(tx, actor, { id: input.distributorId, status: "frozen", reason });
  if (!input.blacklist) return { frozen: true, listed: 0, alreadyListed: 0 };
  const person = await blacklistDistributor(tx, tenantId, actor, { distributorId: input.distributorId, reason, now });
  // Deduplicated by (kind, hash); a receiver phone that is also its own phone meets the entry
  // just made and counts as already listed.
  const seen = new Set<string>();
  const ids = (await purchaseSignalsOf(tx, input.distributorId, new Date(now.getTime() - FREEZE_LOOKBACK_DAYS * 86_400_000))).filter((i) => {
    const k = `${i.kind}:${i.hash}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const inserted = ids.length
    ? rowsOf<{ id: string }>(
        await tx.execute(sql`
          insert into risk_blacklist_entries (tenant_id, id, kind, value_hash, masked, reason, reason_category, distributor_id, source, created_by)
          select ${tenantId}::uuid, gen_random_uuid(), x.kind::risk_list_kind, x.hash, x.masked, ${reason}, 'fraud', ${input.distributorId}::uuid, 'freeze', ${actorRef(actor)}
          from jsonb_to_recordset(${jsonParam(ids)}) as x(kind text, hash text, masked text)
          on conflict (tenant_id, kind, value_hash) where removed_at is null do nothing
          returning id`),
      )
    : [];
  if (inserted.length) {
    await audit(tx, actor, {
      action: "risk.blacklist_imported",
      targetType: "distributor",
      targetId: input.distributorId,
      data: { added: inserted.length, duplicates: ids.length - inserted.length, reason, via: "freeze", from: "purchases" },
    });
  }
  const listed = person.added + inserted.length;
  return { frozen: true, listed, alreadyListed: person.candidates + ids.length - listed };
}
