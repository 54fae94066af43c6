"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { DISTRIBUTOR_ROLES } from "@/server/network/schemas";
import { useNetworkLabels } from "./labels";
import { useInvalidateNetwork } from "./use-invalidate-network";
import { useNetworkErrors } from "./use-network-errors";

const formSchema = z
  .object({
    name: z.string().trim().min(1, "name.required").max(60, "name.tooLong"),
    phone: z.string().trim().min(1, "phone.required").max(20, "phone.invalid"),
    region: z.string().trim().max(60, "region.tooLong"),
    role: z.enum(DISTRIBUTOR_ROLES),
    levelId: z.string(),
    uplineCode: z.string().trim().max(20, "inviter.invalid"),
  })
  .refine((v) => v.role !== "city_partner" || !!v.region, { path: ["region"], message: "region.requiredForCityPartner" });
type FormValues = z.infer<typeof formSchema>;

const FIELDS = ["name", "phone", "region", "role", "levelId", "uplineCode"] as const;
const EMPTY: FormValues = { name: "", phone: "", region: "", role: "distributor", levelId: "", uplineCode: "" };

/** "Add distributor" button and dialog: staff appoint someone directly (active at once). */
export function AddDistributorDialog({ variant = "primary" }: { variant?: "primary" | "secondary" }) {
  const t = useTranslations("network.add");
  const labels = useNetworkLabels();
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string; code: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const levels = useQuery({ ...trpc.distributors.levels.queryOptions(), enabled: open });
  const create = useMutation(trpc.distributors.create.mutationOptions());
  const { register, handleSubmit, reset, setError, formState, control } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: EMPTY,
  });
  const role = useWatch({ control, name: "role" });
  const fe = formState.errors;

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      reset(EMPTY);
      setCreated(null);
      setFormError(null);
    }
  };

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const row = await create.mutateAsync({
        name: v.name,
        phone: v.phone,
        region: v.region || null,
        role: v.role,
        levelId: v.levelId || null,
        uplineCode: v.uplineCode || null,
      });
      setCreated({ id: row.id, name: row.name, code: row.code });
      // Keep role, region, level and upline: people are often added in batches under one upline.
      reset({ ...EMPTY, role: v.role, region: v.region, levelId: v.levelId, uplineCode: v.uplineCode });
      await invalidate();
    } catch (e) {
      if (!applyFieldErrors(e, FIELDS, setError)) setFormError(errors.describe(e));
    }
  });

  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)} data-testid="add-distributor-button">
        {t("button")}
      </Button>
      <Dialog open={open} onOpenChange={close} busy={formState.isSubmitting} title={t("title")} description={t("description")} size="lg">
        {created && (
          <Alert tone="success" className="mb-4" data-testid="add-distributor-created" title={t("created", { name: created.name })}>
            <p>
              {t("createdCode")} <span className="font-mono font-semibold">{created.code}</span>
            </p>
            <Link href={`/console/distributors/${created.id}`} className="mt-1 inline-block font-medium underline">
              {t("openCreated")}
            </Link>
          </Alert>
        )}
        {formError && (
          <Alert tone="danger" className="mb-4">
            {formError}
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
          <Field id="add-name" label={t("name")} error={errors.field(fe.name?.message)} required>
            <Input {...register("name")} autoComplete="off" data-testid="add-distributor-name" />
          </Field>
          <Field id="add-phone" label={t("phone")} hint={t("phoneHint")} error={errors.field(fe.phone?.message)} required>
            <Input {...register("phone")} type="tel" inputMode="tel" autoComplete="off" data-testid="add-distributor-phone" />
          </Field>
          <Field id="add-role" label={t("role")} error={errors.field(fe.role?.message)} required>
            <Select {...register("role")} data-testid="add-distributor-role">
              {DISTRIBUTOR_ROLES.map((r) => (
                <option key={r} value={r}>
                  {labels.role(r)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="add-region"
            label={t("region")}
            hint={role === "city_partner" ? t("regionHintCityPartner") : t("regionHint")}
            error={errors.field(fe.region?.message)}
            required={role === "city_partner"}
          >
            <Input {...register("region")} autoComplete="off" data-testid="add-distributor-region" />
          </Field>
          <Field id="add-level" label={t("level")} hint={levels.data?.length === 0 ? t("noLevels") : undefined} error={errors.field(fe.levelId?.message)}>
            <Select {...register("levelId")} data-testid="add-distributor-level">
              <option value="">{t("noLevel")}</option>
              {levels.data?.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="add-upline" label={t("uplineCode")} hint={t("uplineHint")} error={errors.field(fe.uplineCode?.message)}>
            <Input
              {...register("uplineCode")}
              autoComplete="off"
              className="font-mono uppercase"
              placeholder="ABC234"
              data-testid="add-distributor-upline"
            />
          </Field>
          <DialogFooter className="sm:col-span-2">
            <Button variant="secondary" disabled={formState.isSubmitting} onClick={() => close(false)}>
              {created ? t("done") : t("cancel")}
            </Button>
            <Button type="submit" loading={formState.isSubmitting} data-testid="add-distributor-submit">
              {created ? t("submitAnother") : t("submit")}
            </Button>
          </DialogFooter>
        </form>
      </Dialog>
    </>
  );
}
