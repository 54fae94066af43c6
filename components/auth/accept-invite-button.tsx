"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A signed-in user accepts an invitation for their own email: one click, no password. */
export function AcceptInviteButton({ slug, token }: { slug: string; token: string }) {
  const t = useTranslations("auth.invite");
  const trpc = useTRPC();
  const router = useRouter();
  const errors = useErrorMessages();
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);

  const onAccept = async () => {
    setFormError(null);
    try {
      // The server makes the invited brand the session's active one.
      await accept.mutateAsync({ slug, token });
    } catch (e) {
      setFormError(errors.describe(e, { NOT_FOUND: t("expiredWhileOpen") }));
      return;
    }
    router.push("/console");
    router.refresh();
  };

  return (
    <div className="space-y-4">
      {formError && (
        <Alert tone="danger" data-testid="accept-error">
          {formError}
        </Alert>
      )}
      <Button
        size="lg"
        className="w-full"
        loading={accept.isPending || accept.isSuccess}
        onClick={onAccept}
        data-testid="accept-signed-in"
      >
        {accept.isPending ? t("submitting") : t("submit")}
      </Button>
    </div>
  );
}
