/**
 * Wraps a public API route: authenticates the bearer API key, then runs the handler inside
 * withTenant() for that key's brand. Errors become problem+json.
 */
import type { Database, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { appDatabase } from "@/server/db";
import { authenticateApiKey } from "@/server/tenancy/api-keys";
import { errorResponse } from "./problem";

export interface ApiContext {
  tx: Tx;
  tenantId: string;
  apiKeyId: string;
  database: Database;
}

export function bearerToken(req: Request): string | null {
  const h = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : null;
}

export function apiRoute<P>(
  handler: (req: Request, ctx: ApiContext, params: P) => Promise<Response>,
  getDatabase: () => Promise<Database> = appDatabase,
) {
  return async (req: Request, route: { params: Promise<P> }) => {
    try {
      const database = await getDatabase();
      const key = await authenticateApiKey(database.db, bearerToken(req));
      const params = await route.params;
      return await withTenant(database.db, key.tenantId, (tx) =>
        handler(req, { tx, database, ...key }, params),
      );
    } catch (e) {
      return errorResponse(e);
    }
  };
}
