import type { ReactNode } from "react";
import { cn } from "./cn";

/** What is missing, why, and what to do next. */
export function EmptyState({
  title,
  description,
  action,
  icon,
  className,
  ...rest
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
  "data-testid"?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center",
        className,
      )}
      {...rest}
    >
      {icon && <div className="text-slate-400">{icon}</div>}
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      {description && <div className="max-w-md text-sm text-slate-600">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
