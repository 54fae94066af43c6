/**
 * The all-staff performance report: employees' settled sales (levels/settled-sales.ts, the same
 * sales levels and team bonuses count) in a period, per department and per person. One
 * aggregate over the period's orders; the person list pages on the server.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { orderNetFen, settledOrderFilter } from "../levels/settled-sales";

export interface PerformanceInput {
  from: Date;
  to: Date;
  department?: string | null;
  limit: number;
  offset: number;
}

export const NO_DEPARTMENT = "";

export async function employeePerformance(tx: Tx, input: PerformanceInput) {
  const dept = input.department ?? null;
  const base = sql`
    with emp as materialized (
      select d.id, d.name, d.code, coalesce(dd.department, '') as department
      from distributors d
      left join distributor_departments dd on dd.tenant_id = d.tenant_id and dd.distributor_id = d.id
      where d.role = 'employee'
    ),
    sales as materialized (
      select o.distributor_id, sum(x.net)::bigint as gmv, count(*)::int as orders
      from orders o cross join lateral (select ${orderNetFen} as net) x
      where o.distributor_id in (select id from emp) and ${settledOrderFilter(input.from, input.to)} and x.net > 0
      group by o.distributor_id
    ),
    people as (
      select e.id, e.name, e.code, e.department, coalesce(s.gmv, 0) as gmv, coalesce(s.orders, 0) as orders
      from emp e left join sales s on s.distributor_id = e.id
    )`;
  const departments = rowsOf<{ department: string; people: number; gmv: string | number; orders: number }>(
    await tx.execute(sql`${base}
      select department, count(*)::int as people, sum(gmv)::bigint as gmv, sum(orders)::int as orders
      from people group by department order by sum(gmv) desc, department`),
  );
  const filter = dept === null ? sql`true` : sql`department = ${dept}`;
  const people = rowsOf<{ id: string; name: string; code: string; department: string; gmv: string | number; orders: number; total: number }>(
    await tx.execute(sql`${base}
      select id, name, code, department, gmv, orders, count(*) over ()::int as total
      from people where ${filter} order by gmv desc, code limit ${input.limit} offset ${input.offset}`),
  );
  return {
    departments: departments.map((d) => ({ department: d.department, people: d.people, gmvFen: Number(d.gmv), orders: d.orders })),
    total: people[0]?.total ?? 0,
    rows: people.map((p) => ({ distributorId: p.id, name: p.name, code: p.code, department: p.department, gmvFen: Number(p.gmv), orders: p.orders })),
  };
}
