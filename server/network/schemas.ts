/** Input schemas for the distributor network, shared by forms and procedures. */
import { z } from "zod";

export const DISTRIBUTOR_ROLES = ["distributor", "team_lead", "city_partner", "employee"] as const;
export const DISTRIBUTOR_STATUSES = ["applied", "active", "frozen", "disabled", "rejected"] as const;
/** The console list's sortable columns (its keyset export reads the same order). */
export const DISTRIBUTOR_SORTS = ["appliedAt"] as const;
/** How a buyer came to be bound: the database enum's values, here so browser code can list them without the schema. */
export const BINDING_SOURCES = ["link", "qr", "poster", "order_code", "manual"] as const;

const region = z.string().trim().max(60, "region.tooLong").nullish().transform((v) => (v ? v : null));

export const distributorProfileSchema = z
  .object({
    role: z.enum(DISTRIBUTOR_ROLES),
    region,
    levelId: z.uuid().nullable(),
  })
  .refine((v) => v.role !== "city_partner" || !!v.region, { path: ["region"], message: "region.requiredForCityPartner" });

export const adminCreateDistributorSchema = z
  .object({
    name: z.string().trim().min(1, "name.required").max(60, "name.tooLong"),
    phone: z.string().trim().min(1, "phone.required"),
    region,
    role: z.enum(DISTRIBUTOR_ROLES).default("distributor"),
    levelId: z.uuid().nullable().optional(),
    uplineCode: z.string().trim().max(20, "inviter.invalid").nullish().transform((v) => (v ? v.toUpperCase() : null)),
  })
  .refine((v) => v.role !== "city_partner" || !!v.region, { path: ["region"], message: "region.requiredForCityPartner" });
export type AdminCreateDistributorInput = z.input<typeof adminCreateDistributorSchema>;

export const applicationSchema = z.object({
  name: z.string().trim().min(1, "name.required").max(60),
  region: z.string().trim().min(1, "region.required").max(60),
  note: z.string().trim().max(500).optional(),
  inviterCode: z.string().trim().max(20).optional(),
  fields: z.record(z.string(), z.string().max(500)).default({}),
});
export type ApplicationInput = z.input<typeof applicationSchema>;

export const reviewSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(200),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().max(200).optional(),
});

export const statusChangeSchema = z.object({
  id: z.uuid(),
  status: z.enum(["active", "frozen", "disabled"]),
  reason: z.string().trim().min(2, "reason.required").max(200),
});

export const levelSchema = z.object({
  name: z.string().trim().min(1).max(20),
  rank: z.number().int().min(1).max(99),
  minGmvFen: z.number().int().min(0).nullable(),
  minOrders: z.number().int().min(0).nullable(),
  minDirectCustomers: z.number().int().min(0).nullable(),
});

export const enrolmentSettingsSchema = z.object({
  enrolmentMode: z.enum(["open", "admin_only", "spend_threshold"]),
  enrolmentAutoApprove: z.boolean(),
  enrolmentSpendThresholdFen: z.number().int().min(0),
  applicationFields: z
    .array(
      z.object({
        key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,30}$/, "field.key"),
        label: z.string().trim().min(1).max(40),
        required: z.boolean(),
      }),
    )
    .max(10),
});
