/** Creating a brand (self-serve signup, CLI, demo): tenant, owner, membership, settings. */
import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Db } from "@/db/client";
import { brandSettings, memberships, tenants, users } from "@/db/schema";
import { enterTenant, withPlatform } from "@/db/tenant";
import { hashPassword } from "@/server/auth/password";
import { AppError, isUniqueViolation } from "@/server/errors";
import { audit, type Actor } from "./audit";
import { signupSchema, type SignupInput } from "./schemas";

export interface CreatedBrand {
  tenantId: string;
  slug: string;
  name: string;
  ownerUserId: string;
}

const SLUG_TAKEN = "This URL slug is already taken.";
const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

/** Validates, then creates everything in one transaction; conflicts become field errors. */
export async function createBrand(
  db: Db,
  raw: SignupInput,
  actor: Actor = { type: "system", id: null },
): Promise<CreatedBrand> {
  const parsed = signupSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[i.path.join(".")] ??= i.message;
    throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", { fields });
  }
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  try {
    return await withPlatform(db, async (tx) => {
      const [slugRow] = await tx
        .select({ id: tenants.id })
        .from(tenants)
        .where(eq(tenants.slug, input.slug));
      const [emailRow] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${input.email}`);
      if (slugRow || emailRow) {
        throw new AppError("CONFLICT", slugRow ? SLUG_TAKEN : EMAIL_TAKEN, {
          fields: {
            ...(slugRow ? { slug: "slug.taken" } : {}),
            ...(emailRow ? { email: "email.taken" } : {}),
          },
        });
      }
      // Brands are created through a platform function (the runtime role cannot write tenants).
      const tenant = { id: uuidv7() };
      await tx.execute(sql`select fx_create_tenant(${tenant.id}, ${input.slug}, ${input.brandName})`);
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.ownerName, passwordHash })
        .returning({ id: users.id });
      await enterTenant(tx, tenant.id);
      await tx.insert(brandSettings).values({ tenantId: tenant.id, displayName: input.brandName });
      await tx
        .insert(memberships)
        .values({ tenantId: tenant.id, userId: user!.id, role: "owner" });
      await audit(tx, actor.id ? actor : { type: actor.type, id: user!.id }, {
        action: "brand.created",
        targetType: "tenant",
        targetId: tenant.id,
        data: { slug: input.slug, name: input.brandName, ownerEmail: input.email },
      });
      return { tenantId: tenant.id, slug: input.slug, name: input.brandName, ownerUserId: user!.id };
    });
  } catch (e) {
    // Two signups racing for the same slug / email: the unique index decides.
    if (isUniqueViolation(e, "tenants_slug_key")) {
      throw new AppError("CONFLICT", SLUG_TAKEN, { fields: { slug: "slug.taken" } });
    }
    if (isUniqueViolation(e, "users_email_key")) {
      throw new AppError("CONFLICT", EMAIL_TAKEN, { fields: { email: "email.taken" } });
    }
    throw e;
  }
}

export async function findTenantBySlug(db: Db, slug: string) {
  const [row] = await withPlatform(db, (tx) =>
    tx.select().from(tenants).where(eq(tenants.slug, slug.toLowerCase())),
  );
  return row ?? null;
}
