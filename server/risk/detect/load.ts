/**
 * What the relationship graph is built from, read for one brand (the caller's tenant
 * transaction) over a window of paid time:
 *
 * - shared links: (member, kind, keyed hash) for every identifier at least two members used —
 *   the buyer's device, receiver phone and shipping address on its orders, and a distributor's
 *   bank card from its KYC record (through the distributor's member). IPs are left out: an
 *   office or a mobile carrier's NAT puts strangers behind one address. An identifier only one member used joins
 *   nobody, so the database drops those before anything reaches memory;
 * - bought-through edges: a distributor's own member bought through another distributor.
 *
 * Both read orders by orders_paid_idx (tenant, paid_at) and never look at a raw identifier.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import type { Edge, Link, LinkKind } from "./graph";

export async function sharedLinks(tx: Tx, since: Date): Promise<Link[]> {
  const from = sql`${since.toISOString()}::timestamptz`;
  const rows = rowsOf<{ node: string; kind: LinkKind; value: string }>(
    await tx.execute(sql`
      with l as (
        select o.buyer_member_id as node, 'device' as kind, o.device_hash as value
          from orders o where o.paid_at >= ${from} and o.device_hash is not null
        union
        select o.buyer_member_id, 'phone', o.receiver_phone_hash
          from orders o where o.paid_at >= ${from} and o.receiver_phone_hash is not null
        union
        select o.buyer_member_id, 'address', o.shipping_hash
          from orders o where o.paid_at >= ${from} and o.shipping_hash is not null
        union
        select d.member_id, 'card', i.bank_card_hash
          from distributor_identities i join distributors d on d.tenant_id = i.tenant_id and d.id = i.distributor_id
          where i.bank_card_hash is not null
      ),
      shared as (select kind, value from l group by kind, value having count(*) > 1)
      select l.node::text as node, l.kind, l.value from l join shared s on s.kind = l.kind and s.value = l.value
      order by l.kind, l.value, l.node`),
  );
  return rows;
}

export async function boughtThroughEdges(tx: Tx, since: Date): Promise<Edge[]> {
  return rowsOf<{ from: string; to: string }>(
    await tx.execute(sql`
      select distinct bd.id::text as "from", o.distributor_id::text as "to"
      from orders o
      join distributors bd on bd.tenant_id = o.tenant_id and bd.member_id = o.buyer_member_id
      where o.paid_at >= ${sql`${since.toISOString()}::timestamptz`} and o.distributor_id is not null and o.distributor_id <> bd.id
      order by 1, 2`),
  );
}

/** member id → distributor (id, code, name), for the members that are distributors. */
export async function distributorsOfMembers(tx: Tx, memberIds: string[]) {
  if (!memberIds.length) return new Map<string, { id: string; code: string; name: string }>();
  const rows = rowsOf<{ member_id: string; id: string; code: string; name: string }>(
    await tx.execute(sql`select member_id::text, id::text, code, name from distributors where member_id = any(${`{${memberIds.join(",")}}`}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.member_id, { id: r.id, code: r.code, name: r.name }]));
}

/** member id → its first identity as staff see it (masked; a phone first). */
export async function maskedMembers(tx: Tx, memberIds: string[]) {
  if (!memberIds.length) return new Map<string, string>();
  const rows = rowsOf<{ member_id: string; masked: string }>(
    await tx.execute(sql`
      select distinct on (member_id) member_id::text, masked from member_identities
      where member_id = any(${`{${memberIds.join(",")}}`}::uuid[])
      order by member_id, (kind = 'phone') desc, created_at, id`),
  );
  return new Map(rows.map((r) => [r.member_id, r.masked]));
}
