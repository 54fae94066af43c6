/**
 * "Freezing a distributor for fraud can add its identifiers in one step" (issue 10 item 4): the
 * distributor is frozen (its pending commissions stop settling, its code stops binding) and, in
 * the same transaction, what identifies it goes on the brand's blacklist with the same reason:
 * its phone (OneID identity), its KYC id number and bank card, and the devices, receiver phones
 * and shipping addresses of its own purchases in the last 90 days.
 *
 * Only the keyed hashes the brand already stores are available here (raw values were never
 * kept), so these entries are the brand's own: they match at ingest exactly like typed ones,
 * but do not go to the shared cross-brand list, whose platform-keyed hash needs the raw value.
 * A value already live on the list keeps its existing entry.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { jsonParam } from "@/server/ledger/post";
import { changeStatus } from "@/server/network/distributors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { actorRef } from "./blacklist";

export const FREEZE_LOOKBACK_DAYS = 90;

interface Identifier {
  kind: "phone" | "device" | "address" | "id_number" | "bank_card";
  hash: string;
  masked: string;
}

async function identifiersOf(tx: Tx, distributorId: string, since: Date): Promise<Identifier[]> {
  return rowsOf<Identifier>(
    await tx.execute(sql`
      with d as (select id, member_id from distributors where id = ${distributorId})
      select 'phone' as kind, mi.value_hash as hash, mi.masked from member_identities mi join d on mi.member_id = d.member_id where mi.kind = 'phone'
      union
      select 'id_number', i.id_number_hash, coalesce(i.id_number_masked, '—') from distributor_identities i join d on i.distributor_id = d.id where i.id_number_hash is not null
      union
      select 'bank_card', i.bank_card_hash, coalesce(i.bank_card_masked, '—') from distributor_identities i join d on i.distributor_id = d.id where i.bank_card_hash is not null
      union
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
  // Deduplicated by (kind, hash): a receiver phone that is also its own phone is listed once.
  const seen = new Set<string>();
  const ids = (await identifiersOf(tx, input.distributorId, new Date(now.getTime() - FREEZE_LOOKBACK_DAYS * 86_400_000))).filter((i) => {
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
  await audit(tx, actor, {
    action: "risk.blacklist_imported",
    targetType: "distributor",
    targetId: input.distributorId,
    data: { added: inserted.length, duplicates: ids.length - inserted.length, reason, via: "freeze" },
  });
  return { frozen: true, listed: inserted.length, alreadyListed: ids.length - inserted.length };
}
