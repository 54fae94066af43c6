import { z } from "zod";
import { listSmsTemplates, smsTemplateUpdateSchema, updateSmsTemplate } from "@/server/notify/sms-templates";
import { listAudit } from "@/server/tenancy/audit";
import { landingVerification, verifyLandingDomain } from "@/server/tenancy/landing-domain";
import { dismissOnboarding, onboardingStatus } from "@/server/tenancy/onboarding";
import { brandProfileSchema, programSettingsSchema } from "@/server/tenancy/schemas";
import { getSettings, updateBrandProfile, updateProgramSettings } from "@/server/tenancy/settings";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

export const settingsRouter = createTRPCRouter({
  get: tenantProcedure("settings.read").query(({ ctx }) => getSettings(ctx.tx)),
  updateProfile: tenantProcedure("settings.write")
    .input(brandProfileSchema)
    .mutation(({ ctx, input }) => updateBrandProfile(ctx.tx, staffActor(ctx), input)),
  updateProgram: tenantProcedure("settings.write")
    .input(programSettingsSchema)
    .mutation(({ ctx, input }) => updateProgramSettings(ctx.tx, staffActor(ctx), input)),
  /** The member SMS texts per kind and language: the catalogue's and the brand's own. */
  smsTemplates: tenantProcedure("settings.read").query(({ ctx }) => listSmsTemplates(ctx.tx)),
  updateSmsTemplate: tenantProcedure("settings.write")
    .input(smsTemplateUpdateSchema)
    .mutation(({ ctx, input }) => updateSmsTemplate(ctx.tx, staffActor(ctx), input)),
  /** Whether short links may send buyers to the landing URL, and the DNS record that proves it. */
  landingVerification: tenantProcedure("settings.read").query(({ ctx }) => landingVerification(ctx.tx)),
  verifyLandingDomain: tenantProcedure("settings.write").mutation(({ ctx }) =>
    verifyLandingDomain(ctx.tx, staffActor(ctx)),
  ),
  onboarding: tenantProcedure("dashboard.read").query(({ ctx }) => onboardingStatus(ctx.tx)),
  dismissOnboarding: tenantProcedure("settings.write").mutation(({ ctx }) =>
    dismissOnboarding(ctx.tx),
  ),
  audit: tenantProcedure("audit.read")
    .input(z.object({ limit: z.number().int().min(1).max(100).default(50), before: z.uuid().optional() }))
    .query(({ ctx, input }) => listAudit(ctx.tx, input)),
});
