import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * One part of a settings form (program, enrolment): heading and intro on the left, the fields on
 * the right. Every part after the first is ruled off from the one above.
 */
export function FormSection({
  headingId,
  title,
  intro,
  divided,
  children,
}: {
  headingId: string;
  title: ReactNode;
  intro: ReactNode;
  divided?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      className={cn("grid gap-5", divided && "border-t border-slate-100 pt-8", "lg:grid-cols-[minmax(0,18rem)_1fr]")}
      aria-labelledby={headingId}
    >
      <div>
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{intro}</p>
      </div>
      {children}
    </section>
  );
}

/** A radio button as a bordered card with a title and a line of explanation; `selected` highlights it. */
export function ChoiceCard({
  selected,
  title,
  body,
  ...input
}: { selected: boolean; title: ReactNode; body: ReactNode } & ComponentProps<"input">) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border p-3 has-[:disabled]:cursor-not-allowed",
        selected ? "border-brand-500 bg-brand-50/50" : "border-slate-200 hover:bg-slate-50",
      )}
    >
      <input type="radio" {...input} className="mt-0.5 size-4 accent-brand-600" />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="mt-0.5 block text-sm text-slate-600">{body}</span>
      </span>
    </label>
  );
}
