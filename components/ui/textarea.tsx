import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses, type Invalid } from "./input";

/** Multi-line text input, styled like Input. */
export function Textarea({ className, ...props }: ComponentProps<"textarea"> & Invalid) {
  return (
    <textarea
      className={cn(controlClasses(props["aria-invalid"]), "min-h-20 py-2", className)}
      {...props}
    />
  );
}
