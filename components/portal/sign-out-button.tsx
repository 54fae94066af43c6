"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { isSignedOutError, portalError } from "./portal-error";

export function SignOutButton({ slug }: { slug: string }) {
  const t = useTranslations("portal.home");
  const te = useTranslations("portal.errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const signInPage = `/d/${slug}/signin`;
  // Refresh too, so the shared layout drops what belongs to a signed-in member (the tab bar).
  const leave = () => {
    queryClient.removeQueries({ queryKey: trpc.portalNetwork.pathKey() });
    router.replace(signInPage);
    router.refresh();
  };
  const signOut = useMutation(
    trpc.portal.signOut.mutationOptions({
      onSuccess: leave,
      onError: (e) => {
        // Already signed out (expired or revoked elsewhere): the outcome is the same.
        if (isSignedOutError(e)) leave();
      },
    }),
  );
  const failed = signOut.isError && !isSignedOutError(signOut.error);
  return (
    <div className="space-y-3">
      {failed && <Alert tone="danger">{te(portalError(signOut.error).key)}</Alert>}
      <Button
        variant="secondary"
        size="lg"
        className="w-full"
        loading={signOut.isPending || signOut.isSuccess}
        onClick={() => signOut.mutate()}
        data-testid="sign-out"
      >
        {signOut.isPending || signOut.isSuccess ? t("signingOut") : t("signOut")}
      </Button>
    </div>
  );
}
