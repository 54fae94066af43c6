/**
 * Distributor portal sessions. The HttpOnly cookie holds `<tenantId>.<random token>`; the
 * database keeps only the token's hash, scoped to the tenant by row-level security.
 */
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { portalSessions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { randomToken, sha256 } from "@/server/shared/crypto";
import { isUuid } from "@/db/ids";

export const PORTAL_COOKIE = "fx_portal";
export const PORTAL_SESSION_DAYS = 30;

export interface PortalSession {
  tenantId: string;
  sessionId: string;
  memberId: string;
}

export function parsePortalCookie(value: string | undefined | null) {
  if (!value) return null;
  const dot = value.indexOf(".");
  const tenantId = value.slice(0, dot);
  const token = value.slice(dot + 1);
  if (dot < 0 || !isUuid(tenantId) || token.length < 20) return null;
  return { tenantId, token };
}

export async function createPortalSession(
  db: Db,
  tenantId: string,
  memberId: string,
  now: Date = new Date(),
) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_DAYS * 86400_000);
  await withTenant(db, tenantId, (tx) =>
    tx.insert(portalSessions).values({ tenantId, memberId, tokenHash: sha256(token), expiresAt }),
  );
  return { cookieValue: `${tenantId}.${token}`, expiresAt };
}

export async function getPortalSession(
  db: Db,
  cookieValue: string | undefined | null,
  now: Date = new Date(),
): Promise<PortalSession | null> {
  const parsed = parsePortalCookie(cookieValue);
  if (!parsed) return null;
  const [row] = await withTenant(db, parsed.tenantId, (tx) =>
    tx
      .select({ sessionId: portalSessions.id, memberId: portalSessions.memberId })
      .from(portalSessions)
      .where(
        and(eq(portalSessions.tokenHash, sha256(parsed.token)), gt(portalSessions.expiresAt, now)),
      ),
  );
  return row ? { tenantId: parsed.tenantId, ...row } : null;
}
