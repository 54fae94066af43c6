"use client";

import { useErrorMessages } from "@/components/forms/use-error-messages";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * The red "archive" button of a product, poster template or material: it asks first, and a
 * refusal from the server shows in the dialog, which stays open. The confirm button's test id
 * is `${testId}-confirm`.
 */
export function ArchiveButton({
  label,
  title,
  description,
  testId,
  onArchive,
}: {
  label: string;
  title: string;
  description: string;
  testId: string;
  onArchive: () => Promise<unknown>;
}) {
  const errors = useErrorMessages();
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          size="sm"
          className="text-red-700 hover:bg-red-50"
          data-testid={testId}
        >
          {label}
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={label}
      confirmTestId={`${testId}-confirm`}
      onConfirm={onArchive}
      describeError={(e) => errors.describe(e)}
    />
  );
}
