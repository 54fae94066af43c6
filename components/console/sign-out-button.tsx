"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { signOutAction } from "@/app/signin/actions";
import { Button } from "@/components/ui/button";

/** Signs out (the server deletes the session) and forgets every cached query in this tab. */
export function SignOutButton() {
  const t = useTranslations("common");
  const queryClient = useQueryClient();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      data-testid="sign-out"
      onClick={() =>
        start(async () => {
          queryClient.clear();
          await signOutAction();
        })
      }
    >
      {t("signOut")}
    </Button>
  );
}
