import type { ComponentProps } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 " +
  "focus:outline-2 focus:outline-offset-0 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500";

export type Invalid = { "aria-invalid"?: boolean | "true" | "false" };

/** The look text controls share (Input, Select, Textarea); red while `aria-invalid` (Field sets it). */
export function controlClasses(ariaInvalid: Invalid["aria-invalid"]) {
  const invalid = ariaInvalid === true || ariaInvalid === "true";
  return cn(
    CONTROL,
    invalid
      ? "border-red-400 focus:border-red-500 focus:outline-red-200"
      : "border-slate-300 focus:border-brand-500 focus:outline-brand-100",
  );
}

export function Input({ className, ...props }: ComponentProps<"input"> & Invalid) {
  return (
    <input className={cn(controlClasses(props["aria-invalid"]), "h-10", className)} {...props} />
  );
}

export function Select({ className, ...props }: ComponentProps<"select"> & Invalid) {
  return (
    <select
      className={cn(controlClasses(props["aria-invalid"]), "h-10 pr-8", className)}
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
