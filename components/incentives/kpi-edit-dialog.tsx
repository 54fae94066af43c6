"use client";

import { useIsMutating } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Dialog } from "@/components/ui/dialog";
import type { KpiTaskRow } from "@/server/incentives/kpi/tasks";
import { taskToKpiForm } from "./kpi-form-values";
import { KpiTaskForm } from "./kpi-task-form";

/** Edits a task in the creation form, prefilled; saved through kpiTasks.update. */
export function KpiEditDialog({ task, onClose, onSaved }: { task: KpiTaskRow; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("incentives.console.kpi");
  const trpc = useTRPC();
  // The save runs inside the form; while it does, Escape or a click outside must not drop it.
  const busy = useIsMutating({ mutationKey: trpc.kpiTasks.update.mutationKey() }) > 0;
  const initial = useMemo(() => taskToKpiForm(task), [task]);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      size="lg"
      title={t("editTitle", { name: task.name })}
      description={t("salesOnly")}
      data-testid="kpi-edit-dialog"
    >
      <KpiTaskForm
        mode="edit"
        taskId={task.id}
        initial={initial}
        onSaved={async () => {
          await onSaved();
          onClose();
        }}
        onCancel={onClose}
      />
    </Dialog>
  );
}
