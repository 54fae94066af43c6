import type { ComponentProps } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 " +
  "focus:outline-2 focus:outline-offset-0 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500";

function stateClasses(invalid: boolean) {
  return invalid
    ? "border-red-400 focus:border-red-500 focus:outline-red-200"
    : "border-slate-300 focus:border-brand-500 focus:outline-brand-100";
}

type Invalid = { "aria-invalid"?: boolean | "true" | "false" };
const isInvalid = (v: Invalid["aria-invalid"]) => v === true || v === "true";

export function Input({ className, ...props }: ComponentProps<"input"> & Invalid) {
  return (
    <input className={cn(CONTROL, "h-10", stateClasses(isInvalid(props["aria-invalid"])), className)} {...props} />
  );
}

export function Select({ className, ...props }: ComponentProps<"select"> & Invalid) {
  return (
    <select
      className={cn(CONTROL, "h-10 pr-8", stateClasses(isInvalid(props["aria-invalid"])), className)}
      {...props}
    />
  );
}

export function Checkbox({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  return (
    <input
      type="checkbox"
      className={cn("size-4 rounded border-slate-300 accent-brand-600", className)}
      {...props}
    />
  );
}
