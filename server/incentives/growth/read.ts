/**
 * Reading growth values: one member's (portal, REST `GET /api/v1/members/{identity}`) and the
 * brand's export for its membership system.
 *
 * A member merged by OneID keeps its rows for history; its growth is read on the member it was
 * merged into (the survivor shows its own growth plus that of every member merged into it).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { isUuid } from "@/db/ids";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { IDENTITY_KINDS, identityHash, type IdentityKind } from "@/server/network/identity";
import type { Cursor } from "@/server/orders/console-query";
import { normalisePhone } from "@/server/portal/phone";

export interface MemberGrowth {
  memberId: string;
  displayName: string | null;
  /** Settled distribution GMV net of refunds, as buyer and as distributor. */
  growthValueFen: number;
  asBuyerFen: number;
  asDistributorFen: number;
  distributorCode: string | null;
}

/**
 * An identity as the API takes it: a member id (uuid), `kind:value` with an OneID kind
 * (`phone:13800138000`, `wechat_unionid:o6_…`, `wechat_openid:…`), or a bare mainland mobile.
 */
export function parseMemberIdentity(raw: string): { memberId: string } | { kind: IdentityKind; value: string } | null {
  const v = raw.trim();
  // Tested on its own: the type guard would narrow `v` to never below.
  const isId: boolean = isUuid(v);
  if (isId) return { memberId: v.toLowerCase() };
  const i = v.indexOf(":");
  if (i > 0) {
    const kind = v.slice(0, i);
    const value = v.slice(i + 1).trim();
    if (!(IDENTITY_KINDS as readonly string[]).includes(kind) || !value) return null;
    if (kind === "phone" && !normalisePhone(value)) return null;
    return { kind: kind as IdentityKind, value };
  }
  if (normalisePhone(v)) return { kind: "phone", value: v };
  return null;
}

/** The surviving member an identity belongs to, or null. */
export async function findMemberId(tx: Tx, raw: string): Promise<string | null> {
  const parsed = parseMemberIdentity(raw);
  if (!parsed) throw new AppError("BAD_REQUEST", "Not a member id, phone number or kind:value identity.", { fields: { identity: "invalid_value" } });
  const rows = rowsOf<{ id: string }>(
    await tx.execute(
      "memberId" in parsed
        ? sql`select coalesce(m.merged_into_id, m.id) as id from members m where m.id = ${parsed.memberId}::uuid`
        : sql`select coalesce(m.merged_into_id, m.id) as id from member_identities i
              join members m on m.tenant_id = i.tenant_id and m.id = i.member_id
              where i.kind = ${parsed.kind}::identity_kind and i.value_hash = ${identityHash(parsed.kind, parsed.value)}`,
    ),
  );
  return rows[0]?.id ?? null;
}

export async function memberGrowth(tx: Tx, memberId: string): Promise<MemberGrowth | null> {
  const rows = rowsOf<{ id: string; display_name: string | null; growth: string | number; as_buyer: string | number; as_distributor: string | number; code: string | null }>(
    await tx.execute(sql`
      with family as (select m.id from members m where m.id = ${memberId}::uuid or m.merged_into_id = ${memberId}::uuid)
      select s.id, s.display_name,
        (select coalesce(sum(m.growth_value_fen), 0) from members m where m.id in (select id from family)) as growth,
        (select coalesce(sum(g.counted_fen), 0) from member_growth_orders g where g.buyer_member_id in (select id from family)) as as_buyer,
        (select coalesce(sum(g.counted_fen), 0) from member_growth_orders g where g.distributor_member_id in (select id from family)) as as_distributor,
        (select d.code from distributors d where d.member_id = s.id limit 1) as code
      from members s where s.id = ${memberId}::uuid`),
  );
  const r = rows[0];
  if (!r) return null;
  return {
    memberId: r.id,
    displayName: r.display_name,
    growthValueFen: Number(r.growth),
    asBuyerFen: Number(r.as_buyer),
    asDistributorFen: Number(r.as_distributor),
    distributorCode: r.code,
  };
}

export const growthExportFilterSchema = z.object({});

export interface GrowthExportRow {
  memberId: string;
  displayName: string | null;
  phoneMasked: string | null;
  distributorCode: string | null;
  growthValueFen: number;
}

/**
 * Every surviving member with growth, by id (keyset), merged members' growth folded into the
 * survivor's line — the file a brand loads into its membership system.
 */
export async function growthChunk(tx: Tx, cursor: Cursor | null, limit: number): Promise<{ rows: GrowthExportRow[]; next: Cursor | null }> {
  const rows = rowsOf<{ id: string; display_name: string | null; phone: string | null; code: string | null; growth: string | number }>(
    await tx.execute(sql`
      select s.id, s.display_name,
        (select i.masked from member_identities i where i.member_id = s.id and i.kind = 'phone' order by i.created_at limit 1) as phone,
        (select d.code from distributors d where d.member_id = s.id limit 1) as code,
        s.growth_value_fen + coalesce((select sum(m.growth_value_fen) from members m where m.merged_into_id = s.id), 0) as growth
      from members s
      where s.merged_into_id is null ${cursor ? sql`and s.id > ${cursor.id}::uuid` : sql``}
        and (s.growth_value_fen <> 0 or exists (select 1 from members m where m.merged_into_id = s.id and m.growth_value_fen <> 0))
      order by s.id
      limit ${limit}`),
  );
  const out = rows.map((r) => ({ memberId: r.id, displayName: r.display_name, phoneMasked: r.phone, distributorCode: r.code, growthValueFen: Number(r.growth) }));
  const last = out.at(-1);
  return { rows: out, next: out.length === limit && last ? { key: last.memberId, id: last.memberId } : null };
}
