"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { signOutAction } from "@/app/signin/actions";
import { Button } from "@/components/ui/button";

/** Signs out and comes back to `next` (the invitation) after signing in as someone else. */
export function SwitchAccountButton({ next }: { next: string }) {
  const t = useTranslations("auth.invite");
  const queryClient = useQueryClient();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      className="w-full"
      loading={pending}
      data-testid="accept-switch-account"
      onClick={() =>
        start(async () => {
          queryClient.clear();
          await signOutAction(next);
        })
      }
    >
      {t("signOutToSwitch")}
    </Button>
  );
}
