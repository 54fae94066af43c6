import { redirect } from "next/navigation";

/** The area opens on its Orders tab; a shared link's filters come along. */
export default async function SettlementPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) {
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, one);
  }
  const qs = params.toString();
  redirect(`/console/settlement/orders${qs ? `?${qs}` : ""}`);
}
