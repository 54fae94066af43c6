/**
 * Signing out from inside a distributor procedure. The procedure already holds the tenant
 * transaction, and on PGlite (one connection) opening a second one would wait forever, so
 * the session row is deleted through the procedure's own transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { portalSessions } from "@/db/schema";
import type { PortalSession } from "./portal-session";

export async function endPortalSession(tx: Tx, session: PortalSession) {
  await tx
    .delete(portalSessions)
    .where(
      and(eq(portalSessions.tenantId, session.tenantId), eq(portalSessions.id, session.sessionId)),
    );
}
