/** Portal URLs, in one place so pages and share texts agree. */

export const portalPath = (
  slug: string,
  page?: "apply" | "team" | "customers" | "promote" | "join" | "earnings" | "notifications" | "identity" | "tax" | "withdraw" | "bonus" | "tasks",
) => (page ? `/d/${slug}/${page}` : `/d/${slug}`);

/** The link a distributor sends to recruit: the apply page with their code as inviter. */
export const inviteUrl = (origin: string, slug: string, code: string) =>
  `${origin}/d/${slug}/apply?inviter=${encodeURIComponent(code)}`;
