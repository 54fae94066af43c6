"use client";

import { useState } from "react";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { Button } from "@/components/ui/button";

/**
 * Saving a promotion form: the server's field errors go onto the named fields; any other
 * error becomes `formError`, shown above the form.
 */
export function useSaveForm<Name extends string>(
  fields: readonly Name[],
  setError: Parameters<typeof applyFieldErrors<Name>>[2],
) {
  const errors = useErrorMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const save = async (run: () => Promise<void>) => {
    setFormError(null);
    try {
      await run();
    } catch (e) {
      if (!applyFieldErrors(e, fields, setError)) setFormError(errors.describe(e));
    }
  };
  return { formError, save };
}

/** Submit and cancel, both held while the form is saving. */
export function FormButtons({
  submitting,
  submitLabel,
  cancelLabel,
  onCancel,
  testId,
}: {
  submitting: boolean;
  submitLabel: string;
  cancelLabel: string;
  onCancel: () => void;
  /** The submit button's test id. */
  testId: string;
}) {
  return (
    <div className="flex gap-2 sm:col-span-2">
      <Button type="submit" loading={submitting} data-testid={testId}>
        {submitLabel}
      </Button>
      <Button variant="secondary" onClick={onCancel} disabled={submitting}>
        {cancelLabel}
      </Button>
    </div>
  );
}
