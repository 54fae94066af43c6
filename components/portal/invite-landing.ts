/**
 * Server-side reads for the pages an invite link lands on (apply, join): the brand, the
 * signed-in member, and the distributor the link's code names. Both pages read the code the
 * same way and keep it in their own URL, so signing in comes back with it.
 */
import { portalPath } from "./links";
import { firstParam, loadInvite, loadPortalBrand, loadPortalMe } from "./portal-data";

export type InviteLandingProps = {
  params: Promise<{ brandSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** `param` is the query parameter carrying the code: `inviter` on apply, `ref` on join. */
export async function loadInviteLanding(
  { params, searchParams }: InviteLandingProps,
  page: "apply" | "join",
  param: "inviter" | "ref",
) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const code = firstParam((await searchParams)[param])?.trim() || null;
  const [me, invite] = await Promise.all([loadPortalMe(brandSlug), loadInvite(brand.slug, code)]);
  return {
    brand,
    me,
    code,
    /** Null when there is no code, or it is unknown or no longer active. */
    inviter: invite ? { inviterName: invite.inviterName, inviterCode: invite.inviterCode } : null,
    path: `${portalPath(brand.slug, page)}${code ? `?${param}=${encodeURIComponent(code)}` : ""}`,
  };
}
