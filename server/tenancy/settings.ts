/** Brand profile and program settings. Every change is audit-logged with a field diff. */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { brandSettings } from "@/db/schema";
import { AppError } from "@/server/errors";
import { audit, diff, type Actor } from "./audit";
import { env } from "@/server/env";
import { parseInput } from "@/server/promotion/validate";
import { landingHost } from "./landing-host";
import {
  brandProfileSchemaFor,
  programSettingsSchema,
  type BrandProfileInput,
  type ProgramSettingsInput,
} from "./schemas";

export async function getSettings(tx: Tx) {
  const [row] = await tx.select().from(brandSettings);
  if (!row) throw new AppError("NOT_FOUND", "Brand settings not found.");
  return row;
}

export async function updateBrandProfile(tx: Tx, actor: Actor, raw: BrandProfileInput) {
  // http only in development: a brand's links are followed by buyers' phones.
  const input = parseInput(brandProfileSchemaFor({ allowHttp: env.FENXIAO_ENV === "development" }), raw);
  const before = await getSettings(tx);
  const changes = diff(before, input);
  // A verification is for one host: pointing the landing URL elsewhere needs a new one.
  const keepsVerifiedHost =
    !!before.landingVerifiedHost && landingHost(input.landingUrl) === before.landingVerifiedHost;
  const [row] = await tx
    .update(brandSettings)
    .set({
      ...input,
      ...(keepsVerifiedHost ? {} : { landingVerifiedHost: null, landingVerifiedAt: null }),
      updatedAt: sql`now()`,
    })
    .where(eq(brandSettings.tenantId, before.tenantId))
    .returning();
  if (input.displayName !== before.displayName) {
    // The tenant's name is what the brand switcher and portal header show; only this
    // transaction's own tenant can be renamed (the runtime role cannot write tenants).
    await tx.execute(sql`select fx_rename_tenant(${input.displayName})`);
  }
  if (Object.keys(changes).length) {
    await audit(tx, actor, { action: "settings.profile.updated", targetType: "brand", data: changes });
  }
  return row!;
}

export async function updateProgramSettings(tx: Tx, actor: Actor, raw: ProgramSettingsInput) {
  const input = programSettingsSchema.parse(raw);
  const before = await getSettings(tx);
  const changes = diff(before, input);
  const [row] = await tx
    .update(brandSettings)
    .set({ ...input, updatedAt: sql`now()` })
    .where(eq(brandSettings.tenantId, before.tenantId))
    .returning();
  if (row!.bindingMode !== before.bindingMode || row!.bindingLockDays !== before.bindingLockDays) {
    // A lock window runs from when the binding was made, under the settings as they stand
    // (network/binding-rules.ts decides by that): what current bindings show as protected until
    // follows, in the same transaction as the change.
    const until = sql`case when ${row!.bindingMode}::text = 'lock' then bound_at + ${row!.bindingLockDays}::int * interval '1 day' end`;
    await tx.execute(sql`update bindings set protected_until = ${until} where ended_at is null and protected_until is distinct from ${until}`);
  }
  // Saving counts as "levels and rates set" for onboarding even when nothing changed.
  await audit(tx, actor, { action: "settings.program.updated", targetType: "brand", data: changes });
  return row!;
}
