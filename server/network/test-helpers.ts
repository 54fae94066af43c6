/** Builders for network tests: active distributors in chains, buyers with phones. */
import type { Db, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { adminCreateDistributor } from "./distributors";
import { resolveMember } from "./oneid";

export const ADMIN = { type: "staff" as const, id: "00000000-0000-7000-8000-00000000000a" };

let phoneSeq = 0;
/** A unique, valid mainland mobile number per call (per process). */
export function nextPhone() {
  phoneSeq += 1;
  return `139${String(process.pid % 10000).padStart(4, "0")}${String(phoneSeq).padStart(4, "0")}`;
}

/** Creates distributors A→B→C… (each invited by the previous) and returns them in order. */
export async function chain(db: Db, tenantId: string, names: string[]) {
  const out: { id: string; code: string; name: string; memberId: string }[] = [];
  for (const name of names) {
    const d = await withTenant(db, tenantId, (tx) =>
      adminCreateDistributor(tx, ADMIN, { name, phone: nextPhone(), uplineCode: out.at(-1)?.code }),
    );
    out.push({ id: d.id, code: d.code, name: d.name, memberId: d.memberId });
  }
  return out;
}

export async function buyer(tx: Tx, phone = nextPhone()) {
  return (await resolveMember(tx, [{ kind: "phone", value: phone }])).memberId;
}
