import type { ComponentProps } from "react";
import { cn } from "./cn";

type Invalid = { "aria-invalid"?: boolean | "true" | "false" };

/** Multi-line text input, styled like Input. */
export function Textarea({ className, ...props }: ComponentProps<"textarea"> & Invalid) {
  const invalid = props["aria-invalid"] === true || props["aria-invalid"] === "true";
  return (
    <textarea
      className={cn(
        "block min-h-20 w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400",
        "focus:outline-2 focus:outline-offset-0 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500",
        invalid
          ? "border-red-400 focus:border-red-500 focus:outline-red-200"
          : "border-slate-300 focus:border-brand-500 focus:outline-brand-100",
        className,
      )}
      {...props}
    />
  );
}
