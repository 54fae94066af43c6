"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Spinner } from "@/components/ui/spinner";
import type { StaffRole } from "@/server/auth/permissions";

export interface BrandOption {
  tenantId: string;
  name: string;
  slug: string;
  role: StaffRole;
}

/** Switches the session's active brand, then drops every cached query of the previous one. */
export function BrandSwitcher({ brands, activeId }: { brands: BrandOption[]; activeId: string | null }) {
  const t = useTranslations("console.brandSwitcher");
  const tr = useTranslations("common.roles");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const errors = useErrorMessages();
  const [refreshing, startRefresh] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const switchBrand = useMutation(
    trpc.me.switchBrand.mutationOptions({
      onSuccess: async () => {
        setError(null);
        await queryClient.resetQueries();
        startRefresh(() => router.refresh());
      },
      onError: (e) => setError(errors.describe(e)),
    }),
  );
  const active = brands.find((b) => b.tenantId === activeId);
  const busy = switchBrand.isPending || refreshing;
  return (
    <div className="flex items-center gap-2">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          data-testid="brand-switcher"
          aria-label={t("label")}
          disabled={busy}
          className="inline-flex h-9 max-w-72 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-70"
        >
          {busy && <Spinner />}
          <span className="truncate">{active?.name ?? t("choose")}</span>
          {active && <span className="text-xs font-normal text-slate-500">{tr(active.role)}</span>}
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 text-slate-400" fill="currentColor">
            <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4" />
          </svg>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={6}
            className="z-50 min-w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-slate-500">{t("heading")}</DropdownMenu.Label>
            {brands.map((b) => {
              const current = b.tenantId === activeId;
              return (
                <DropdownMenu.Item
                  key={b.tenantId}
                  data-testid={`brand-option-${b.slug}`}
                  disabled={current}
                  onSelect={() => switchBrand.mutate({ tenantId: b.tenantId })}
                  className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-2 text-sm text-slate-800 outline-none data-[disabled]:cursor-default data-[highlighted]:bg-slate-100"
                >
                  <span className="flex min-w-0 flex-col">
                    <span className="truncate font-medium">{b.name}</span>
                    <span className="text-xs text-slate-500">
                      /d/{b.slug} · {tr(b.role)}
                    </span>
                  </span>
                  {current && (
                    <span className="text-brand-600" aria-label={t("current")}>
                      ✓
                    </span>
                  )}
                </DropdownMenu.Item>
              );
            })}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </div>
  );
}
